"""The 6- and 12-month progress report (รายงานผลการดำเนินการ…), as in seeds 000 and 002.

The snapshot holds the stored texts as they are (numbers in them stay as typed) plus the Thai
strings the report generates (numbers, years, round, period) already in Thai digits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Agency, Assessment, IndicatorScore, Membership
from ita_portal import thai
from measures.models import Measure, MeasurePlan, Progress, Round
from measures.selectors import plan_measures
from reports.documents.base import DocumentKind, Snapshot

SNAPSHOT_VERSION = 1

TITLE = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
# The cover breaks the title as seed 000 does.
TITLE_LINES = ["รายงานผลการดำเนินการ", "เพื่อส่งเสริมคุณธรรมและความโปร่งใส", "ภายในหน่วยงาน"]

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
    ("seed004", "ตาราง ๗ ช่อง และสรุปรายตัวชี้วัดพร้อมคะแนนและสถานะ (แบบ อบต.รอบเวียง)"),
]
FOLLOWUP_LAYOUTS = {"seed004"}
GROUPED_LAYOUTS = {"seed000"}
FOLLOWUP_HEADING = "แนวทางการยกระดับรายตัวชี้วัด"


def tool_heading(position: int, code: str, name: str) -> str:
    """'๒.๑ มาตรการยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)' from the tool's catalogue name."""
    topic = name.removeprefix("แบบวัด").strip() if name else ""
    return f"๒.{thai.thai_digits(position)} มาตรการยกระดับ{topic} ({code})"


def _prepared_by(agency: Agency) -> list[str]:
    """จัดทำโดย: the coordinator's department, then the agency's full name."""
    membership = (
        Membership.objects.filter(agency=agency, role=Membership.Role.COORDINATOR)
        .select_related("department")
        .order_by("pk")
        .first()
    )
    lines = []
    if membership is not None and membership.department is not None:
        lines.append(membership.department.name)
    lines.append(agency.full_name)
    return lines


def _measure_row(measure: Measure, round_: int) -> dict[str, Any]:
    progress = next((p for p in measure.progress.all() if p.round == round_), None)
    summary = progress.summary if progress else ""
    outcome = progress.outcome if progress else ""
    return {
        "id": measure.pk,
        "number": measure.number,
        "number_text": thai.thai_digits(measure.number),
        "title": measure.title,
        "title_plain": measure.title,
        "steps": measure.steps,
        "responsible": measure.responsible_text or ", ".join(d.name for d in measure.departments.all()),
        "period": measure.period_display,
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


def _lines(measures: list[Measure], round_: int, *, grouped: bool) -> list[dict[str, Any]]:
    """The table body in order: tool headings, indicator headings and measure rows."""
    lines: list[dict[str, Any]] = []
    tools_seen: list[str] = []
    current_group: tuple[str, str | None] | None = None
    current_indicator: tuple[Any, ...] | None = None
    for measure in measures:
        if grouped:
            followup = measure.section == Measure.Section.INDICATOR_FOLLOWUP
            group = ("followup", None) if followup else ("measure", measure.group_tool)
            if group != current_group:
                current_group, current_indicator = group, None
                if followup:
                    lines.append({"type": "tool", "text": FOLLOWUP_HEADING})
                elif measure.group_tool:
                    tools_seen.append(measure.group_tool)
                    lines.append(
                        {
                            "type": "tool",
                            "text": tool_heading(len(tools_seen), measure.group_tool, measure.group_tool_name),
                        }
                    )
            indicator = (group, measure.group_indicator)
            if measure.group_indicator_name and indicator != current_indicator:
                current_indicator = indicator
                lines.append({"type": "indicator", "text": measure.group_indicator_name})
        lines.append({"type": "measure", **_measure_row(measure, round_)})
    return lines


def build_snapshot(*, agency: Agency, fiscal_year: int, round: int, layout: str) -> Snapshot:
    if layout not in LAYOUT_COLUMNS:
        raise ValidationError(f"ไม่รู้จักรูปแบบรายงาน “{layout}”", code="layout")
    if round not in Round.values:
        raise ValidationError("รอบการรายงานต้องเป็นรอบ ๖ เดือนหรือรอบ ๑๒ เดือน", code="round")
    plan = MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    year_text = thai.thai_digits(fiscal_year)
    if plan is None:
        raise ValidationError(f"{agency.full_name} ยังไม่มีแผนมาตรการประจำปีงบประมาณ พ.ศ.{year_text}", code="no_plan")
    measures = list(plan_measures(plan))
    followups = layout in FOLLOWUP_LAYOUTS
    main = [m for m in measures if m.section == Measure.Section.MEASURE] if followups else measures
    round_label = Round(round).label
    columns = LAYOUT_COLUMNS[layout]
    return {
        "kind": "progress",
        "version": SNAPSHOT_VERSION,
        "layout": layout,
        "generated_at": timezone.now().isoformat(),
        "title": TITLE,
        "title_lines": TITLE_LINES,
        "agency": {
            "id": agency.pk,
            "full_name": agency.full_name,
            "short_name": agency.short_name,
            "district": agency.district,
            "province": agency.province,
        },
        "place_line": f"อำเภอ{agency.district} จังหวัด{agency.province}",
        "plan_id": plan.pk,
        "fiscal_year": fiscal_year,
        "fiscal_year_line": f"ประจำปีงบประมาณ พ.ศ.{year_text}",
        "round": round,
        "round_line": f"({round_label})",
        "period_line": f"ระหว่างวันที่ {thai.round_period_text(fiscal_year, round)}",
        "prepared_by": _prepared_by(agency),
        "intro": plan.intro,
        "columns": [{"key": key, "label": label, "width": width} for key, label, width in columns],
        "lines": _lines(main, round, grouped=layout in GROUPED_LAYOUTS),
        "followup_columns": [{"key": key, "label": label, "width": width} for key, label, width in FOLLOWUP_COLUMNS],
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
