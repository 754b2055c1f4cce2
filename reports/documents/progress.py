"""The 6- and 12-month progress report (รายงานผลการดำเนินการ…), as in seeds 000, 002, 003 and 004.

The snapshot holds the stored texts as they are (numbers in them stay as typed) plus the Thai
strings the report generates (numbers, years, round, period) already in Thai digits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Agency, Assessment, IndicatorScore
from ita_portal import thai
from measures.models import Measure, MeasurePlan, Progress, Round
from measures.selectors import plan_measures
from reports.documents import common
from reports.documents.base import DocumentKind, Snapshot
from reports.documents.common import Grouping

# 2: seed 003 layout; heading / subheading / cover lines per layout (version 1 snapshots still render).
SNAPSHOT_VERSION = 2

TITLE = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
# The cover breaks the title as seed 000 does.
TITLE_LINES = ["รายงานผลการดำเนินการ", "เพื่อส่งเสริมคุณธรรมและความโปร่งใส", "ภายในหน่วยงาน"]
# Seed 003 calls it a report on carrying out the measures, and breaks its cover so.
SEED003_TITLE = "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
SEED003_TITLE_LINES = ["รายงานการดำเนินการตาม", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "ภายในหน่วยงาน"]

# (column key, Thai header, width in % of the table); the widths add up to 100.
LAYOUT_COLUMNS: dict[str, list[tuple[str, str, int]]] = {
    "seed000": [
        ("title", "มาตรการ/แนวทาง", 22),
        ("steps", "ขั้นตอน/วิธีการปฏิบัติ", 20),
        ("responsible", "หน่วยงานผู้รับผิดชอบ", 11),
        ("period", "ระยะเวลาดำเนินการ", 11),
        ("summary", "สรุปผลดำเนินการ", 18),
        ("outcome", "ผลลัพธ์/ความสำเร็จ", 18),
    ],
    "seed002": [
        ("title", "มาตรการ/แนวทาง", 24),
        ("steps", "วิธีดำเนินการ", 26),
        ("period", "ระยะเวลาดำเนินการ", 13),
        ("responsible", "ผู้รับผิดชอบ", 12),
        ("result", "ผลการดำเนินการ", 25),
    ],
    "seed004": [
        ("number", "ลำดับ", 5),
        ("title_plain", "มาตรการ/กิจกรรม", 17),
        ("steps", "วิธีดำเนินการ", 18),
        ("period", "ระยะเวลาในการดำเนินการ", 10),
        ("responsible", "ผู้รับผิดชอบ", 10),
        ("summary", "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม", 22),
        ("outcome", "ผลลัพธ์หรือความสำเร็จในการดำเนินการ", 18),
    ],
    "seed003": [
        ("key", "ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา", 20),
        ("responsible", "ผู้รับผิดชอบ", 12),
        ("measure_steps", "ขั้นตอนหรือวิธีการ/มาตรการ", 24),
        ("monitoring_period", "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ", 24),
        ("progress_status", "การดำเนินการ", 20),
    ],
}
# seed004's per-indicator summaries ("สรุปการประเมิน IIT เพื่อยกระดับการประเมิน").
FOLLOWUP_COLUMNS: list[tuple[str, str, int]] = [
    ("indicator", "ตัวชี้วัด", 19),
    ("steps", "แนวทางในการยกระดับการประเมิน", 29),
    ("responsible", "ผู้รับผิดชอบ", 12),
    ("period", "ระยะเวลา", 11),
    ("progress", "ความก้าวหน้าผลการดำเนินการ", 29),
]
# The status lines under each summary, in seed 004's order.
STATUS_ORDER = [Progress.Status.DONE, Progress.Status.NOT_STARTED, Progress.Status.IN_PROGRESS]
LAYOUTS: list[tuple[str, str]] = [
    ("seed000", "ตาราง ๖ ช่อง จัดกลุ่มตามเครื่องมือและตัวชี้วัด (แบบ อบต.ทุ่งโพธิ์)"),
    ("seed002", "ตาราง ๕ ช่อง เรียงตามลำดับมาตรการ (แบบ อบต.ควนกาหลง)"),
    ("seed003", "ตาราง ๕ ช่อง รายข้อการประเมิน จัดกลุ่มตามเครื่องมือและตัวชี้วัด (แบบ เทศบาลตำบลจันทบเพชร)"),
    ("seed004", "ตาราง ๗ ช่อง และสรุปรายตัวชี้วัดพร้อมคะแนนและสถานะ (แบบ อบต.รอบเวียง)"),
]
FOLLOWUP_LAYOUTS = {"seed004"}


def tool_heading(position: int, code: str, name: str) -> str:
    """'๒.๑ มาตรการยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)' (seed 000's section ๒)."""
    return common.tool_heading(code, name, number=f"๒.{thai.thai_digits(position)}")


GROUPINGS: dict[str, Grouping] = {
    "seed000": Grouping(tool=tool_heading, indicator=lambda _number, name: name),
    "seed003": common.SEED003_GROUPING,
}
_prepared_by = common.prepared_by


def _measure_row(measure: Measure, round_: int) -> dict[str, Any]:
    progress = next((p for p in measure.progress.all() if p.round == round_), None)
    summary = progress.summary if progress else ""
    outcome = progress.outcome if progress else ""
    return {
        **common.measure_row(measure),
        "summary": summary,
        "outcome": outcome,
        "result": "\n".join(text for text in (summary, outcome) if text),
        "status": progress.status if progress else "",
        "status_label": progress.get_status_display() if progress else "ยังไม่ได้รายงานผล",
    }


def _score_text(score) -> str:
    """คะแนน ๙๕.๑๗ / คะแนน ๑๐๐ (trailing zeros dropped, as in seed 004)."""
    text = f"{score:.2f}".rstrip("0").rstrip(".")
    return f"คะแนน {thai.thai_digits(text)}"


def _indicator_scores(plan: MeasurePlan) -> dict[int, str]:
    """Indicator number → score text, from the agency's assessment the plan answers."""
    assessments = Assessment.objects.filter(agency=plan.agency)
    assessment = (
        assessments.filter(framework=plan.framework).order_by("-fiscal_year").first() if plan.framework else None
    ) or assessments.filter(fiscal_year=plan.fiscal_year).first()
    if assessment is None:
        return {}
    scores = IndicatorScore.objects.filter(assessment=assessment).select_related("indicator")
    return {s.indicator.number: _score_text(s.score) for s in scores}


def _followups(measures: list[Measure], round_: int, scores: dict[int, str]) -> list[dict[str, Any]]:
    """seed004: the indicator follow-ups, one summary table per tool, with ☑/☐ status lines."""
    groups: list[dict[str, Any]] = []
    for measure in measures:
        if measure.section != Measure.Section.INDICATOR_FOLLOWUP:
            continue
        tool = measure.group_tool or ""
        if not groups or groups[-1]["tool"] != tool:
            heading = f"สรุปการประเมิน {tool} เพื่อยกระดับการประเมิน" if tool else "สรุปการประเมินเพื่อยกระดับการประเมิน"
            groups.append({"tool": tool, "heading": heading, "rows": []})
        row = _measure_row(measure, round_)
        if measure.group_indicator:
            indicator = f"ตัวชี้วัดที่ {thai.thai_digits(measure.group_indicator)} {measure.group_indicator_name}"
        else:
            indicator = measure.title
        row["indicator"] = indicator
        row["score_text"] = scores.get(measure.group_indicator or 0, "")
        row["statuses"] = [{"label": status.label, "checked": row["status"] == status.value} for status in STATUS_ORDER]
        groups[-1]["rows"].append(row)
    return groups


def _cover(agency: Agency, fiscal_year: int, round_: int, layout: str) -> dict[str, Any]:
    """Title, cover lines and the table page's heading, worded as the layout's seed does."""
    year_line = common.fiscal_year_line(fiscal_year)
    round_label = Round(round_).label
    place = common.place_line(agency)
    if layout == "seed003":
        # "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน / (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)"
        months = thai.month_range_text(*thai.round_period(fiscal_year, round_))
        year_line = f"{year_line} {round_label}"
        return {
            "title": SEED003_TITLE,
            "title_lines": SEED003_TITLE_LINES,
            "fiscal_year_line": year_line,
            "round_line": "",
            "period_line": f"(เดือน{months})",
            "heading": f"{SEED003_TITLE} {year_line}",
            "subheading": f"{agency.full_name} {place} (เดือน{months})",
        }
    period_line = f"ระหว่างวันที่ {thai.round_period_text(fiscal_year, round_)}"
    return {
        "title": TITLE,
        "title_lines": TITLE_LINES,
        "fiscal_year_line": year_line,
        "round_line": f"({round_label})",
        "period_line": period_line,
        "heading": f"{TITLE} {year_line} ({round_label})",
        "subheading": f"{agency.full_name} {place} ({period_line})",
    }


def build_snapshot(*, agency: Agency, fiscal_year: int, round: int, layout: str) -> Snapshot:
    if layout not in LAYOUT_COLUMNS:
        raise ValidationError(f"ไม่รู้จักรูปแบบรายงาน “{layout}”", code="layout")
    if round not in Round.values:
        raise ValidationError("รอบการรายงานต้องเป็นรอบ ๖ เดือนหรือรอบ ๑๒ เดือน", code="round")
    plan = common.plan_for(agency, fiscal_year)
    measures = list(plan_measures(plan))
    followups = layout in FOLLOWUP_LAYOUTS
    main = [m for m in measures if m.section == Measure.Section.MEASURE] if followups else measures
    return {
        "kind": "progress",
        "version": SNAPSHOT_VERSION,
        "layout": layout,
        "generated_at": timezone.now().isoformat(),
        **_cover(agency, fiscal_year, round, layout),
        "agency": common.agency_data(agency),
        "place_line": common.place_line(agency),
        "plan_id": plan.pk,
        "fiscal_year": fiscal_year,
        "round": round,
        "prepared_by": common.prepared_by(agency),
        "intro": plan.intro,
        "columns": common.columns(LAYOUT_COLUMNS[layout]),
        "lines": common.lines(main, lambda measure: _measure_row(measure, round), GROUPINGS.get(layout)),
        "followup_columns": common.columns(FOLLOWUP_COLUMNS),
        "followups": _followups(measures, round, _indicator_scores(plan)) if followups else [],
        "measure_count": len(measures),
    }


PROGRESS = DocumentKind(
    key="progress",
    title="รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (รอบ ๖ เดือน / ๑๒ เดือน)",
    layouts=LAYOUTS,
    needs_round=True,
    build_snapshot=build_snapshot,
)
