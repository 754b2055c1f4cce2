"""The analysis report (kind "analysis") as a Word document, section by section as
templates/reports/pdf/analysis.html prints it, from the same snapshot."""

from __future__ import annotations

import io
from typing import Any

from docx.shared import Cm

from ita_portal import thai
from reports.docx import charts
from reports.docx.common import GROUP_FILL, TABLE_PT, Builder, Cell, Row, cover, lines

UNCONFIRMED = " (เกณฑ์ยังไม่ยืนยัน)"


def _h2(builder: Builder, text: str) -> None:
    builder.heading(text, before=12)


def _h3(builder: Builder, text: str) -> None:
    builder.heading(text, before=8)


def _para(builder: Builder, text: str) -> None:
    builder.para(text, first_indent=1.5, after=6)


def _note(builder: Builder, text: str) -> None:
    builder.para(text, size=TABLE_PT, before=3, after=6)


def _num(text: str) -> Cell:
    return Cell([text], align="right")


def _center(text: str) -> Cell:
    return Cell([text], align="center")


def _compare_columns(doc: dict[str, Any], first: str, widths: tuple[list[float], list[float]]) -> list:
    labels = [first, *(["เครื่องมือ", "คะแนน", "ผลการวิเคราะห์"] if first == "ตัวชี้วัด" else ["น้ำหนัก", "คะแนน", "ระดับ"])]
    if doc.get("previous_year_text"):
        return list(zip([*labels, f"เทียบกับปี {doc['previous_year_text']}"], widths[0], strict=True))
    return list(zip(labels, widths[1], strict=True))


def _scores(builder: Builder, doc: dict[str, Any]) -> None:
    """๒.๑ and ๒.๒: the tools and the indicators."""
    compare = bool(doc.get("previous_year_text"))
    _h3(builder, "๒.๑ คะแนนรายเครื่องมือและคะแนนรวม")
    rows = []
    for tool in doc["tools"]:
        cells = [Cell([f"{tool['name']} ({tool['code']})"]), _num(tool["weight_text"]), _num(tool["score_text"])]
        cells.append(_center(tool["grade"]))
        rows.append(Row(cells + ([_num(tool["change_text"])] if compare else [])))
    total = "คะแนนรวม (ถ่วงน้ำหนัก)" + (" ตามที่ประกาศ" if doc.get("total_reported") else "")
    cells = [Cell([total]), _num("ร้อยละ ๑๐๐"), _num(doc["total_text"]), _center(doc.get("grade") or "–")]
    rows.append(Row(cells + ([_num(doc["total_change_text"])] if compare else []), bold=True, fill=GROUP_FILL))
    builder.table(_compare_columns(doc, "เครื่องมือการประเมิน", ([40, 14, 14, 12, 20], [50, 17, 17, 16])), rows)
    year = thai.thai_digits(doc["fiscal_year"])
    if doc.get("rating_rules_text"):
        unconfirmed = "" if doc.get("rating_confirmed") else UNCONFIRMED
        rules = f"เกณฑ์ระดับผลการประเมินของ ป.ป.ช. ปี {year}{unconfirmed}: {doc['rating_rules_text']}"
        _note(builder, f"{rules} · เกณฑ์ผ่าน {doc['pass_mark_text']} คะแนน")
    else:  # version 1 snapshots
        bands = doc.get("grade_bands_text", "")
        _note(builder, f"เกณฑ์ระดับผลการประเมิน: {bands} คะแนน · เกณฑ์ผ่าน {doc['pass_mark_text']} คะแนน")
    if doc.get("notes"):
        _note(builder, "หมายเหตุ")
        builder.bullets(doc["notes"], size=TABLE_PT)

    _h3(builder, "๒.๒ คะแนนรายตัวชี้วัด")
    rows = []
    for row in doc["indicators"]:
        cells = [Cell([f"{row['number_text']}. {row['name']}"]), _center(row["tool"]), _num(row["score_text"])]
        cells.append(_center(row["status_label"]))
        cells += [_num(row["change_text"])] if compare else []
        rows.append(Row(cells, bold=row.get("status") == "weakness"))
    builder.table(_compare_columns(doc, "ตัวชี้วัด", ([44, 12, 12, 16, 16], [50, 14, 14, 22])), rows)
    _para(builder, doc["ranking"])
    if doc.get("conclusion"):
        _para(builder, doc["conclusion"])


