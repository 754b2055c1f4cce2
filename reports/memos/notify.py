"""Tell the next approvers at each step and the requester at the end: in-app, e-mail and LINE per their
choices (notifications.notify, kind "approvals"); the mail goes from a worker, never inside the request."""

from __future__ import annotations

from django.urls import reverse

from notifications.models import Kind
from notifications.reminders import step_people
from notifications.services import notify
from reports.models import Memo, MemoStep


def notify_next_approvers(memo_id: int) -> None:
    memo = Memo.objects.select_related("agency").filter(pk=memo_id, status=Memo.Status.SUBMITTED).first()
    if memo is None:
        return
    step = MemoStep.objects.filter(memo=memo, round=memo.round, order=memo.current_step).select_related("user").first()
    if step is None:
        return
    # Whoever stands in for them today (reports.memos.standins) hears of it too.
    for person in step_people(memo, step):
        notify(
            user=person,
            kind=Kind.APPROVALS,
            occasion=f"memo-step:memo-{memo.pk}:r{memo.round}:s{step.order}",
            title=f"รอพิจารณา: {memo.subject}"[:300],
            body=f"บันทึกข้อความที่ {memo.number_text} เรื่อง {memo.subject}\nรอการพิจารณาของ {step.position_title}",
            url=reverse("reports:memo", args=[memo.pk]),
            agency=memo.agency,
        )


def notify_requester(memo_id: int) -> None:
    memo = Memo.objects.select_related("agency", "requester").filter(pk=memo_id).first()
    if memo is None:
        return
    notify(
        user=memo.requester,
        kind=Kind.APPROVALS,
        occasion=f"memo-status:memo-{memo.pk}:r{memo.round}:{memo.status}",
        title=f"{memo.get_status_display()}: {memo.subject}"[:300],
        body=f"บันทึกข้อความที่ {memo.number_text} เรื่อง {memo.subject}\nสถานะ: {memo.get_status_display()}",
        url=reverse("reports:memo", args=[memo.pk]),
        agency=memo.agency,
    )
