"""The OIT readiness report (kind "oit") as a Word document, as templates/reports/pdf/oit.html prints it."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ita_portal import thai
from reports.docx.common import TABLE_PT, Builder, Cell, Row, add_run, cover, shade

# The stacked bar's colours, as the PDF's (.s-<status>).
FILLS = {"not_started": "D9D9D9", "drafting": "F2C94C", "review": "8AB4F8", "fix": "E8836B", "ready": "4CAF6E"}
COST_FILL = "C2410C"


def _key(paragraph, fill: str) -> None:
    """A small coloured square before a legend label: shaded spaces, no text."""
    run = add_run(paragraph, "\u00a0\u00a0\u00a0", size=TABLE_PT)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    run._r.get_or_add_rPr().append(shading)


def _readiness(builder: Builder, doc: dict[str, Any]) -> None:
    builder.heading(f"๒. ความพร้อมรายข้อ (พร้อมส่งและลิงก์ผ่านการตรวจ {doc['ready_text']} จาก {doc['count_text']} ข้อ)")
    shown = [s for s in doc["statuses"] if s["count"]]
    if shown:
        bar = Row([Cell([""]) for _ in shown], fills=[FILLS.get(s["key"], "D9D9D9") for s in shown])
        builder.table([("", s["percent"]) for s in shown], [bar], header=False)
    legend = builder.para("", size=TABLE_PT, after=6)
    for status in doc["statuses"]:
        _key(legend, FILLS.get(status["key"], "D9D9D9"))
        add_run(legend, f" {status['label']} {status['count_text']}  ", size=TABLE_PT)
    columns = [("ส่วนราชการ", 30)] + [(s["label"], 70 / len(doc["statuses"])) for s in doc["statuses"]]
    rows = [Row([Cell([d["name"]])] + [Cell([c], align="right") for c in d["counts"]]) for d in doc["departments"]]
    builder.table(columns, rows)


def _costs(builder: Builder, doc: dict[str, Any]) -> None:
    builder.heading("๔. ข้อที่ยังไม่พร้อมและคะแนนที่เสีย")
    if not doc["costs"]:
        builder.para("ทุกข้อพร้อมส่งและลิงก์ผ่านการตรวจแล้ว", first_indent=1.5)
        return
    columns = [("ข้อ", 38), ("เหตุที่ยังไม่นับ", 22), ("คะแนน OIT ที่เสีย", 11), ("คะแนนรวมที่เสีย", 11), ("แผนภูมิ", 18)]
    rows = [
        Row(
            [
                Cell([f"ข้อ {c['code']} {c['name']}"]),
                Cell([c["reason"]]),
                Cell([c["oit_text"]], align="right"),
                Cell([c["total_text"]], align="right"),
                Cell([""]),
            ]
        )
        for c in doc["costs"]
    ]
    table = builder.table(columns, rows)
    width = builder.text_width_cm * 0.18 - 0.4
    for row, cost in zip(table.rows[1:], doc["costs"], strict=True):
        share = max(1.0, min(99.0, float(cost["bar"])))
        inner = Builder.nested_table(row.cells[-1], [share, 100 - share], width_cm=width)
        shade(inner.rows[0].cells[0], COST_FILL)


def build(doc: dict[str, Any]) -> bytes:
    builder = Builder(title=f"{doc['title']} {doc['fiscal_year_line']} {doc['agency']['full_name']}")
    cover(builder, doc)
    builder.new_page()
    builder.para(doc["title"], bold=True, size=18, align="center", keep_next=True)
    sub = f"{doc['agency']['full_name']} {doc['place_line']}\n{doc['fiscal_year_line']} · {doc['period_line']}"
    builder.para(sub, bold=True, align="center", after=10)

    builder.heading("๑. คะแนนที่คาดการณ์หากส่งในวันนี้")
    scores = [
        ("คะแนน OIT", doc["predicted_oit_text"]),
        ("คะแนนรวม ITA", doc["predicted_total_text"]),
        ("ระดับ", doc.get("rating_label") or "–"),
    ]
    cells = [Cell([[(label, False)], [(value, True)]]) for label, value in scores]
    builder.table([("", 1)] * 3, [Row(cells)], header=False, borders=False, width_cm=builder.text_width_cm * 0.6)
    if doc.get("rating_label"):
        unconfirmed = "" if doc.get("rating_confirmed") else " (เกณฑ์ยังไม่ยืนยัน)"
        builder.para(f"ระดับ {doc['rating_label']}: {doc['rating_reason']}{unconfirmed}", first_indent=1.5, after=6)
    builder.para(
        "ข้อที่ “พร้อมส่ง” ตอบ “มี” และทุกลิงก์ผ่านการตรวจลิงก์ นับ ๑๐๐ คะแนน ข้ออื่นนับ ๐ "
        f"แล้วเฉลี่ยตามตัวชี้วัดย่อยและตัวชี้วัดของ{doc['framework_name']} · {doc['survey_line']}",
        size=TABLE_PT,
        after=6,
    )
    _readiness(builder, doc)

    builder.heading("๓. ข้อที่ต้องติดตาม")
    for group in doc["attention"]:
        count = thai.thai_digits(len(group["items"]))
        builder.para(f"{group['title']} ({count} ข้อ)", bold=True, before=6, after=2, keep_next=True)
        if group["items"]:
            builder.bullets([f"ข้อ {i['code']} {i['name']}" for i in group["items"]])
        else:
            builder.para("ไม่มี", size=TABLE_PT, after=6)
    _costs(builder, doc)
    return builder.to_bytes()
