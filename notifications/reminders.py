"""What is due on a date: round deadlines, OIT due dates and failed links, stalled approvals, weekly digests.

due_on(as_of) only reads: it yields one Due per (person, occasion), the same on every run for the
same date, so `send_reminders --as-of` can catch up after downtime or show the schedule, and beat,
the workers' sweep and cron can all run it: services.notify keeps one row per (person, occasion,
channel) and sends it once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from assessments.models import Agency, Membership
from ita_portal import thai
from measures.models import Measure, Round
from notifications.models import Kind
from oit.models import Answer, Link
from reports.models import Memo, MemoEvent, MemoStep, StandIn

ROUND_DAYS = (30, 7, 1)  # days before a round's end
OIT_DAYS = (7, 1)  # days before an OIT item's due date
DIGEST_WEEKDAY = 0  # Monday: the week's digest
DEFAULT_REMIND_AFTER_DAYS = 3


@dataclass(frozen=True)
class Due:
    """One message due to one person."""

    user: Any
    kind: str
    occasion: str
    title: str
    body: str
    url: str
    agency: Agency | None = None
    template: str = "notification"
    context: dict[str, Any] = field(default_factory=dict)


def round_code(round_: int) -> str:
    """h1 for the 6-month round, h2 for the 12-month round (the occasion keys)."""
    return "h1" if round_ == Round.SIX_MONTH else "h2"


def round_ends(as_of: datetime.date) -> list[tuple[int, int, datetime.date]]:
    """(fiscal year, round, last day) of this fiscal year's rounds and the previous year's 12-month round."""
    year = thai.fiscal_year(as_of)
    ends = [(year - 1, Round.TWELVE_MONTH.value, thai.round_period(year - 1, Round.TWELVE_MONTH)[1])]
    return ends + [(year, r.value, thai.round_period(year, r.value)[1]) for r in Round]


# --- rounds ---------------------------------------------------------------------------------------------


def unreported_by_department(fiscal_year: int, round_: int) -> dict[tuple[int, int], list[Measure]]:
    """(agency id, department id) → the measures of that department with no progress for the round."""
    measures = (
        Measure.objects.filter(plan__fiscal_year=fiscal_year, departments__isnull=False)
        .exclude(progress__round=round_)
        .select_related("plan")
        .prefetch_related("departments")
        .order_by("plan", "number")
    )
    found: dict[tuple[int, int], list[Measure]] = defaultdict(list)
    for measure in measures.distinct():
        for department in measure.departments.all():
            found[(measure.plan.agency_id, department.pk)].append(measure)
    return found


def round_reminders(as_of: datetime.date) -> Iterator[Due]:
    """30, 7 and 1 days before each round's end: every staff member whose department has unreported measures."""
    for fiscal_year, round_, end in round_ends(as_of):
        days = (end - as_of).days
        if days not in ROUND_DAYS:
            continue
        unreported = unreported_by_department(fiscal_year, round_)
        if not unreported:
            continue
        members = (
            Membership.objects.filter(
                role=Membership.Role.STAFF, is_active=True, department__isnull=False, user__is_active=True
            )
            .filter(agency_id__in={agency for agency, _ in unreported})
            .select_related("user", "agency", "department")
            .order_by("agency", "department", "user")
        )
        label, year_text = thai.ROUND_LABELS[round_], thai.thai_digits(fiscal_year)
        for member in members:
            measures = unreported.get((member.agency_id, member.department_id))
            if not measures:
                continue
            plan = measures[0].plan
            count = thai.thai_digits(len(measures))
            yield Due(
                user=member.user,
                kind=Kind.REMINDERS,
                occasion=f"round-end:{fiscal_year}-{round_code(round_)}:d{days}:measure-plan-{plan.pk}",
                title=f"อีก {thai.thai_digits(days)} วัน ครบกำหนดรายงานผล{label} ปีงบประมาณ {year_text}",
                body=(
                    f"มาตรการของ{member.department.name} {member.agency.short_name} ยังไม่ได้รายงานผล{label} "
                    f"{count} มาตรการ กรุณารายงานภายในวันที่ {thai.thai_date(end)}"
                ),
                url=reverse("measures:plan", kwargs={"agency_id": member.agency_id, "fiscal_year": fiscal_year}),
                agency=member.agency,
                template="round_reminder",
                context={
                    "days": thai.thai_digits(days),
                    "round_label": label,
                    "fiscal_year": year_text,
                    "deadline": thai.thai_date(end),
                    "department": member.department.name,
                    "agency_name": member.agency.full_name,
                    "count": count,
                    "measures": [f"{thai.thai_digits(m.number)}. {m.title[:200]}" for m in measures[:30]],
                },
            )


