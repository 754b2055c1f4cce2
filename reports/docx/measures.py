"""The plan and the progress report as Word documents, from the same snapshot as their PDFs.

Cover, then the measures table (tool and indicator headings as full-width rows) in parts as the
PDF cuts it (reports.documents.parts), each part on a new page; landscape when the PDF is
(the plan's seed 003 layout and every progress layout).  The progress report of seed 004 adds its
per-indicator summaries.  Cells follow templates/reports/pdf/_measure_cell.html.
"""

from __future__ import annotations

from typing import Any

from reports.documents.parts import table_parts
from reports.docx.common import GROUP_FILL, Builder, Cell, Para, Row, cover, lines


def _evidence(row: dict[str, Any]) -> list[Para]:
    """The evidence under a cell (_evidence.html): each link whole on its own line, file names as given."""
    if not row.get("evidence"):
        return []
    paras: list[Para] = [[("หลักฐาน", True)]]
    for item in row["evidence"]:
        paras += [text for text in (item["title"], item["url"]) if text]
        if item["file_name"]:
            paras.append(f"ไฟล์ {item['file_name']}")
    return paras


def _statuses(row: dict[str, Any]) -> list[Para]:
    return [f"{'☑' if s['checked'] else '☐'} {s['label']}" for s in row["statuses"]]


def cell_paras(key: str, row: dict[str, Any]) -> list[Para]:
    """One cell of a measure row, as _measure_cell.html prints it."""
    paras = _cell_paras(key, row)
    if key in ("summary", "summary_status", "result", "progress_status", "progress"):
        paras += _evidence(row)
    return paras


def _cell_paras(key: str, row: dict[str, Any]) -> list[Para]:
    text = {k: lines(str(v)) for k, v in row.items() if isinstance(v, str)}
    simple = ("number_text", "title_plain", "steps", "responsible", "period", "monitoring", "summary", "outcome")
    if key == "number":
        return [text["number_text"]]
    if key == "status":
        return [text["status_label"]]
    if key == "summary_status":
        return [text["summary"], *_statuses(row)]
    if key in simple or key == "result":
        return [text.get(key, "")]
    if key == "title":
        return [f"{text['number_text']}. {text['title']}"]
    if key in ("monitoring_deadline", "monitoring_period"):
        paras: list[Para] = [text["monitoring"]]
        if text.get("period"):
            paras.append(f"ระยะเวลา {text['period']}" if key == "monitoring_deadline" else text["period"])
        return paras
    if key == "key":
        return [[(k["code"], True), (f" {lines(k['text'])}", False)] for k in row["key_lines"]]
    if key == "measure_steps":
        return ([[(text["measure_title"], True)]] if text.get("measure_title") else []) + [text["steps"]]
    if key == "progress_status":
        paras = [text["summary"]]
        if text.get("outcome"):
            paras.append(text["outcome"])
        return [*paras, f"สถานะ: {text['status_label']}"]
    if key == "indicator":
        return [f"{text['indicator']} {text['score_text']}" if text.get("score_text") else text["indicator"]]
    if key == "progress":
        return [text["summary"], *_statuses(row)]
    return [""]


def table_rows(columns: list[dict[str, Any]], part: list[dict[str, Any]]) -> list[Row]:
    rows = []
    for line in part:
        if line["type"] in ("tool", "indicator"):
            fill = GROUP_FILL if line["type"] == "tool" else ""
            rows.append(Row([Cell([line["text"]], span=len(columns))], bold=True, fill=fill, keep_next=True))
        else:
            rows.append(Row([Cell(cell_paras(column["key"], line)) for column in columns]))
    return rows


def _columns(columns: list[dict[str, Any]]) -> list[tuple[str, float]]:
    return [(column["label"], column["width"]) for column in columns]


def _heading(builder: Builder, doc: dict[str, Any]) -> None:
    if doc.get("heading"):
        builder.para(lines(doc["heading"]), bold=True, size=18, align="center", keep_next=True)
        if doc.get("subheading"):
            builder.para(doc["subheading"], align="center", after=8, keep_next=True)
    else:  # version 1 progress snapshots
        head = f"{doc['title']} {doc['fiscal_year_line']} {doc['round_line']}"
        builder.para(head, bold=True, size=18, align="center", keep_next=True)
        sub = f"{doc['agency']['full_name']} {doc['place_line']} ({doc['period_line']})"
        builder.para(sub, align="center", after=8, keep_next=True)
    for para in (doc.get("intro") or "").splitlines():
        if para.strip():
            builder.para(para, first_indent=2.5, after=6)


def build(doc: dict[str, Any], *, landscape: bool) -> bytes:
    builder = Builder(title=f"{doc['title']} {doc['fiscal_year_line']} {doc['agency']['full_name']}")
    cover(builder, doc)
    parts = table_parts(list(doc["lines"]))
    for number, part in enumerate(parts):
        builder.new_page(landscape=landscape)
        if number == 0:
            _heading(builder, doc)
        builder.table(_columns(doc["columns"]), table_rows(doc["columns"], part))
        if number == len(parts) - 1:
            for group in doc.get("followups", []):
                builder.heading(group["heading"])
                columns = doc["followup_columns"]
                rows = [Row([Cell(cell_paras(c["key"], row)) for c in columns]) for row in group["rows"]]
                builder.table(_columns(columns), rows)
            _tail(builder, doc)
    return builder.to_bytes()


def _tail(builder: Builder, doc: dict[str, Any]) -> None:
    """The status summary and the signatory lines after the last table (_report_tail.html)."""
    summary = doc.get("status_summary")
    if summary:
        builder.heading(summary["heading"])
        rows = [Row([Cell([item["label"]]), Cell([item["count_text"]])]) for item in summary["items"]]
        rows.append(Row([Cell(["รวม"]), Cell([summary["total_text"]])], bold=True))
        builder.table([("สถานะ", 2), ("จำนวน", 1)], rows, header=False, width_cm=9)
    for person in doc.get("signatories", []):
        builder.para("(ลงชื่อ) ........................................", align="center", before=18)
        builder.para(person["name"], align="center")
        for line in person["lines"]:
            builder.para(line, align="center")
