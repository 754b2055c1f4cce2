"""The pre-filled wording of a memo, by the kind of document it carries (seed 000's four sections).

Everything here is a first draft the coordinator edits before submitting.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from assessments.models import Agency
from ita_portal import thai
from reports.models import GeneratedDocument

BACKGROUND = (
    "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้กำหนดให้หน่วยงานภาครัฐ"
    "เข้าร่วมการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity and Transparency "
    "Assessment : ITA) ประจำปีงบประมาณ พ.ศ. {year}"
)
RULES = (
    "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. {year} "
    "แบบวัดการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment : OIT)"
)
PROPOSAL = "จึงเรียนมาเพื่อโปรดพิจารณา หากเห็นชอบ โปรดลงนามในบันทึกข้อความฉบับนี้ และอนุญาตให้เผยแพร่บนเว็บไซต์ของหน่วยงาน"

# kind → (subject, what the facts paragraph says was prepared)
BY_KIND = {
    "analysis": (
        "ขอรายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
        "รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
    ),
    "plan": ("ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
    "progress": (
        "ขอรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ),
}


def enclosure_title(document: GeneratedDocument) -> str:
    """How the memo prints an enclosure: 'รายงานผล… ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ (รอบ ๑๒ เดือน)'.

    The portal's version number ("ฉบับที่ ๒") is internal: the approvers never saw version 1.
    """
    subject = BY_KIND.get(document.kind, ("", document.kind))[1]
    text = f"{subject} ประจำปีงบประมาณ พ.ศ. {thai.thai_digits(document.fiscal_year)}"
    if document.round:
        text += f" (รอบ {thai.thai_digits(document.round)} เดือน)"
    return text


def document_label(document: GeneratedDocument) -> str:
    """How the portal names a document to pick: the enclosure title and 'ฉบับที่ ๒'."""
    return f"{enclosure_title(document)} ฉบับที่ {thai.thai_digits(document.version)}"


def enclosures_text(documents: list[GeneratedDocument]) -> str:
    """The default of the memo's editable "สิ่งที่ส่งมาด้วย": one document's title a line."""
    return "\n".join(enclosure_title(d) for d in documents)


def memo_wording(agency: Agency, documents: list[GeneratedDocument]) -> dict[str, Any]:
    """subject and the four sections for a memo carrying `documents` (the first one sets the subject)."""
    first = documents[0] if documents else None
    year = thai.thai_digits(first.fiscal_year) if first else thai.thai_digits(thai.fiscal_year(timezone.localdate()))
    subject, _ = BY_KIND.get(first.kind, BY_KIND["progress"]) if first else BY_KIND["progress"]
    if first is not None:
        subject = f"{subject} ประจำปีงบประมาณ พ.ศ. {year}"
        if first.round:
            subject += f" (รอบ {thai.thai_digits(first.round)} เดือน)"
    prepared = " และ".join(enclosure_title(d) for d in documents) or "เอกสารตามรายละเอียดแนบท้าย"
    facts = (
        f"{agency.full_name} ได้จัดทำ{prepared} เรียบร้อยแล้ว "
        "เพื่อเผยแพร่เป็นข้อมูลตามแบบวัดการเปิดเผยข้อมูลสาธารณะ (ตามรายละเอียดแนบท้าย)"
    )
    return {
        "subject": subject,
        "background": BACKGROUND.format(year=year),
        "facts": facts,
        "rules": RULES.format(year=year),
        "proposal": PROPOSAL,
        "enclosures": enclosures_text(documents),
    }