# --- OIT ------------------------------------------------------------------------------------------------


def answer_people(answer: Answer) -> list[Any]:
    """Who prepares an OIT item: its responsible person, else its departments' staff, else the coordinators."""
    if answer.responsible_id and answer.responsible.is_active:
        return [answer.responsible]
    agency = answer.workspace.agency_id
    members = Membership.objects.filter(agency_id=agency, is_active=True, user__is_active=True)
    departments = [d.pk for d in answer.departments.all()]
    staff = members.filter(role=Membership.Role.STAFF, department__in=departments) if departments else members.none()
    people = [m.user for m in staff.select_related("user")]
    if not people:
        people = [m.user for m in members.filter(role=Membership.Role.COORDINATOR).select_related("user")]
    return list({p.pk: p for p in people}.values())


def oit_reminders(as_of: datetime.date) -> Iterator[Due]:
    """7 and 1 days before an OIT item's due date (the item not yet พร้อมส่ง): whoever prepares it."""
    dates = {as_of + datetime.timedelta(days=d): d for d in OIT_DAYS}
    answers = (
        Answer.objects.filter(due_date__in=list(dates))
        .exclude(status=Answer.Status.READY)
        .select_related("workspace__agency", "item", "responsible")
        .prefetch_related("departments")
        .order_by("workspace", "item__order")
    )
    for answer in answers:
        days = dates[answer.due_date]
        workspace = answer.workspace
        year_text = thai.thai_digits(workspace.fiscal_year)
        for person in answer_people(answer):
            yield Due(
                user=person,
                kind=Kind.REMINDERS,
                occasion=f"oit-due:answer-{answer.pk}:{answer.due_date.isoformat()}:d{days}",
                title=f"อีก {thai.thai_digits(days)} วัน ครบกำหนดข้อ {answer.item.code} ของ OIT ปี {year_text}",
                body=(
                    f"{answer.item.code} {answer.item.name_th[:200]} ({workspace.agency.short_name}) "
                    f"สถานะ: {answer.get_status_display()} กำหนดเสร็จ {thai.thai_date(answer.due_date)}"
                ),
                url=reverse("oit:answer", args=[answer.pk]),
                agency=workspace.agency,
            )


def link_failures(as_of: datetime.date) -> Iterator[Due]:
    """An OIT item one of whose links failed its check yesterday or today: whoever prepares it (once a week)."""
    year, week, _ = as_of.isocalendar()
    links = (
        Link.objects.filter(check_ok=False, checked_at__date__gte=as_of - datetime.timedelta(days=1))
        .filter(checked_at__date__lte=as_of)
        .select_related("answer__workspace__agency", "answer__item", "answer__responsible")
        .order_by("answer", "order")
    )
    by_answer: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        by_answer[link.answer_id].append(link)
    for answer_links in by_answer.values():
        answer = answer_links[0].answer
        urls = "\n".join(link.url for link in answer_links[:10])
        for person in answer_people(answer):
            yield Due(
                user=person,
                kind=Kind.REMINDERS,
                occasion=f"oit-link:answer-{answer.pk}:{year}-W{week:02d}",
                title=f"ลิงก์ของข้อ {answer.item.code} (OIT ปี {thai.thai_digits(answer.workspace.fiscal_year)}) ตรวจไม่ผ่าน",
                body=f"ลิงก์ที่ใช้ไม่ได้หรือไม่ผ่านการตรวจ:\n{urls}",
                url=reverse("oit:answer", args=[answer.pk]),
                agency=answer.workspace.agency,
            )


# --- approvals ----------------------------------------------------------------------------------------


def step_people(memo: Memo, step: MemoStep, *, day: datetime.date | None = None) -> list[Any]:
    """Who may act on a step: its person, else every active approver holding its position; and their stand-ins."""
    from reports.memos.standins import in_force

    if step.user is not None:
        people = [step.user]
    else:
        people = [
            m.user
            for m in Membership.objects.filter(
                agency=memo.agency, role=Membership.Role.APPROVER, position_title=step.position_title, is_active=True
            ).select_related("user")
        ]
    stand_ins = StandIn.objects.filter(in_force(day), agency=memo.agency, principal__in=people).select_related(
        "stand_in"
    )
    people += [s.stand_in for s in stand_ins if s.stand_in not in people]
    return [p for p in people if p.is_active]


