"""E-mail to the next approver at each step and to the requester at the end (Django's mail; console by default)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from assessments.models import Membership
from reports.memos.standins import in_force
from reports.models import Memo, MemoStep, StandIn

logger = logging.getLogger(__name__)


def _link(memo: Memo) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("reports:memo", args=[memo.pk])


def _send(subject: str, body: str, recipients: list[str]) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception:  # mail trouble must never undo or block an approval
        logger.exception("could not send %r to %s", subject, recipients)


def notify_next_approvers(memo_id: int) -> None:
    memo = Memo.objects.select_related("agency").filter(pk=memo_id, status=Memo.Status.SUBMITTED).first()
    if memo is None:
        return
    step = MemoStep.objects.filter(memo=memo, round=memo.round, order=memo.current_step).select_related("user").first()
    if step is None:
        return
    if step.user is not None:
        people = [step.user]
    else:
        people = [
            m.user
            for m in Membership.objects.filter(
                agency=memo.agency, role=Membership.Role.APPROVER, position_title=step.position_title, is_active=True
            ).select_related("user")
        ]
    # Whoever stands in for them today (reports.memos.standins) hears of it too.
    stand_ins = StandIn.objects.filter(in_force(), agency=memo.agency, principal__in=people).select_related("stand_in")
    people += [s.stand_in for s in stand_ins if s.stand_in not in people]
    _send(
        f"[ITA] รอพิจารณา: {memo.subject}",
        f"บันทึกข้อความที่ {memo.number_text} เรื่อง {memo.subject}\nรอการพิจารณาของ {step.position_title}\n\n{_link(memo)}",
        [person.email for person in people],
    )


def notify_requester(memo_id: int) -> None:
    memo = Memo.objects.select_related("agency", "requester").filter(pk=memo_id).first()
    if memo is None:
        return
    _send(
        f"[ITA] {memo.get_status_display()}: {memo.subject}",
        f"บันทึกข้อความที่ {memo.number_text} เรื่อง {memo.subject}\nสถานะ: {memo.get_status_display()}\n\n{_link(memo)}",
        [memo.requester.email],
    )
