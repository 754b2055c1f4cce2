"""Memo workflow: create, edit, submit, act on a step, return; every state change is a conditional update.

Only the coordinator of the agency drafts and submits memos.  Only the approver assigned to the
current step acts on it, once: the step row is updated only while it has not been acted on and
the memo only while it is still at that step of that round, inside one transaction, so a double
click or two tabs (or two people) cannot act twice.  Numbers (ที่) come from a locked counter per
agency and calendar year inside the submitting transaction: never duplicated, never skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from assessments.models import Agency, Membership
from assessments.permissions import can_manage_results
from assessments.selectors import membership_in_agency
from assessments.titles import head_title
from ita_portal import thai
from reports.memos import decisions, standins
from reports.models import (
    ApprovalChain,
    ApprovalChainStep,
    GeneratedDocument,
    Memo,
    MemoCounter,
    MemoEvent,
    MemoStep,
    StandIn,
)
from reports.models.memos import SECTIONS

logger = logging.getLogger(__name__)

DECISION_LABELS = dict(ApprovalChainStep.Decision.choices)
REJECT = ApprovalChainStep.Decision.REJECT
COMMENT = ApprovalChainStep.Decision.COMMENT
MEMO_FIELDS = [
    "chain",
    "division",
    "phone",
    "subject",
    "to",
    *[f for f, _ in SECTIONS],
    "enclosures",
    "requester_name",
    "requester_position",
]


@dataclass(frozen=True)
class Request:
    """Who acts and from where, for the audit trail."""

    user: AbstractBaseUser
    ip: str | None = None
    user_agent: str = ""


class MemoConflict(Exception):
    """Someone else changed the memo first; the message says what to do, in Thai."""


def _record(memo: Memo, action: str, request: Request | None, *, step: int | None = None, **detail: Any) -> MemoEvent:
    return MemoEvent.objects.create(
        memo=memo,
        action=action,
        user=request.user if request else None,
        ip=request.ip if request else None,
        user_agent=(request.user_agent if request else "")[:300],
        round=memo.round or None,
        step=step,
        detail=detail,
    )


def require_coordinator(user: AbstractBaseUser, agency: Agency) -> None:
    """Only the agency's coordinator drafts, submits and manages memos and approval chains."""
    if not can_manage_results(user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่จัดทำและเสนอบันทึกข้อความได้")


# --- drafting -------------------------------------------------------------------------------------


def memo_defaults(*, agency: Agency, user: AbstractBaseUser, documents: list[GeneratedDocument]) -> dict[str, Any]:
    """A new memo's fields pre-filled as seed 000's: header from the agency, the four sections from
    the kind of the attached documents, the requester from the user's membership."""
    from reports.memos.wording import memo_wording

    membership = membership_in_agency(user, agency)
    department = membership.department.name if membership and membership.department else "สำนักปลัด"
    chain = ApprovalChain.objects.filter(agency=agency, is_default=True).first() or agency.approval_chains.first()
    return {
        "chain": chain,
        "division": f"{department} {agency.full_name}",
        "phone": thai.thai_digits(agency.phone),
        "to": head_title(agency),
        "requester_name": user.get_full_name() or user.get_username(),
        "requester_position": (membership.position_title if membership else "") or "",
        **memo_wording(agency, documents),
    }


def _clean_documents(agency: Agency, documents: list[GeneratedDocument]) -> None:
    for document in documents:
        if document.agency_id != agency.pk:
            raise ValidationError({"documents": "แนบได้เฉพาะเอกสารของหน่วยงานนี้"})
        if document.status != GeneratedDocument.Status.DONE:
            raise ValidationError({"documents": f"เอกสาร {document} ยังสร้างไม่เสร็จ จึงแนบไม่ได้"})


def memo_create(*, agency: Agency, request: Request, data: dict[str, Any], documents: list[GeneratedDocument]) -> Memo:
    require_coordinator(request.user, agency)
    _clean_documents(agency, documents)
    if data["chain"].agency_id != agency.pk:
        raise ValidationError({"chain": "สายการอนุมัติต้องเป็นของหน่วยงานนี้"})
    with transaction.atomic():
        memo = Memo(agency=agency, requester=request.user, **{name: data[name] for name in MEMO_FIELDS})
        memo.full_clean(exclude=["documents"])
        memo.save()
        memo.documents.set(documents)
        _record(memo, MemoEvent.Action.CREATE, request, documents=[d.pk for d in documents])
    return memo


def memo_update(
    *, memo: Memo, request: Request, data: dict[str, Any], documents: list[GeneratedDocument], expected_version: int
) -> Memo:
    """Edit a draft or a returned memo; refused once submitted or closed, or if someone saved first."""
    require_coordinator(request.user, memo.agency)
    _clean_documents(memo.agency, documents)
    if data["chain"].agency_id != memo.agency_id:
        raise ValidationError({"chain": "สายการอนุมัติต้องเป็นของหน่วยงานนี้"})
    values = {name: data[name] for name in MEMO_FIELDS}
    with transaction.atomic():
        updated = Memo.objects.filter(
            pk=memo.pk, version=expected_version, status__in=[Memo.Status.DRAFT, Memo.Status.RETURNED]
        ).update(**values, version=F("version") + 1, updated_at=timezone.now())
        if not updated:
            memo.refresh_from_db()
            if not memo.is_editable:
                raise MemoConflict("บันทึกข้อความนี้เสนอไปแล้ว แก้ไขไม่ได้")
            raise MemoConflict("มีผู้แก้ไขบันทึกข้อความนี้ก่อนหน้าคุณ กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง")
        memo.refresh_from_db()
        memo.documents.set(documents)
        _record(memo, MemoEvent.Action.EDIT, request, documents=[d.pk for d in documents])
    return memo


# --- submitting -----------------------------------------------------------------------------------


def locked_counter(agency: Agency, year: int) -> MemoCounter:
    """The agency's counter of `year` (พ.ศ.), created if need be and locked; call inside a transaction."""
    try:
        with transaction.atomic():
            MemoCounter.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:
        pass  # another submission created the counter at the same moment
    return MemoCounter.objects.select_for_update().get(agency=agency, year=year)


def _next_number(agency: Agency, year: int) -> int:
    """The next running number of the agency's memos in `year` (พ.ศ.); call inside a transaction."""
    counter = locked_counter(agency, year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


SUBMIT_COMMENT_MAX = 1000


def memo_submit(*, memo: Memo, request: Request, comment: str = "") -> Memo:
    """Send a draft (or a returned memo, after revision) to the first step of its chain.

    The first submission gives the memo its number and date; a resubmission keeps the number,
    takes today's date and starts the chain again as a new round.  The submitter's comment (what
    changed, what to look at) is kept in the audit row and shown in the memo's history.
    """
    require_coordinator(request.user, memo.agency)
    comment = (comment or "").strip()
    if len(comment) > SUBMIT_COMMENT_MAX:
        raise ValidationError({"comment": f"หมายเหตุการเสนอยาวได้ไม่เกิน {thai.thai_digits(SUBMIT_COMMENT_MAX)} ตัวอักษร"})
    chain_steps = list(memo.chain.steps.order_by("order"))
    if not chain_steps:
        raise ValidationError("สายการอนุมัติที่เลือกยังไม่มีขั้นตอน กรุณาตั้งค่าสายการอนุมัติก่อน")
    if not memo.documents.exists():
        raise ValidationError("กรุณาแนบเอกสารอย่างน้อยหนึ่งฉบับก่อนเสนอ")
    today = timezone.localdate()
    with transaction.atomic():
        previous = Memo.objects.select_for_update().get(pk=memo.pk)
        if not previous.is_editable:
            raise MemoConflict("บันทึกข้อความนี้เสนอไปแล้ว")
        resubmit = previous.status == Memo.Status.RETURNED
        fields: dict[str, Any] = {
            "status": Memo.Status.SUBMITTED,
            "round": previous.round + 1,
            "current_step": chain_steps[0].order,
            "memo_date": today,
            "version": F("version") + 1,
            "updated_at": timezone.now(),
        }
        if previous.number_seq is None:
            year = thai.be_year(today.year)
            fields["number_year"] = year
            fields["number_seq"] = _next_number(memo.agency, year)
        Memo.objects.filter(pk=memo.pk).update(**fields)
        memo.refresh_from_db()
        MemoStep.objects.bulk_create(
            MemoStep(
                memo=memo,
                round=memo.round,
                order=step.order,
                heading=step.heading,
                position_title=step.position_title,
                user=step.user,
                decisions=list(step.decisions),
                comment_required=step.comment_required,
            )
            for step in chain_steps
        )
        action = MemoEvent.Action.RESUBMIT if resubmit else MemoEvent.Action.SUBMIT
        _record(memo, action, request, number=memo.number_text, **({"comment": comment} if comment else {}))
        transaction.on_commit(lambda: _notify_step(memo.pk), robust=True)
    return memo


# --- acting ---------------------------------------------------------------------------------------


def current_step(memo: Memo) -> MemoStep | None:
    if memo.status != Memo.Status.SUBMITTED or memo.current_step is None:
        return None
    return MemoStep.objects.filter(memo=memo, round=memo.round, order=memo.current_step).first()


def can_act(user: AbstractBaseUser, step: MemoStep | None) -> bool:
    """The step's assigned person, or (when none is assigned) an approver of the agency holding its position."""
    if step is None or step.acted_at is not None or not user.is_authenticated:
        return False
    # A deactivated member keeps their steps on record but no longer acts on them.
    members = Membership.objects.filter(user=user, agency_id=step.memo.agency_id, is_active=True)
    if step.user_id is not None:
        return step.user_id == user.pk and members.exists()
    return members.filter(role=Membership.Role.APPROVER, position_title=step.position_title).exists()


def may_act(user: AbstractBaseUser, step: MemoStep | None) -> bool:
    """In their own name (`can_act`), or as the stand-in in force today of the step's person."""
    return can_act(user, step) or (step is not None and standins.stand_in_for_step(user, step) is not None)


def acting_stand_in(user: AbstractBaseUser, step: MemoStep | None) -> StandIn | None:
    """The stand-in through which `user` acts on `step` today; None when they act in their own name (or not at all)."""
    if step is None or can_act(user, step):
        return None
    return standins.stand_in_for_step(user, step)


def _acting_step(memo: Memo, step_order: int, user: AbstractBaseUser) -> tuple[MemoStep, StandIn | None]:
    """The current step and the stand-in the user acts through (None: in their own name); refusals in Thai."""
    step = MemoStep.objects.select_related("memo").filter(memo=memo, round=memo.round, order=step_order).first()
    if step is None or memo.status != Memo.Status.SUBMITTED or memo.current_step != step_order:
        raise MemoConflict("ขั้นนี้ไม่ใช่ขั้นที่รอพิจารณาอยู่ หรือมีการพิจารณาไปแล้ว")
    own = can_act(user, step)
    stand_in = None if own else standins.stand_in_for_step(user, step)
    if not own and stand_in is None:
        if step.acted_at is not None:
            raise MemoConflict("ขั้นนี้มีการพิจารณาไปแล้ว")
        raise PermissionDenied("คุณไม่ใช่ผู้พิจารณาของขั้นนี้")
    refusal = standins.same_round_conflict(user, step, as_stand_in=stand_in is not None)
    if refusal:
        raise ValidationError(refusal)
    return step, stand_in


def memo_act(
    *,
    memo: Memo,
    step_order: int,
    request: Request,
    decision: str,
    comment: str,
    decision_text: str = "",
    second_factor: bool = False,
) -> Memo:
    """Record the current step's decision, its words and comment; move on to the next step, or close the memo.

    `second_factor`: the approver confirmed a second factor just before (recorded in the audit row and
    printed on the e-signature line).
    """
    step, stand_in = _acting_step(memo, step_order, request.user)
    if decision not in step.decisions:
        raise ValidationError({"decision": "กรุณาเลือกคำวินิจฉัยที่กำหนดไว้สำหรับขั้นนี้"})
    decision_text = decisions.clean_words(decision, decision_text)
    comment = comment.strip()
    if (step.comment_required or decision == COMMENT) and not comment:
        raise ValidationError({"comment": "กรุณาระบุความเห็น"})
    now = timezone.now()
    later = list(
        MemoStep.objects.filter(memo=memo, round=memo.round, order__gt=step_order)
        .order_by("order")
        .values_list("order", flat=True)
    )
    actor, acting = standins.actor(request.user, step, stand_in)
    with transaction.atomic():
        taken = MemoStep.objects.filter(pk=step.pk, acted_at__isnull=True).update(
            **actor,
            decision=decision,
            decision_text=decision_text,
            comment=comment,
            acted_at=now,
        )
        if decision == REJECT:
            memo_fields: dict[str, Any] = {"status": Memo.Status.REJECTED, "current_step": None, "finished_at": now}
        elif later:
            memo_fields = {"current_step": later[0]}
        else:
            memo_fields = {"status": Memo.Status.APPROVED, "current_step": None, "finished_at": now}
        moved = Memo.objects.filter(
            pk=memo.pk, status=Memo.Status.SUBMITTED, round=memo.round, current_step=step_order
        ).update(**memo_fields, version=F("version") + 1, updated_at=now)
        if not (taken and moved):
            transaction.set_rollback(True)
            raise MemoConflict("ขั้นนี้มีการพิจารณาไปแล้ว")
        memo.refresh_from_db()
        _record(
            memo,
            MemoEvent.Action.ACT,
            request,
            step=step_order,
            decision=decision,
            decision_label=DECISION_LABELS.get(decision, decision),
            decision_text=decision_text,
            comment=comment,
            second_factor=bool(second_factor),
            **acting,
        )
        if memo.is_closed:
            transaction.on_commit(lambda: _finish(memo.pk), robust=True)
        else:
            transaction.on_commit(lambda: _notify_step(memo.pk), robust=True)
    return memo


def memo_return(
    *, memo: Memo, step_order: int, request: Request, reason: str, words: str = "", second_factor: bool = False
) -> Memo:
    """Send the memo back to the requester for revision, with a reason; the round's later steps are void."""
    step, stand_in = _acting_step(memo, step_order, request.user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "กรุณาระบุเหตุผลที่ส่งกลับ"})
    words = decisions.clean_return_words(words)
    now = timezone.now()
    actor, acting = standins.actor(request.user, step, stand_in)
    with transaction.atomic():
        taken = MemoStep.objects.filter(pk=step.pk, acted_at__isnull=True).update(
            **actor,
            returned=True,
            decision_text=words,
            comment=reason,
            acted_at=now,
        )
        moved = Memo.objects.filter(
            pk=memo.pk, status=Memo.Status.SUBMITTED, round=memo.round, current_step=step_order
        ).update(status=Memo.Status.RETURNED, current_step=None, version=F("version") + 1, updated_at=now)
        if not (taken and moved):
            transaction.set_rollback(True)
            raise MemoConflict("ขั้นนี้มีการพิจารณาไปแล้ว")
        memo.refresh_from_db()
        _record(
            memo,
            MemoEvent.Action.RETURN,
            request,
            step=step_order,
            reason=reason,
            decision_text=words,
            second_factor=bool(second_factor),
            **acting,
        )
        transaction.on_commit(lambda: _notify_requester(memo.pk), robust=True)
    return memo


def memo_record_download(*, memo: Memo, request: Request) -> None:
    _record(memo, MemoEvent.Action.DOWNLOAD, request, sha256=memo.final_sha256)


# --- after the last step --------------------------------------------------------------------------


def _finish(memo_id: int) -> None:
    """Queue the final PDF (rendered, signed, hashed) and tell the requester."""
    from reports.tasks import finalize_memo

    Memo.objects.filter(pk=memo_id, final=Memo.Final.NONE).update(
        final=Memo.Final.RENDERING, final_queued_at=timezone.now()
    )
    try:
        finalize_memo.delay(memo_id)
    except Exception as exc:  # the broker is down: say so on the memo; the coordinator can retry
        logger.exception("finalize_memo(%s) could not be queued", memo_id)
        # (When tasks run inline the task itself has already recorded its error.)
        Memo.objects.filter(pk=memo_id, final=Memo.Final.RENDERING).update(
            final=Memo.Final.FAILED, final_error=f"สร้างฉบับสมบูรณ์ไม่สำเร็จ: {exc}"
        )
    _notify_requester(memo_id)


def _notify_step(memo_id: int) -> None:
    from reports.memos.notify import notify_next_approvers

    notify_next_approvers(memo_id)


def _notify_requester(memo_id: int) -> None:
    from reports.memos.notify import notify_requester

    notify_requester(memo_id)


# --- retrying the final file (added with the memo pages) ------------------------------------------

FINAL_STALE_AFTER = timedelta(minutes=10)


def _final_abandoned(now: datetime) -> Q:
    """Final PDFs sent to the workers FINAL_STALE_AFTER ago and still "rendering": their worker died."""
    cutoff = now - FINAL_STALE_AFTER
    # Memos closed before final_queued_at existed count from when they were closed.
    sent_long_ago = Q(final_queued_at__lt=cutoff) | Q(final_queued_at__isnull=True, finished_at__lt=cutoff)
    return Q(final=Memo.Final.RENDERING) & sent_long_ago


def memo_final_is_stale(memo: Memo) -> bool:
    """The final PDF has been "rendering" for so long that its worker has surely died."""
    sent = memo.final_queued_at or memo.finished_at
    return bool(memo.final == Memo.Final.RENDERING and sent and sent < timezone.now() - FINAL_STALE_AFTER)


def memo_final_sweep(*, limit: int = 100) -> int:
    """Send again the final PDFs whose worker died (SIGKILL, a lost machine); returns how many were sent.

    Run with the document sweep by every worker (reports.tasks).  The conditional update of
    final_queued_at makes each memo sent once however many workers sweep; rendering twice is harmless
    (memo_finalize is idempotent).
    """
    from reports.tasks import finalize_memo

    now = timezone.now()
    sent = 0
    for memo_id in Memo.objects.filter(_final_abandoned(now)).order_by("pk").values_list("pk", flat=True)[:limit]:
        if not Memo.objects.filter(_final_abandoned(now), pk=memo_id).update(final_queued_at=now):
            continue  # another worker's sweep took it
        logger.warning("memo %s: its final PDF was left rendering by a dead worker; sent again", memo_id)
        finalize_memo.delay(memo_id)
        sent += 1
    return sent


def memo_final_retry(*, memo: Memo, request: Request) -> bool:
    """Queue a closed memo's final PDF again after it failed (or was abandoned, or never queued); False when not needed.

    The state moves failed → rendering with a conditional update, so two clicks queue it once.
    """
    from reports.tasks import finalize_memo

    require_coordinator(request.user, memo.agency)
    abandoned = _final_abandoned(timezone.now())
    queued = (
        Memo.objects.filter(pk=memo.pk, status__in=[Memo.Status.APPROVED, Memo.Status.REJECTED])
        .filter(Q(final__in=[Memo.Final.FAILED, Memo.Final.NONE]) | abandoned)
        .update(final=Memo.Final.RENDERING, final_error="", final_queued_at=timezone.now())
    )
    if not queued:
        return False
    try:
        finalize_memo.delay(memo.pk)
    except Exception as exc:  # the broker is down, or (run inline) the task failed and recorded why
        logger.exception("finalize_memo(%s) could not be queued again", memo.pk)
        Memo.objects.filter(pk=memo.pk, final=Memo.Final.RENDERING).update(
            final=Memo.Final.FAILED, final_error=f"สร้างฉบับสมบูรณ์ไม่สำเร็จ: {exc}"
        )
    memo.refresh_from_db()
    return True