def waiting_memos() -> list[Memo]:
    """Submitted memos with `waiting_since`: when their current step began to wait (the last submit or act)."""
    moves = MemoEvent.objects.filter(
        memo=OuterRef("pk"),
        action__in=[MemoEvent.Action.SUBMIT, MemoEvent.Action.RESUBMIT, MemoEvent.Action.ACT],
    ).order_by("-at", "-pk")
    return list(
        Memo.objects.filter(status=Memo.Status.SUBMITTED, current_step__isnull=False)
        .annotate(waiting_since=Subquery(moves.values("at")[:1]))
        .select_related("agency", "chain")
        .order_by("pk")
    )


def days_waiting(memo: Memo, as_of: datetime.date) -> int:
    since = memo.waiting_since  # type: ignore[attr-defined]
    return -1 if since is None else (as_of - timezone.localtime(since).date()).days


def approval_reminders(as_of: datetime.date) -> Iterator[Due]:
    """A step waiting N days (the chain's remind_after_days): its approvers; at 2N days: the coordinators too."""
    for memo in waiting_memos():
        limit = memo.chain.remind_after_days or DEFAULT_REMIND_AFTER_DAYS
        days = days_waiting(memo, as_of)
        if days < limit:
            continue
        step = MemoStep.objects.filter(memo=memo, round=memo.round, order=memo.current_step, acted_at__isnull=True)
        step = step.select_related("user").first()
        if step is None:
            continue
        key = f"approval-wait:memo-{memo.pk}:r{memo.round}:s{step.order}"
        waited = f"รอพิจารณามาแล้ว {thai.thai_digits(days)} วัน"
        url = reverse("reports:memo", args=[memo.pk])
        about = f"บันทึกข้อความที่ {memo.number_text} เรื่อง {memo.subject}"
        for person in step_people(memo, step, day=as_of):
            yield Due(
                user=person,
                kind=Kind.APPROVALS,
                occasion=f"{key}:approver",
                title=f"บันทึกข้อความรอการพิจารณาของท่าน {waited}: {memo.subject}"[:300],
                body=f"{about}\nรอการพิจารณาของ {step.position_title} {waited}",
                url=url,
                agency=memo.agency,
            )
        if days < 2 * limit:
            continue
        coordinators = Membership.objects.filter(
            agency=memo.agency, role=Membership.Role.COORDINATOR, is_active=True, user__is_active=True
        ).select_related("user")
        for member in coordinators:
            yield Due(
                user=member.user,
                kind=Kind.APPROVALS,
                occasion=f"{key}:coordinator",
                title=f"บันทึกข้อความค้างที่ {step.position_title} {waited}: {memo.subject}"[:300],
                body=f"{about}\nค้างการพิจารณาของ {step.position_title} {waited} กรุณาติดตาม",
                url=url,
                agency=memo.agency,
            )


# --- all of it --------------------------------------------------------------------------------------------


def due_on(as_of: datetime.date) -> Iterator[Due]:
    """Everything due on `as_of`, in a fixed order."""
    from notifications.digests import coordinator_digests, overseer_digests

    yield from round_reminders(as_of)
    yield from oit_reminders(as_of)
    yield from link_failures(as_of)
    yield from approval_reminders(as_of)
    if as_of.weekday() == DIGEST_WEEKDAY:
        yield from coordinator_digests(as_of)
        yield from overseer_digests(as_of)


def run(as_of: datetime.date | None = None, *, out: Callable[[str], None] | None = None) -> list[str]:
    """Notify everyone of what is due on `as_of` (today by default); one line per new message, then the sweep.

    What was already sent for an occasion is not sent again (services.notify); deliveries still
    pending from earlier (a mail or LINE outage) are queued again.
    """
    from notifications.services import delivery_sweep, notify

    as_of = as_of or timezone.localdate()
    lines = []
    for due in due_on(as_of):
        created = notify(
            user=due.user, kind=due.kind, occasion=due.occasion, title=due.title, body=due.body, url=due.url,
            agency=due.agency, email_template=due.template, context=due.context,
        )  # fmt: skip
        for channel in created.channels:
            line = f"{as_of.isoformat()} {channel} {due.user.get_username()} {due.occasion}"
            lines.append(line)
            if out is not None:
                out(line)
    delivery_sweep()
    return lines
