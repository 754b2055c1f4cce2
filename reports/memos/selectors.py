"""Reading memos: scoped to the user's agencies; the inbox is the memos waiting for the user's action."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from assessments.models import Agency, Membership
from assessments.selectors import agencies_for_user
from reports.memos import standins
from reports.models import Memo, MemoStep, StandIn


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
    """Memos whose current step waits for this user: assigned to them, or (unassigned) to their position,
    or waiting for someone they stand in for today (reports.memos.standins)."""
    if not user.is_authenticated:
        return Memo.objects.none()
    positions = Membership.objects.filter(
        user=user,
        is_active=True,
        role=Membership.Role.APPROVER,
        agency=OuterRef("memo__agency"),
        position_title=OuterRef("position_title"),
    )
    mine = Q(user=user) | (Q(user__isnull=True) & Exists(positions)) | standins.steps_stood_in_for(user)
    waiting = MemoStep.objects.filter(
        memo=OuterRef("pk"),
        round=OuterRef("round"),
        order=OuterRef("current_step"),
        acted_at__isnull=True,
    ).filter(mine)
    member_of = Membership.objects.filter(user=user, is_active=True).values("agency")
    return (
        Memo.objects.filter(status=Memo.Status.SUBMITTED, agency__in=member_of)
        .filter(Exists(waiting))
        .select_related("agency", "requester")
        .order_by("updated_at", "pk")
    )


def inbox_acting_for(user: AbstractBaseUser, memos: list[Memo]) -> dict[int, StandIn]:
    """memo pk → the stand-in through which `user` acts on it (memos they act on in their own name are absent).

    `memos` carry `current_user` and `current_position` (views.shared.with_current_position).
    """
    stand_ins = list(standins.principals_today(user))
    if not stand_ins:
        return {}
    by_principal = {(s.agency_id, s.principal_id): s for s in stand_ins}
    by_position = standins.held_positions(stand_ins)
    own_positions = set(
        Membership.objects.filter(user=user, role=Membership.Role.APPROVER).values_list("agency", "position_title")
    )
    found = {}
    for memo in memos:
        step_user, position = getattr(memo, "current_user", None), getattr(memo, "current_position", "")
        if step_user == user.pk or (step_user is None and (memo.agency_id, position) in own_positions):
            continue
        stand_in = (
            by_principal.get((memo.agency_id, step_user))
            if step_user is not None
            else by_position.get((memo.agency_id, position))
        )
        if stand_in is not None:
            found[memo.pk] = stand_in
    return found


def inbox_count(user: AbstractBaseUser) -> int:
    return inbox_for_user(user).count()


def memo_steps(memo: Memo) -> list[MemoStep]:
    """Every step of every round, oldest round first (the history stays visible)."""
    return list(memo.steps.select_related("user", "acted_by").order_by("round", "order"))
