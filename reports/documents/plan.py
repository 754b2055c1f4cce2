"""The measures plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน), as in seeds 001 §6 and 003.

No reporting round: it prints what the agency means to do, who does it, how it is followed up
and by when.  Like the progress report, the snapshot holds the typed texts as stored and the
generated strings (numbers, years, item codes) in Thai digits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import document_wording
from assessments.models import Agency
from measures.models import PLAN_TITLE
from measures.selectors import plan_measures
from reports.documents import common
from reports.documents.base import DocumentKind, Snapshot

# 2: the agency's own wording (title, จัดทำโดย) and signatories.
SNAPSHOT_VERSION = 2

TITLE = PLAN_TITLE
TITLE_LINES = document_wording.PLAN_TITLE_LINES

# (column key, Thai header, width in % of the table); the widths add up to 100.
LAYOUT_COLUMNS: dict[str, common.Columns] = {
    # Seed 001 §6 has no time column: the period, when there is one, goes under the follow-up.
    "seed001": [
        ("title", "มาตรการ", 28),
        ("steps", "ขั้นตอนหรือวิธีการ", 34),
        ("responsible", "ผู้รับผิดชอบ", 14),
        ("monitoring_deadline", "การกำกับติดตาม", 24),
    ],
    # Seed 003 prints the deadline in the follow-up column ("…การกำกับติดตาม กำหนดเวลาแล้วเสร็จ").
    "seed003": [
        ("key", "ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา", 25),
        ("responsible", "ผู้รับผิดชอบ", 14),
        ("measure_steps", "ขั้นตอนหรือวิธีการ/มาตรการ", 31),
        ("monitoring_period", "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ", 30),
    ],
}
LAYOUTS: list[tuple[str, str]] = [
    ("seed001", "ตาราง ๔ ช่อง มาตรการ ขั้นตอน ผู้รับผิดชอบ การกำกับติดตาม (แบบ อบต.วังประจัน)"),
    ("seed003", "ตาราง ๔ ช่อง รายข้อการประเมิน จัดกลุ่มตามเครื่องมือและตัวชี้วัด (แบบ เทศบาลตำบลจันทบเพชร)"),
]
# Seed 001's four columns fit a portrait page, as in its report; seed 003's five need landscape.
LANDSCAPE_LAYOUTS = {"seed003"}
GROUPINGS: dict[str, common.Grouping] = {
    "seed001": common.Grouping(
        tool=lambda _position, code, name: common.tool_heading(code, name),
        indicator=lambda _number, name: name,
    ),
    "seed003": common.SEED003_GROUPING,
}


def _heading(
    typed_title: str, agency: Agency, year_line: str, place: str, layout: str, title: str = TITLE
) -> dict[str, str]:
    """The table page's heading: the plan's own title if typed, else worded as the seed does."""
    if layout == "seed003":
        # "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ เทศบาลตำบลจันทเพชร ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
        heading = f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{agency.full_name} {year_line}"
        return {"heading": typed_title or heading, "subheading": place}
    # Portrait: the year on a line of its own rather than wherever the title happens to break.
    return {"heading": typed_title or f"{title}\n{year_line}", "subheading": f"{agency.full_name} {place}"}


def build_snapshot(*, agency: Agency, fiscal_year: int, round: int | None = None, layout: str) -> Snapshot:
    """Freeze the agency's plan of `fiscal_year`; `round` is ignored (the plan has none)."""
    if layout not in LAYOUT_COLUMNS:
        raise ValidationError(f"ไม่รู้จักรูปแบบเอกสาร “{layout}”", code="layout")
    plan = common.plan_for(agency, fiscal_year)
    year_line = common.fiscal_year_line(fiscal_year)
    place = common.place_line(agency)
    measures = list(plan_measures(plan))
    lines: list[dict[str, Any]] = common.lines(measures, common.measure_row, GROUPINGS[layout])
    wording = document_wording.wording_for(agency)
    title_lines = wording.get("plan_title") or TITLE_LINES
    return {
        "kind": "plan",
        "version": SNAPSHOT_VERSION,
        "layout": layout,
        "generated_at": timezone.now().isoformat(),
        "title": "".join(title_lines),
        "title_lines": title_lines,
        "fiscal_year_line": year_line,
        "round_line": "",
        "period_line": "",
        **_heading(plan.title, agency, year_line, place, layout, "".join(title_lines)),
        "agency": common.agency_data(agency),
        "place_line": place,
        "plan_id": plan.pk,
        "fiscal_year": fiscal_year,
        "round": None,
        "prepared_by": wording.get("prepared_by") or common.prepared_by(agency),
        "intro": plan.intro,
        "landscape": layout in LANDSCAPE_LAYOUTS,
        "columns": common.columns(LAYOUT_COLUMNS[layout]),
        "lines": lines,
        "measure_count": len(measures),
        "signatories": wording["signatories"],
    }


PLAN = DocumentKind(
    key="plan",
    title=TITLE,
    layouts=LAYOUTS,
    needs_round=False,
    build_snapshot=build_snapshot,
)
