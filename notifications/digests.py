"""The weekly digests: each coordinator's agency (changes, what is late, the predicted OIT) and each
province overseer's agencies that are behind on a round."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.urls import reverse

from assessments.models import Agency, Membership
from ita_portal import thai
from measures.models import History, Measure, MeasurePlan
from notifications.models import Kind
from notifications.reminders import DEFAULT_REMIND_AFTER_DAYS, Due, days_waiting, round_ends, waiting_memos
from oit.models import Answer, AnswerHistory, Workspace

logger = logging.getLogger(__name__)

# A round counts as "late" for this long after its last day (then the next year's work takes over).
LATE_FOR_DAYS = 183
# The overseer's digest lists a round from this many days before its end.
AHEAD_DAYS = 30


def _week(as_of: datetime.date) -> str:
    year, week, _ = as_of.isocalendar()
    return f"{year}-W{week:02d}"


def _n(value: int) -> str:
    return thai.thai_digits(value)


def _body(sections: list[dict[str, Any]]) -> str:
    return "\n\n".join(
        section["heading"] + "\n" + "\n".join(f"- {line}" for line in section["lines"]) for section in sections
    )


def late_rounds(as_of: datetime.date) -> list[tuple[int, int, datetime.date]]:
    return [(y, r, end) for y, r, end in round_ends(as_of) if 0 < (as_of - end).days <= LATE_FOR_DAYS]


def _unreported_counts(fiscal_year: int, round_: int, **where: Any) -> dict[int, int]:
    """agency id → measures of its plan for the year with no progress for the round."""
    rows = (
        Measure.objects.filter(plan__fiscal_year=fiscal_year, **where)
        .exclude(progress__round=round_)
        .values("plan__agency")
        .annotate(n=Count("pk"))
    )
    return {row["plan__agency"]: row["n"] for row in rows}


def _predicted_oit(agency: Agency, as_of: datetime.date) -> list[str]:
    from oit.readiness import workspace_readiness

    workspace = Workspace.objects.filter(agency=agency).select_related("framework").order_by("-fiscal_year").first()
    if workspace is None:
        return ["ยังไม่ได้เปิดพื้นที่ทำงาน OIT"]
    try:
        readiness = workspace_readiness(workspace, today=as_of)
    except Exception:  # a digest without the prediction beats no digest
        logger.exception("OIT readiness of workspace %s failed", workspace.pk)
        return [f"OIT ปี {_n(workspace.fiscal_year)}: คำนวณคะแนนคาดการณ์ไม่ได้"]
    ready, total = _n(readiness.ready_count), _n(len(readiness.answers))
    lines = [f"OIT ปี {_n(workspace.fiscal_year)}: พร้อมส่ง {ready} จาก {total} ข้อ"]
    if readiness.predicted_oit is not None:
        lines.append(f"คะแนน OIT คาดการณ์หากส่งวันนี้ {thai.thai_number(readiness.predicted_oit)}")
    return lines


def coordinator_digest(agency: Agency, as_of: datetime.date) -> list[dict[str, Any]]:
    """The sections of one agency's week: what changed, what is late, the predicted OIT."""
    start = as_of - datetime.timedelta(days=7)
    week = {"created_at__date__gte": start, "created_at__date__lt": as_of}
    history = History.objects.filter(measure__plan__agency=agency, **week)
    reports = history.filter(action=History.Action.PROGRESS).count()
    edits = history.count() - reports
    oit_changes = AnswerHistory.objects.filter(
        answer__workspace__agency=agency, at__date__gte=start, at__date__lt=as_of
    ).count()
    closed = agency.memos.filter(finished_at__date__gte=start, finished_at__date__lt=as_of).count()
    changed = [
        f"รายงานผลมาตรการ {_n(reports)} ครั้ง แก้ไขมาตรการ {_n(edits)} ครั้ง",
        f"ปรับปรุงข้อมูล OIT {_n(oit_changes)} ครั้ง",
        f"บันทึกข้อความที่พิจารณาครบแล้ว {_n(closed)} เรื่อง",
    ]
    late = []
    for fiscal_year, round_, end in late_rounds(as_of):
        missing = _unreported_counts(fiscal_year, round_, plan__agency=agency).get(agency.pk, 0)
        if missing:
            late.append(
                f"{thai.ROUND_LABELS[round_]} ปีงบประมาณ {_n(fiscal_year)} (ครบกำหนด {thai.thai_date(end)}): "
                f"ยังไม่รายงานผล {_n(missing)} มาตรการ"
            )
    overdue = Answer.objects.filter(workspace__agency=agency, due_date__lt=as_of).exclude(status=Answer.Status.READY)
    if count := overdue.count():
        late.append(f"ข้อ OIT เลยกำหนดเสร็จแต่ยังไม่พร้อมส่ง {_n(count)} ข้อ")
    stalled = [
        memo
        for memo in waiting_memos()
        if memo.agency_id == agency.pk
        and days_waiting(memo, as_of) >= (memo.chain.remind_after_days or DEFAULT_REMIND_AFTER_DAYS)
    ]
    if stalled:
        late.append(f"บันทึกข้อความค้างพิจารณาเกินกำหนด {_n(len(stalled))} เรื่อง")
    return [
        {"heading": "สัปดาห์ที่ผ่านมา", "lines": changed},
        {"heading": "งานที่เลยกำหนด", "lines": late or ["ไม่มีงานที่เลยกำหนด"]},
        {"heading": "ความพร้อม OIT", "lines": _predicted_oit(agency, as_of)},
    ]


