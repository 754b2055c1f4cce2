"""Reading memos: scoped to the user's agencies; the inbox is the memos waiting for the user's action."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from assessments.models import Agency, Membership
from assessments.selectors import agencies_for_user
from reports.models import Memo, MemoStep


def memos_for_user(user: AbstractBaseUser) -> QuerySet[Memo]:
    return Memo.objects.filter(agency__in=agencies_for_user(user)).select_related("agency", "chain", "requester")


def agency_memos(agency: Agency) -> QuerySet[Memo]:
    return Memo.objects.filter(agency=agency).select_related("agency", "requester")


def get_memo_for_user(user: AbstractBaseUser, pk: int) -> Memo:
    memo = memos_for_user(user).filter(pk=pk).first()
    if memo is None:
        raise Http404("ไม่พบบันทึกข้อความ")
    return memo


def inbox_for_user(user: AbstractBaseUser) -> QuerySet[Memo]:
    """Memos whose current step waits for this user: assigned to them, or (unassigned) to their position."""
    if not user.is_authenticated:
        return Memo.objects.none()
    positions = Membership.objects.filter(
        user=user,
        is_active=True,
        role=Membership.Role.APPROVER,
        agency=OuterRef("memo__agency"),
        position_title=OuterRef("position_title"),
    )
    waiting = MemoStep.objects.filter(
        memo=OuterRef("pk"),
        round=OuterRef("round"),
        order=OuterRef("current_step"),
        acted_at__isnull=True,
    ).filter(Q(user=user) | (Q(user__isnull=True) & Exists(positions)))
    member_of = Membership.objects.filter(user=user, is_active=True).values("agency")
    return (
        Memo.objects.filter(status=Memo.Status.SUBMITTED, agency__in=member_of)
        .filter(Exists(waiting))
        .select_related("agency", "requester")
        .order_by("updated_at", "pk")
    )


def inbox_count(user: AbstractBaseUser) -> int:
    return inbox_for_user(user).count()


def memo_steps(memo: Memo) -> list[MemoStep]:
    """Every step of every round, oldest round first (the history stays visible)."""
    return list(memo.steps.select_related("user", "acted_by").order_by("round", "order"))
