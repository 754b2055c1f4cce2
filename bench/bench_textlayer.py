"""Render time of a 20-row Thai table with and without reports.pdf.textlayer
(run by hand: .venv/bin/python bench/bench_textlayer.py [rows] [runs]).

Each variant runs in its own process (the patch cannot be removed once applied): one warm-up
render, then `runs` timed renders of HTML(...).write_pdf() with a fresh FontConfiguration.
Prints the median, min and max per variant, the PDF size and the ratio patched / stock.
"""

from __future__ import annotations

import html
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CELLS = (
    "ขอรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
    "กำกับติดตามอย่างสม่ำเสมอ ไม่ต่ำกว่าเกณฑ์ ผู้นำทำคำสั่ง น้ำประปา ฝ้าย ฟ้า ป่า ปัญญา ฐานข้อมูล",
    "สำนักปลัด องค์การบริหารส่วนตำบลทุ่งโพธิ์",
    "๑ ตุลาคม ๒๕๖๕ – ๓๐ กันยายน ๒๕๖๖",
    "ดำเนินการแล้วเสร็จ",
)


def document(rows: int) -> str:
    from reports.pdf.fonts import font_face_css

    body = "".join(
        f"<tr><td>{n}</td>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in CELLS) + "</tr>"
        for n in range(1, rows + 1)
    )
    return (
        f'<html lang="th"><head><meta charset="utf-8"><style>{font_face_css()}\n'
        "@page { size: A4 landscape; margin: 15mm; }\n"
        'body { font-family: "TH SarabunPSK"; font-size: 16pt; } th { font-weight: 700; }\n'
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; }\n"
        "td, th { border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; }</style></head>"
        "<body><table><thead><tr><th>ลำดับ</th><th>มาตรการ</th><th>วิธีดำเนินการ</th><th>ผู้รับผิดชอบ</th>"
        f"<th>ระยะเวลา</th><th>ผลการดำเนินการ</th></tr></thead><tbody>{body}</tbody></table></body></html>"
    )


def child(patched: bool, rows: int, runs: int) -> None:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if patched:
        from reports.pdf import textlayer

        textlayer.apply()
    source = document(rows)
    HTML(string=source).write_pdf(font_config=FontConfiguration())  # warm-up
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(HTML(string=source).write_pdf(font_config=FontConfiguration()))
        times.append(time.perf_counter() - start)
    print(json.dumps({"times": times, "size": size}))


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    medians = {}
    for name, patched in (("stock", False), ("patched", True)):
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(int(patched)), str(rows), str(runs)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        times = result["times"]
        medians[name] = statistics.median(times)
        print(
            f"{name:8} {rows} rows: median {medians[name]:.3f} s (min {min(times):.3f}, max {max(times):.3f}), "
            f"PDF {result['size']} bytes"
        )
    print(f"patched / stock: {medians['patched'] / medians['stock']:.3f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2] == "1", int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