def _chart(builder: Builder, svg: str, width_cm: float, caption: str) -> None:
    drawn = charts.svg_png(svg, width_cm=width_cm) if svg else None
    if drawn:
        picture = builder.para("", align="center", before=6, keep_next=True)
        picture.add_run().add_picture(io.BytesIO(drawn[0]), width=Cm(width_cm))
    builder.para(caption, size=TABLE_PT, align="center", after=10)


def _analysis(builder: Builder, doc: dict[str, Any]) -> None:
    """๓: strengths and weaknesses."""
    pass_mark = doc["pass_mark_text"]
    _h2(builder, "๓. การวิเคราะห์ข้อมูล")
    _para(
        builder,
        f"จากผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{doc['agency']['full_name']} {doc['fiscal_year_line']} "
        "มีผลการวิเคราะห์ข้อมูลในแต่ละตัวชี้วัดที่แสดงให้เห็นถึงจุดแข็งและจุดที่ต้องพัฒนา ดังนี้",
    )
    groups = (
        ("strengths", f"๓.๑ จุดแข็ง (ตัวชี้วัดที่ได้คะแนนตั้งแต่ร้อยละ {pass_mark} ขึ้นไป) จำนวน {doc['strength_count_text']}"),
        (
            "weaknesses",
            f"๓.๒ จุดที่ต้องปรับปรุงพัฒนา (ตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ {pass_mark}) จำนวน {doc['weakness_count_text']}",
        ),
    )
    empty = {
        "strengths": f"ไม่มีตัวชี้วัดที่ได้คะแนนตั้งแต่ร้อยละ {pass_mark} ขึ้นไป",
        "weaknesses": f"ไม่มีตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ {pass_mark}",
    }
    for key, head in groups:
        _h3(builder, f"{head} ตัวชี้วัด{' คือ' if doc[key] else ''}")
        for number, para in enumerate(doc[key], start=1):
            _para(builder, f"({thai.thai_digits(number)}) {para}")
        if not doc[key]:
            _para(builder, empty[key])
    if doc.get("missing"):
        _note(builder, "ไม่มีคะแนนของ" + "".join(f" {label}" for label in doc["missing"]) + " ในระบบ จึงไม่ได้นำมาวิเคราะห์")


def _recommendations(builder: Builder, doc: dict[str, Any]) -> None:
    _h2(builder, "๔. ข้อเสนอแนะจากผลการประเมิน")
    for number, group in enumerate(doc["recommendations"], start=1):
        _para(builder, f"๔.{thai.thai_digits(number)} {group['paragraph']}")
        rows = [
            Row(
                [
                    Cell([row["indicator"], f"({row['status_label']})"]),
                    _num(row["score_text"]),
                    Cell([f"- {line}" for line in row["lines"]]),
                ]
            )
            for row in group["rows"]
        ]
        builder.table([("ตัวชี้วัด", 35), ("คะแนน", 12), ("ประเด็นที่ควรพัฒนา", 53)], rows)


def _item_row(row: dict[str, Any], columns: int) -> Row:
    if row["type"] == "group":
        return Row([Cell([row["text"]], span=columns)], keep_next=True)
    if row["type"] != "item":
        fill = "E0E0E0" if row["type"] == "indicator" else "F0F0F0"
        return Row(
            [Cell([row["text"]], span=columns - 1), _num(row["score_text"])], bold=True, fill=fill, keep_next=True
        )
    comment: list = [lines(row["comment"])] if row.get("comment") else []
    if row.get("decision"):
        date = f" ({row['decision_date_text']})" if row.get("decision_date_text") else ""
        comment.append([(f"ผลการพิจารณาคำชี้แจง{date}:", True), (f" {lines(row['decision'])}", False)])
    if row.get("missing"):
        comment.append("ไม่มีผลการตรวจข้อนี้ในระบบ")
    return Row(
        [
            Cell([[(row["code_text"], True)]], align="center"),
            Cell([row["name"]]),
            Cell(comment),
            _num(row["score_text"]),
        ],
        fill="FBEAE5" if row.get("zero") else "",
    )


