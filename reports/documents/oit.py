"""The OIT readiness report: how far the year's O-items are, and what the OIT would score if sent today.

The coordinator prints it before submitting to ITAS and sends it up the memo chain like any
other document. Like the other kinds, the snapshot freezes every figure and Thai text, so the
PDF of a given day can be rendered again unchanged after the answers move on.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Agency
from ita_portal import thai
from oit.models import Answer, Workspace
from oit.readiness import workspace_readiness
from reports.documents import common
from reports.documents.base import DocumentKind, Snapshot

SNAPSHOT_VERSION = 1
TITLE = "รายงานความพร้อมการเปิดเผยข้อมูลสาธารณะ (OIT)"
TITLE_LINES = ["รายงานความพร้อม", "การเปิดเผยข้อมูลสาธารณะ (OIT)"]


def build_snapshot(*, agency: Agency, fiscal_year: int, round: int | None = None, layout: str = "") -> Snapshot:
    """Freeze the readiness of the agency's OIT workspace of `fiscal_year` (the assessment year)."""
    workspace = Workspace.objects.filter(agency=agency, fiscal_year=fiscal_year).select_related("framework").first()
    if workspace is None:
        raise ValidationError(
            f"{agency.full_name} ยังไม่มีพื้นที่ทำงาน OIT ปี {thai.thai_digits(fiscal_year)}", code="no_workspace"
        )
    today = timezone.localdate()
    readiness = workspace_readiness(workspace, today=today)
    total = len(readiness.answers)
    statuses = [
        {"key": value, "label": label, "count": readiness.by_status.get(value, 0)}
        for value, label in Answer.Status.choices
    ]
    for row in statuses:
        row["count_text"] = thai.thai_digits(row["count"])
        row["percent"] = float(f"{100 * row['count'] / total:.1f}") if total else 0.0
    rating = readiness.rating
    survey = readiness.survey_from
    biggest = max((c.total_points for c in readiness.costs), default=Decimal(0))
    return {
        "kind": "oit",
        "version": SNAPSHOT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "title": TITLE,
        "title_lines": TITLE_LINES,
        "agency": common.agency_data(agency),
        "place_line": common.place_line(agency),
        "fiscal_year": fiscal_year,
        "fiscal_year_line": f"ประจำปี พ.ศ. {thai.thai_digits(fiscal_year)}",
        "round_line": "",
        "period_line": f"ข้อมูล ณ วันที่ {thai.thai_date(today)}",
        "prepared_by": common.prepared_by(agency),
        "framework_name": thai.thai_digits(workspace.framework.name),
        "count_text": thai.thai_digits(total),
        "ready_text": thai.thai_digits(readiness.ready_count),
        "statuses": statuses,
        "departments": [
            {"name": name, "counts": [thai.thai_digits(counts.get(s["key"], 0)) for s in statuses]}
            for name, counts in readiness.by_department.items()
        ],
        "predicted_oit_text": thai.thai_number(readiness.predicted_oit),
        "predicted_total_text": thai.thai_number(readiness.predicted_total),
        "rating_label": rating.label,
        "rating_reason": rating.reason,
        "rating_confirmed": rating.confirmed,
        "survey_line": (
            f"คะแนนรวมใช้คะแนน IIT และ EIT จากผลการประเมินปี {thai.thai_digits(survey.fiscal_year)}"
            if survey
            else "ยังไม่มีผลการประเมินปีก่อน คะแนนรวมจึงคำนวณไม่ได้"
        ),
        "attention": [
            {"title": title, "items": [_item(a) for a in answers]}
            for title, answers in (
                ("เลยกำหนด", readiness.overdue),
                ("ไม่มี URL", readiness.without_url),
                ("ลิงก์ไม่ผ่านการตรวจ", readiness.broken),
                ("ลิงก์ยังไม่ได้ตรวจ", readiness.unchecked),
            )
        ],
        "costs": [
            {
                **_item(cost.answer),
                "reason": cost.reason,
                "oit_text": thai.thai_number(cost.tool_points),
                "total_text": thai.thai_number(cost.total_points),
                "bar": float(cost.total_points / biggest * 100) if biggest else 0.0,
            }
            for cost in readiness.costs
        ],
    }


def _item(answer: Answer) -> dict[str, Any]:
    return {"code": thai.thai_digits(answer.item.code), "name": thai.thai_digits(answer.item.name_th)}


OIT = DocumentKind(key="oit", title=TITLE, layouts=[], needs_round=False, build_snapshot=build_snapshot)
