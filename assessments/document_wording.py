"""The agency's own wording of its reports: the cover's "จัดทำโดย" lines, the reports' titles, the status
summary's heading and the signatory lines under a report.

`Agency.document_wording` keeps only what the agency changed; `wording_for(agency)` gives every text,
the portal's own where the agency kept it.  Each document copies the texts into its snapshot when it is
requested, so an older document keeps the wording it was made with.  Typed texts are kept as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from assessments.models import Agency

# The portal's wording (reports/documents/*.py take their titles from here).  A title is typed one
# cover line a line; the table page's heading joins the lines (Thai puts no space between them).
PROGRESS_TITLE_LINES = ["รายงานผลการดำเนินการ", "เพื่อส่งเสริมคุณธรรมและความโปร่งใส", "ภายในหน่วยงาน"]
PLAN_TITLE_LINES = ["มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "ภายในหน่วยงาน"]
SUMMARY_HEADING = "สรุปสถานะการดำเนินการตามมาตรการ"
MAX_LENGTH = 1000
MAX_LINES = 12


@dataclass(frozen=True)
class WordingField:
    key: str
    label: str
    help_text: str
    default: str  # "" when the portal's text is worked out from the agency (จัดทำโดย) or there is none


FIELDS = [
    WordingField(
        "prepared_by",
        "จัดทำโดย (บนปกรายงาน)",
        "หนึ่งบรรทัดต่อหนึ่งบรรทัดบนปก เช่น สำนักปลัด (งานนิติกร) แล้วชื่อหน่วยงาน เว้นว่างเพื่อใช้ส่วนราชการของผู้ประสานงานและชื่อหน่วยงาน",
        "",
    ),
    WordingField(
        "progress_title",
        "ชื่อรายงานผลการดำเนินการ",
        "บรรทัดละหนึ่งบรรทัดบนปก หัวตารางจะต่อบรรทัดเข้าด้วยกัน เว้นว่างเพื่อใช้ชื่อตามรูปแบบที่เลือก",
        "\n".join(PROGRESS_TITLE_LINES),
    ),
    WordingField(
        "plan_title",
        "ชื่อแผนมาตรการ",
        "บรรทัดละหนึ่งบรรทัดบนปก ชื่อแผนที่พิมพ์ไว้ในหน้าแผนมาตรการยังใช้เป็นหัวตารางเช่นเดิม",
        "\n".join(PLAN_TITLE_LINES),
    ),
    WordingField(
        "summary_heading",
        "หัวข้อสรุปสถานะท้ายตาราง (รายงานผลการดำเนินการ)",
        "พิมพ์เหนือจำนวนมาตรการที่ดำเนินการแล้วเสร็จ อยู่ระหว่างดำเนินการ และยังไม่ได้ดำเนินการ",
        SUMMARY_HEADING,
    ),
    WordingField(
        "signatories",
        "ผู้ลงนามท้ายรายงาน",
        "หนึ่งคนต่อหนึ่งช่วง เว้นบรรทัดว่างระหว่างคน บรรทัดแรกเป็นชื่อ บรรทัดต่อไปเป็นตำแหน่ง "
        "เช่น “นายบัญชา เพชรอนันต์” ขึ้นบรรทัดใหม่ “นิติกรชำนาญการ” เว้นว่างหากไม่ต้องการให้มีที่ลงนาม",
        "",
    ),
]
KEYS = [field.key for field in FIELDS]
DEFAULTS = {field.key: field.default for field in FIELDS}


def _normalised(text: str) -> str:
    """Lines stripped, runs of blank lines kept as one (they separate signatories), no blank ends."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = " ".join(line.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n")


def clean_wording(values: dict[str, str]) -> dict[str, str]:
    """What to keep on the agency: the known texts that differ from the portal's, tidied.

    A ValidationError (by field, in Thai) for a text too long to print.
    """
    kept: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key in KEYS:
        text = _normalised(values.get(key) or "")
        if len(text) > MAX_LENGTH or text.count("\n") >= MAX_LINES * 3:
            errors[key] = "ข้อความยาวเกินกว่าที่จะพิมพ์ในเอกสารได้ กรุณาพิมพ์ให้สั้นลง"
        elif text and text != DEFAULTS[key]:
            kept[key] = text
    if errors:
        raise ValidationError(errors)
    return kept


def form_initial(agency: Agency) -> dict[str, str]:
    """What the settings form shows: the agency's texts, else the portal's."""
    stored = agency.document_wording or {}
    return {key: stored.get(key) or DEFAULTS[key] for key in KEYS}


def _signatories(text: str) -> list[dict[str, Any]]:
    """ "name\\nposition\\n\\nname\\nposition" → [{"name": "(name)", "lines": ["position"]}, …]."""
    people = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines:
            name = lines[0].strip()
            if not (name.startswith("(") and name.endswith(")")):
                name = f"({name})"
            people.append({"name": name, "lines": lines[1:]})
    return people


def wording_for(agency: Agency) -> dict[str, Any]:
    """The agency's texts for a snapshot: each key the agency changed as typed (lists of lines), absent otherwise.

    The documents fall back to their own wording (which may depend on the layout) for absent keys;
    `signatories` is always there (a list, empty when none).
    """
    stored = {key: value for key, value in (agency.document_wording or {}).items() if key in KEYS and value}
    result: dict[str, Any] = {}
    for key in ("prepared_by", "progress_title", "plan_title"):
        if key in stored:
            result[key] = [line for line in stored[key].split("\n") if line.strip()]
    if "summary_heading" in stored:
        result["summary_heading"] = " ".join(stored["summary_heading"].split("\n"))
    result["signatories"] = _signatories(stored.get("signatories", ""))
    return result