def _items(builder: Builder, doc: dict[str, Any]) -> None:
    _h2(builder, "๕. ผลการตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) รายข้อ")
    if not doc.get("items"):
        _para(builder, "ไม่มีผลการตรวจรายข้อ (OIT) ของปีนี้ในระบบ คะแนนตัวชี้วัดการเปิดเผยข้อมูลสาธารณะใช้ตามที่ประกาศ")
        return
    _para(builder, doc["items"]["intro"])
    columns = [(col["label"], col["width"]) for col in doc["item_columns"]]
    builder.table(columns, [_item_row(row, len(columns)) for row in doc["items"]["rows"]])


def _guidance(builder: Builder, doc: dict[str, Any]) -> None:
    _h2(builder, "๖. แนวทางการดำเนินงานเพื่อยกระดับผลการประเมิน")
    fixes = doc.get("fixes")
    if fixes:
        _h3(builder, f"๖.๑ ข้อที่ไม่ได้คะแนน จำนวน {fixes['count_text']} ข้อ เรียงตามคะแนนที่จะเพิ่มขึ้นเมื่อแก้ไข")
        columns = [
            ("ลำดับ", 8),
            ("ข้อ", 9),
            ("ประเด็นการตรวจ", 43),
            ("ตัวชี้วัดย่อย", 12),
            ("คะแนน OIT ที่เพิ่มขึ้น", 14),
            ("คะแนนรวมที่เพิ่มขึ้น", 14),
        ]
        rows = [
            Row(
                [
                    _center(row["rank_text"]),
                    _center(row["code_text"]),
                    Cell([row["name"]]),
                    _center(row["sub_text"]),
                    _num(row["tool_gain_text"]),
                    _num(row["total_gain_text"]),
                ]
            )
            for row in fixes["rows"]
        ]
        builder.table(columns, rows)
        if fixes.get("summary"):
            _para(builder, fixes["summary"])
        _h3(builder, "๖.๒ แนวทางการดำเนินงาน")
    for topic in doc["guidance"]:
        builder.para(f"{topic['number_text']}. {topic['title']}", bold=True, before=6, after=2, keep_next=True)
        builder.bullets(topic["points"])


def build(doc: dict[str, Any]) -> bytes:
    builder = Builder(title=f"{doc['title']} {doc['fiscal_year_line']} {doc['agency']['full_name']}")
    cover(builder, doc)
    builder.new_page()
    builder.para(doc["title"], bold=True, size=18, align="center", keep_next=True)
    builder.para(
        f"{doc['agency']['full_name']} {doc['place_line']}\n{doc['fiscal_year_line']}", bold=True, align="center"
    )
    builder.para("", after=6)
    _h2(builder, "๑. ความเป็นมา")
    for para in doc["background"]:
        _para(builder, para)
    _h2(builder, f"๒. ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{doc['agency']['full_name']}")
    _para(builder, doc["overall"] + (f" {doc['overall_change']}" if doc.get("overall_change") else ""))
    if doc.get("version", 1) < 2 and doc.get("rating_reason"):
        unconfirmed = "" if doc.get("rating_confirmed") else UNCONFIRMED
        _para(builder, f"ระดับ {doc['grade']}: {doc['rating_reason']}{unconfirmed}")
    _scores(builder, doc)
    _h3(builder, "๒.๓ แผนภูมิแสดงผลการประเมิน")
    pass_mark = doc["pass_mark_text"]
    _chart(builder, doc.get("tool_chart", ""), 9, f"แผนภูมิที่ ๑ คะแนนรายเครื่องมือ เทียบกับเกณฑ์ {pass_mark} คะแนน")
    width = builder.text_width_cm
    _chart(builder, doc.get("indicator_chart", ""), width, f"แผนภูมิที่ ๒ คะแนนรายตัวชี้วัด เทียบกับเกณฑ์ {pass_mark} คะแนน")
    _analysis(builder, doc)
    _recommendations(builder, doc)
    _items(builder, doc)
    _guidance(builder, doc)
    return builder.to_bytes()