def coordinator_digests(as_of: datetime.date) -> Iterator[Due]:
    coordinators = Membership.objects.filter(
        role=Membership.Role.COORDINATOR, is_active=True, user__is_active=True, agency__isnull=False
    ).select_related("user", "agency")
    by_agency: dict[int, list[dict[str, Any]]] = {}
    for member in coordinators.order_by("agency", "user"):
        agency = member.agency
        if agency.pk not in by_agency:
            by_agency[agency.pk] = coordinator_digest(agency, as_of)
        sections = by_agency[agency.pk]
        yield Due(
            user=member.user,
            kind=Kind.DIGESTS,
            occasion=f"digest:coordinator:agency-{agency.pk}:{_week(as_of)}",
            title=f"สรุปประจำสัปดาห์ของ{agency.short_name} ({thai.thai_date(as_of)})",
            body=_body(sections),
            url=reverse("home"),
            agency=agency,
            template="digest",
            context={"sections": sections, "heading": agency.full_name},
        )


def overseer_digest(province: str, as_of: datetime.date) -> list[dict[str, Any]]:
    """One section per round due soon or lately: the province's agencies with unreported measures or no plan."""
    agencies = list(Agency.objects.filter(province=province).order_by("district", "name"))
    sections = []
    for fiscal_year, round_, end in round_ends(as_of):
        if not -AHEAD_DAYS <= (as_of - end).days <= LATE_FOR_DAYS:
            continue
        missing = _unreported_counts(fiscal_year, round_, plan__agency__province=province)
        planned = set(
            MeasurePlan.objects.filter(fiscal_year=fiscal_year, agency__province=province).values_list(
                "agency", flat=True
            )
        )
        lines = []
        for agency in agencies:
            name = f"{agency.short_name} (อ.{agency.district})"
            if agency.pk not in planned:
                lines.append(f"{name}: ยังไม่มีแผนมาตรการ")
            elif missing.get(agency.pk):
                lines.append(f"{name}: ยังไม่รายงานผล {_n(missing[agency.pk])} มาตรการ")
        heading = f"{thai.ROUND_LABELS[round_]} ปีงบประมาณ {_n(fiscal_year)} (ครบกำหนด {thai.thai_date(end)})"
        sections.append({"heading": heading, "lines": lines or ["ทุกหน่วยงานรายงานครบแล้ว"]})
    return sections


def overseer_digests(as_of: datetime.date) -> Iterator[Due]:
    overseers = Membership.objects.filter(
        role=Membership.Role.OVERSEER, is_active=True, user__is_active=True
    ).select_related("user")
    for member in overseers.order_by("province", "user"):
        sections = overseer_digest(member.province, as_of)
        if not sections:
            continue
        yield Due(
            user=member.user,
            kind=Kind.DIGESTS,
            occasion=f"digest:overseer:{member.province}:{_week(as_of)}",
            title=f"สรุปประจำสัปดาห์ จังหวัด{member.province}: หน่วยงานที่ยังรายงานไม่ครบ ({thai.thai_date(as_of)})",
            body=_body(sections),
            url=reverse("home"),
            template="digest",
            context={"sections": sections, "heading": f"จังหวัด{member.province}"},
        )
