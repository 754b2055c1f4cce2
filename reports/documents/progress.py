"""The 6- and 12-month progress report (รายงานผลการดำเนินการ…), as in seeds 000, 002, 003 and 004.

The snapshot holds the stored texts as they are (numbers in them stay as typed) plus the Thai
strings the report generates (numbers, years, round, period) already in Thai digits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import document_wording
from assessments.models import Agency, Assessment, IndicatorScore
from ita_portal import thai
from measures.models import Measure, MeasurePlan, Progress, Round
from measures.selectors import plan_measures
from reports.documents import common, evidence
from reports.documents.base import DocumentKind, Snapshot
from reports.documents.common import Grouping

# 2: seed 003 layout; heading / subheading / cover lines per layout (version 1 snapshots still render).
# 3: every layout prints the round's status; evidence (options.evidence_links), the status summary,
#    signatories and the agency's own wording.
SNAPSHOT_VERSION = 3

# The cover breaks the title as seed 000 does.
TITLE_LINES = document_wording.PROGRESS_TITLE_LINES
TITLE = "".join(TITLE_LINES)
# Seed 003 calls it a report on carrying out the measures, and breaks its cover so.
SEED003_TITLE = "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
SEED003_TITLE_LINES = ["รายงานการดำเนินการตาม", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "ภายในหน่วยงาน"]

# (column key, Thai header, width in % of the table); the widths add up to 100.
LAYOUT_COLUMNS: dict[str, list[tuple[str, str, int]]] = {
    # Seeds 000 and 002 print no status; their tables get a "สถานะ" column at the end.
    "seed000": [
        ("title", "มาตรการ/แนวทาง", 20),
        ("steps", "ขั้นตอน/วิธีการปฏิบัติ", 18),
        ("responsible", "หน่วยงานผู้รับผิดชอบ", 10),
        ("period", "ระยะเวลาดำเนินการ", 10),
        ("summary", "สรุปผลดำเนินการ", 18),
        ("outcome", "ผลลัพธ์/ความสำเร็จ", 15),
        ("status", "สถานะ", 9),
    ],
    "seed002": [
        ("title", "มาตรการ/แนวทาง", 22),
        ("steps", "วิธีดำเนินการ", 24),
        ("period", "ระยะเวลาดำเนินการ", 13),
        ("responsible", "ผู้รับผิดชอบ", 11),
        ("result", "ผลการดำเนินการ", 21),
        ("status", "สถานะ", 9),
    ],
    "seed004": [
        ("number", "ลำดับ", 5),
        ("title_plain", "มาตรการ/กิจกรรม", 17),
        ("steps", "วิธีดำเนินการ", 18),
        ("period", "ระยะเวลาในการดำเนินการ", 10),
        ("responsible", "ผู้รับผิดชอบ", 10),
        # The ☑/☐ status lines under the summary, as seed 004's own summaries print them.
        ("summary_status", "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม", 22),
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
NOT_REPORTED = "ยังไม่ได้รายงานผล"
# The column that lists a measure's evidence, per layout (the indicator follow-ups: "progress").
EVIDENCE_COLUMNS = {
    "seed000": "summary",
    "seed002": "result",
    "seed003": "progress_status",
    "seed004": "summary_status",
}
LAYOUTS: list[tuple[str, str]] = [
    ("seed000", "ตาราง ๗ ช่อง (ช่องสุดท้ายคือสถานะ) จัดกลุ่มตามเครื่องมือและตัวชี้วัด (แบบ อบต.ทุ่งโพธิ์)"),
    ("seed002", "ตาราง ๖ ช่อง (ช่องสุดท้ายคือสถานะ) เรียงตามลำดับมาตรการ (แบบ อบต.ควนกาหลง)"),
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


def _measure_row(measure: Measure, round_: int, evidence_chars: int | None) -> dict[str, Any]:
    """The measure's plan columns and the round's progress; its evidence when `evidence_chars` (a link's room)."""
    progress = next((p for p in measure.progress.all() if p.round == round_), None)
    summary = progress.summary if progress else ""
    outcome = progress.outcome if progress else ""
    status = progress.status if progress else ""
    return {
        **common.measure_row(measure),
        "summary": summary,
        "outcome": outcome,
        "result": "\n".join(text for text in (summary, outcome) if text),
        "status": status,
        "status_label": progress.get_status_display() if progress else NOT_REPORTED,
        "statuses": [{"label": s.label, "checked": status == s.value} for s in STATUS_ORDER],
        "evidence": evidence.evidence_for(progress, limit=evidence_chars) if evidence_chars else [],
    }


def _status_summary(rows: list[dict[str, Any]], heading: str) -> dict[str, Any]:
    """After the table: how many measures are done, in progress, not started (and not reported), in Thai digits."""
    counts = {status.value: 0 for status in Progress.Status}
    not_reported = 0
    for row in rows:
        if row["status"]:
            counts[row["status"]] += 1
        else:
            not_reported += 1
    items = [{"label": s.label, "count": counts[s.value]} for s in Progress.Status]
    if not_reported:
        items.append({"label": NOT_REPORTED, "count": not_reported})
    for item in items:
        item["count_text"] = f"{thai.thai_digits(item['count'])} มาตรการ"
    return {"heading": heading, "items": items, "total_text": f"{thai.thai_digits(len(rows))} มาตรการ"}


def _evidence_chars(key: str, columns: list[tuple[str, str, int]]) -> int:
    width = next(width for column, _label, width in columns if column == key)
    return evidence.link_chars(width)


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


def _followups(
    measures: list[Measure], round_: int, scores: dict[int, str], evidence_chars: int | None
) -> list[dict[str, Any]]:
    """seed004: the indicator follow-ups, one summary table per tool, with ☑/☐ status lines."""
    groups: list[dict[str, Any]] = []
    for measure in measures:
        if measure.section != Measure.Section.INDICATOR_FOLLOWUP:
            continue
        tool = measure.group_tool or ""
        if not groups or groups[-1]["tool"] != tool:
            heading = f"สรุปการประเมิน {tool} เพื่อยกระดับการประเมิน" if tool else "สรุปการประเมินเพื่อยกระดับการประเมิน"
            groups.append({"tool": tool, "heading": heading, "rows": []})
        row = _measure_row(measure, round_, evidence_chars)
        if measure.group_indicator:
            indicator = f"ตัวชี้วัดที่ {thai.thai_digits(measure.group_indicator)} {measure.group_indicator_name}"
        else:
            indicator = measure.title
        row["indicator"] = indicator
        row["score_text"] = scores.get(measure.group_indicator or 0, "")
        groups[-1]["rows"].append(row)
    return groups


def _cover(agency: Agency, fiscal_year: int, round_: int, layout: str, title_lines: list[str] | None) -> dict[str, Any]:
    """Title, cover lines and the table page's heading, worded as the layout's seed does (or as the agency set)."""
    year_line = common.fiscal_year_line(fiscal_year)
    round_label = Round(round_).label
    place = common.place_line(agency)
    if layout == "seed003":
        # "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน / (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)"
        months = thai.month_range_text(*thai.round_period(fiscal_year, round_))
        year_line = f"{year_line} {round_label}"
        lines = title_lines or SEED003_TITLE_LINES
        return {
            "title": "".join(lines),
            "title_lines": lines,
            "fiscal_year_line": year_line,
            "round_line": "",
            "period_line": f"(เดือน{months})",
            "heading": f"{''.join(lines)} {year_line}",
            "subheading": f"{agency.full_name} {place} (เดือน{months})",
        }
    period_line = f"ระหว่างวันที่ {thai.round_period_text(fiscal_year, round_)}"
    lines = title_lines or TITLE_LINES
    return {
        "title": "".join(lines),
        "title_lines": lines,
        "fiscal_year_line": year_line,
        "round_line": f"({round_label})",
        "period_line": period_line,
        "heading": f"{''.join(lines)} {year_line} ({round_label})",
        "subheading": f"{agency.full_name} {place} ({period_line})",
    }


def build_snapshot(
    *, agency: Agency, fiscal_year: int, round: int, layout: str, evidence_links: bool = False
) -> Snapshot:
    """Freeze the round's report; `evidence_links` lists each measure's evidence (links and file names)."""
    if layout not in LAYOUT_COLUMNS:
        raise ValidationError(f"ไม่รู้จักรูปแบบรายงาน “{layout}”", code="layout")
    if round not in Round.values:
        raise ValidationError("รอบการรายงานต้องเป็นรอบ ๖ เดือนหรือรอบ ๑๒ เดือน", code="round")
    plan = common.plan_for(agency, fiscal_year)
    measures = list(plan_measures(plan))
    followups = layout in FOLLOWUP_LAYOUTS
    main = [m for m in measures if m.section == Measure.Section.MEASURE] if followups else measures
    wording = document_wording.wording_for(agency)
    columns = LAYOUT_COLUMNS[layout]
    chars = _evidence_chars(EVIDENCE_COLUMNS[layout], columns) if evidence_links else None
    followup_chars = _evidence_chars("progress", FOLLOWUP_COLUMNS) if evidence_links else None
    lines = common.lines(main, lambda measure: _measure_row(measure, round, chars), GROUPINGS.get(layout))
    groups = _followups(measures, round, _indicator_scores(plan), followup_chars) if followups else []
    rows = [line for line in lines if line["type"] == "measure"] + [row for g in groups for row in g["rows"]]
    summary_heading = wording.get("summary_heading", document_wording.SUMMARY_HEADING)
    return {
        "kind": "progress",
        "version": SNAPSHOT_VERSION,
        "layout": layout,
        "generated_at": timezone.now().isoformat(),
        **_cover(agency, fiscal_year, round, layout, wording.get("progress_title")),
        "agency": common.agency_data(agency),
        "place_line": common.place_line(agency),
        "plan_id": plan.pk,
        "fiscal_year": fiscal_year,
        "round": round,
        "prepared_by": wording.get("prepared_by") or common.prepared_by(agency),
        "intro": plan.intro,
        "options": {"evidence_links": evidence_links},
        "columns": common.columns(columns),
        "lines": lines,
        "followup_columns": common.columns(FOLLOWUP_COLUMNS),
        "followups": groups,
        "measure_count": len(measures),
        "status_summary": _status_summary(rows, summary_heading),
        "signatories": wording["signatories"],
    }


PROGRESS = DocumentKind(
    key="progress",
    title="รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (รอบ ๖ เดือน / ๑๒ เดือน)",
    layouts=LAYOUTS,
    needs_round=True,
    build_snapshot=build_snapshot,
    options=("evidence_links",),
)
