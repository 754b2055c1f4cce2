"""The analysis report of an agency's ITA results (รายงานผลการวิเคราะห์ผลการประเมิน…), as in seed 001.

Scores, strengths, weaknesses and zero-scored items come from assessments.analysis (the same
analysis as the web page); the sentences are written from them by analysis_text. The snapshot
holds every string already in Thai digits and both charts' SVG, so a document renders the same
however the results change later. Seed 001's measures plan (§6) is the "plan" kind, not this one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import charts
from assessments.analysis import IndicatorRow, ZeroItem, assessment_analysis
from assessments.models import Agency, Assessment
from ita_portal import thai
from reports.documents import analysis_parts as parts
from reports.documents import analysis_text as text
from reports.documents import common
from reports.documents.base import DocumentKind, Snapshot

# 2: the year's rating rules (rating_rules_text, rating_confirmed) replace grade_bands_text, and the overall
# sentence carries the rating's reason (version 1 snapshots still render, with their own note line).
SNAPSHOT_VERSION = 2
TITLE = "รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
TITLE_LINES = ["รายงานผลการวิเคราะห์ผลการประเมิน", "คุณธรรมและความโปร่งใส", "ในการดำเนินงาน"]
# The item table: (key, Thai header, width in %); portrait A4 leaves 16 cm for it.
ITEM_COLUMNS = [
    ("code", "ข้อ", 8),
    ("name", "ประเด็นการตรวจ", 35),
    ("comment", "ความคิดเห็นของผู้ตรวจ", 45),
    ("score", "คะแนน", 12),
]


def build_snapshot(*, agency: Agency, fiscal_year: int, round: int | None = None, layout: str = "") -> Snapshot:
    """Freeze the analysis of the agency's assessment of `fiscal_year`; ValidationError (Thai) if there is none."""
    year = thai.thai_digits(fiscal_year)
    assessment = (
        Assessment.objects.filter(agency=agency, fiscal_year=fiscal_year).select_related("agency", "framework").first()
    )
    if assessment is None:
        raise ValidationError(
            f"{agency.full_name} ยังไม่มีผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ.{year} ในระบบ", code="no_assessment"
        )
    analysis = assessment_analysis(assessment)
    pass_mark = analysis.pass_mark
    reported = analysis.total is None and analysis.reported_total is not None
    total = analysis.best_total
    rating = analysis.rating
    grade = rating.label
    previous_year = analysis.previous.fiscal_year if analysis.previous else None
    zeros_by_indicator: dict[int, list[ZeroItem]] = {}
    for item in analysis.zero_items:
        zeros_by_indicator.setdefault(item.indicator_number, []).append(item)
    topics = parts.topics(analysis)
    scored = [r for r in analysis.indicators if r.score is not None]

    def paragraphs(rows: Iterable[IndicatorRow]) -> list[str]:
        ordered = sorted(rows, key=lambda r: (-r.score, r.number))
        return [
            text.indicator_paragraph(
                r,
                description=text.indicator_description(r, topics.get(r.number, [])),
                pass_mark=pass_mark,
                zero_items=zeros_by_indicator.get(r.number, []),
                previous_year=previous_year,
            )
            for r in ordered
        ]

    return {
        "kind": "analysis",
        "version": SNAPSHOT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "assessment_id": assessment.pk,
        "title": TITLE,
        "title_lines": TITLE_LINES,
        "agency": {**common.agency_data(agency), "name": agency.name},
        "place_line": common.place_line(agency),
        "fiscal_year": fiscal_year,
        "fiscal_year_line": common.fiscal_year_line(fiscal_year),
        "round_line": "",
        "period_line": "",
        "prepared_by": common.prepared_by(agency),
        "pass_mark_text": text.plain(pass_mark),
        "background": text.background(fiscal_year, analysis.indicators),
        "overall": text.overall(
            agency_name=agency.full_name,
            fiscal_year=fiscal_year,
            total=total,
            grade=grade,
            reported=reported,
            pass_mark=pass_mark,
            reason=rating.reason,
            confirmed=rating.confirmed,
        ),
        "overall_change": text.change_sentence(analysis.total_change, analysis.previous_total, previous_year),
        "total_text": text.score(total),
        "total_reported": reported,
        "grade": grade,
        "rating_reason": rating.reason,
        "rating_confirmed": rating.confirmed,
        "rating_rules_text": parts.rating_rules_text(analysis.framework),
        "previous_year_text": thai.thai_digits(previous_year) if previous_year else "",
        "tools": [parts.tool_row(t) for t in analysis.tools],
        "total_change_text": parts.change(analysis.total_change),
        "indicators": [parts.indicator_row(r) for r in analysis.indicators],
        "notes": [thai.thai_digits(reason) for d in analysis.discrepancies for reason in d.reasons],
        "ranking": text.ranking(analysis.indicators),
        "conclusion": text.conclusion(analysis.indicators),
        "indicator_chart": charts.indicator_chart(analysis),
        "tool_chart": charts.tool_chart(analysis),
        "strength_count_text": thai.thai_digits(len(analysis.strengths)),
        "weakness_count_text": thai.thai_digits(len(analysis.weaknesses)),
        "strengths": paragraphs(analysis.strengths),
        "weaknesses": paragraphs(analysis.weaknesses),
        "missing": [text.indicator_label(r) for r in analysis.indicators if r.score is None],
        "recommendations": parts.recommendations(analysis, zeros_by_indicator),
        "items": parts.item_table(analysis),
        "item_columns": common.columns(ITEM_COLUMNS),
        "fixes": parts.fixes(analysis, total, reported),
        "guidance": [
            {"number_text": thai.thai_digits(n), "title": title, "points": points}
            for n, (title, points) in enumerate(
                text.guidance(
                    next_year=fiscal_year + 1,
                    weaknesses=sorted(analysis.weaknesses, key=lambda r: r.score),
                    lowest=min(scored, key=lambda r: r.score) if scored else None,
                    zero_items=analysis.zero_items,
                    website_weak=any(r.tool == "OIT" for r in analysis.weaknesses),
                ),
                start=1,
            )
        ],
    }


ANALYSIS = DocumentKind(
    key="analysis",
    title=TITLE,
    layouts=[],
    needs_round=False,
    build_snapshot=build_snapshot,
)
