"""The memo (บันทึกข้อความ) as a Word document, from the snapshot of its PDF (reports.memos.final.memo_snapshot).

As templates/reports/pdf/memo.html, with the official sizes in TH SarabunPSK points (memo-format
§1.4): "บันทึกข้อความ" bold 29 pt centred on the page beside the 1.5 cm Garuda, labels bold 20 pt,
values and body 16 pt; values on dotted lines; ที่ and วันที่ on one line; 2.5 cm first-line
indents and 6 pt before paragraphs; signature blocks centred on the PDF's axis; each approval
block kept on one page.  One difference: Word has one top margin per section, so page 1 keeps
1.5 cm (the Garuda's place) and the "- ๒ -" of later pages sits in the header above the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from reports.docx.common import MARGINS, Builder, add_run
from reports.memos import pdf as memo_pdf

TITLE_PT = memo_pdf.TITLE_PT
LABEL_PT = memo_pdf.LABEL_PT
BODY_PT = memo_pdf.BODY_PT
ESIGN_PT = memo_pdf.ESIGN_PT
TEXT_WIDTH_CM = memo_pdf.TEXT_RIGHT_CM - memo_pdf.TEXT_LEFT_CM
PAGE_CENTRE_CM = 21.0 / 2 - memo_pdf.TEXT_LEFT_CM  # the title's centre, from the text's left edge


def _dotted(run) -> None:
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "dotted")
    run._r.get_or_add_rPr().append(underline)


def _field(paragraph, label: str, value: str) -> None:
    add_run(paragraph, label, bold=True, size=LABEL_PT)
    add_run(paragraph, " ")
    _dotted(add_run(paragraph, value))


def _garuda(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None  # data: URIs are not written by memo_snapshot; nothing else is accepted
    path = Path(unquote(urlparse(uri).path))
    return path if path.is_file() else None


def _header(builder: Builder, memo: dict[str, Any]) -> None:
    title = builder.para("", after=3)
    title.paragraph_format.tab_stops.add_tab_stop(Cm(PAGE_CENTRE_CM), WD_TAB_ALIGNMENT.CENTER)
    garuda = _garuda(memo["garuda_uri"])
    if garuda:
        title.add_run().add_picture(str(garuda), height=Cm(1.5))
    add_run(title, "\t")
    add_run(title, "บันทึกข้อความ", bold=True, size=TITLE_PT)

    division = memo["division"] + (f" โทร. {memo['phone']}" if memo["phone"] else "")
    _field(builder.para(""), "ส่วนราชการ", division)
    pair = builder.para("")
    pair.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM / 2))
    _field(pair, "ที่", memo["number"] or memo_pdf.SHORT_DOTS)
    add_run(pair, "\t")
    _field(pair, "วันที่", memo["date_text"] or memo_pdf.SHORT_DOTS)
    _field(builder.para("", before=6), "เรื่อง", memo["subject"])
    builder.para(f"เรียน {memo['to']}", before=6)
    attachments = memo["attachments"]
    for number, item in enumerate(attachments):
        text = f"{item['number']}. {item['title']}" if len(attachments) > 1 else item["title"]
        label = "สิ่งที่ส่งมาด้วย\t" if number == 0 else "\t"
        paragraph = builder.para(label + text, before=6 if number == 0 else 0, left_indent=3.0)
        paragraph.paragraph_format.first_line_indent = Cm(-3.0)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(3.0))


def _sign(builder: Builder, person: dict[str, Any], *, before: float, step: bool) -> None:
    """The signature block, centred on the PDF's axis (reports.memos.pdf.SIGN_AXIS_CM)."""
    box = memo_pdf.sign_box()
    left = float(box["left"].removesuffix("cm"))
    right = TEXT_WIDTH_CM - left - float(box["width"].removesuffix("cm"))

    def line(content: str = "", *, size: float | None = None, first: bool = False):
        paragraph = builder.para(content, size=size, align="center", left_indent=left, before=before if first else 0)
        paragraph.paragraph_format.right_indent = Cm(right)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
        return paragraph

    signature = line(first=True)
    add_run(signature, "ลงชื่อ ")
    if person["esign"]:
        add_run(signature, person["name"], italic=True)
    else:
        add_run(signature, memo_pdf.DOTS)
    esign = person["esign"]
    if esign:
        text = f"ลงนามอิเล็กทรอนิกส์ วันที่ {esign['date_text']} เวลา {esign['time_text']} เลขอ้างอิง {esign['reference']}"
        if step and esign.get("second_factor"):
            text += " ยืนยันตัวตนสองขั้นตอน"
        line(text, size=ESIGN_PT)
    line(f"({person['name'] or memo_pdf.SHORT_DOTS})")
    if step and person.get("acting"):
        line(f"{person['acting']['title']} {person['acting']['kind']}")
    last = line(person["position"])
    if step:
        last = line(f"วันที่ {person['date_text'] or memo_pdf.SHORT_DOTS}")
    last.paragraph_format.keep_with_next = False


def _blank_line(builder: Builder) -> None:
    """A dotted line for a handwritten comment (no text)."""
    paragraph = builder.para("", left_indent=2.5)
    paragraph.paragraph_format.keep_with_next = True
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "dotted"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def build(snapshot: dict[str, Any]) -> bytes:
    memo = memo_pdf.memo_context(snapshot)
    margins = {**MARGINS, "top": 1.5}
    builder = Builder(margins=margins, title=f"บันทึกข้อความ เรื่อง {memo['subject']}")
    builder.document.sections[0].header_distance = Cm(0.8)
    _header(builder, memo)
    for section in memo["sections"]:
        builder.para(f"{section['number']}. {section['heading']}", bold=True, before=6, keep_next=True)
        for para in section["paragraphs"]:
            builder.para(para, first_indent=2.5, before=6)
    _sign(builder, memo["requester"], before=26, step=False)
    for step in memo["steps"]:
        builder.para(step["heading"], bold=True, before=16, keep_next=True)
        if step["decision"]:
            builder.para(step["decision"], bold=True, first_indent=2.5, before=2, keep_next=True)
        for para in step["comment"]:
            builder.para(para, first_indent=2.5, before=2, keep_next=True)
        if not step["decision"] and not step["comment"]:
            _blank_line(builder)
            _blank_line(builder)
        _sign(builder, step, before=14, step=True)
    return builder.to_bytes()
