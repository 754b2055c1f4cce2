"""Stand-ins (รักษาราชการแทน / ปฏิบัติราชการแทน): naming one, cancelling it, and who may act for whom today.

An approver names their own stand-in; the coordinator may name one for any approver (or for
themselves).  Both people must be active members of the agency.  During the range (dates in
Asia/Bangkok, both inclusive) the stand-in sees the principal's waiting steps in their inbox and
may act on them (reports.memos.services); the step and the audit row record who acted for whom.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from assessments.models import Agency, Membership
from assessments.permissions import can_manage_results
from ita_portal import thai
from reports.models import MemoStep, StandIn

PRINCIPAL_ROLES = [Membership.Role.APPROVER, Membership.Role.COORDINATOR]
MEMBER_ROLES = [Membership.Role.APPROVER, Membership.Role.COORDINATOR, Membership.Role.STAFF]


def _active_member(user: AbstractBaseUser, agency: Agency, roles: list[str]) -> Membership | None:
    return Membership.objects.filter(user=user, agency=agency, role__in=roles, is_active=True).first()


def can_name_stand_in(user: AbstractBaseUser, agency: Agency) -> bool:
    """The coordinator (for anyone), or an active approver (for themselves)."""
    if not user.is_authenticated:
        return False
    return can_manage_results(user, agency) or _active_member(user, agency, [Membership.Role.APPROVER]) is not None


def can_cancel(user: AbstractBaseUser, stand_in: StandIn) -> bool:
    """The coordinator, the principal, or whoever named the stand-in; only while it is not cancelled."""
    if stand_in.cancelled_at is not None or not user.is_authenticated:
        return False
    return can_manage_results(user, stand_in.agency) or (
        user.pk in (stand_in.principal_id, stand_in.created_by_id)
        and _active_member(user, stand_in.agency, MEMBER_ROLES) is not None
    )


@dataclass(frozen=True)
class StandInData:
    principal: AbstractBaseUser
    stand_in: AbstractBaseUser
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    legal_basis: str


def stand_in_create(*, agency: Agency, user: AbstractBaseUser, data: StandInData) -> StandIn:
    """Name a stand-in for a range of days; refused (in Thai) for people outside the agency and overlapping ranges."""
    if not can_name_stand_in(user, agency):
        raise PermissionDenied("เฉพาะผู้บริหารหรือผู้ประสานงานของหน่วยงานเท่านั้นที่แต่งตั้งผู้รักษาราชการแทนได้")
    if data.principal.pk != user.pk and not can_manage_results(user, agency):
        raise PermissionDenied("ผู้บริหารแต่งตั้งผู้รักษาราชการแทนได้เฉพาะของตนเอง")
    if _active_member(data.principal, agency, PRINCIPAL_ROLES) is None:
        raise ValidationError({"principal": "ผู้ถูกแทนต้องเป็นผู้บริหารหรือผู้ประสานงานของหน่วยงานนี้ที่ยังใช้งานอยู่"})
    if _active_member(data.stand_in, agency, MEMBER_ROLES) is None:
        raise ValidationError({"stand_in": "ผู้ทำการแทนต้องเป็นสมาชิกของหน่วยงานนี้ที่ยังใช้งานอยู่"})
    if data.stand_in.pk == data.principal.pk:
        raise ValidationError({"stand_in": "ผู้ทำการแทนต้องไม่ใช่บุคคลเดียวกับผู้ถูกแทน"})
    if data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"})
    if data.ends_on < timezone.localdate():
        raise ValidationError({"ends_on": "ช่วงวันที่นี้สิ้นสุดไปแล้ว"})
    basis = data.legal_basis.strip()
    if not basis:
        raise ValidationError({"legal_basis": "กรุณาระบุคำสั่งที่แต่งตั้ง เช่น คำสั่งเทศบาลตำบลรอบเวียง ที่ ๑๒/๒๕๖๙"})
    with transaction.atomic():
        # Lock the principal's stand-ins so two overlapping ones cannot be named at the same moment.
        existing = StandIn.objects.select_for_update().filter(
            agency=agency, principal=data.principal, cancelled_at__isnull=True
        )
        clash = existing.filter(starts_on__lte=data.ends_on, ends_on__gte=data.starts_on).first()
        if clash is not None:
            raise ValidationError(
                f"ช่วงวันที่ซ้อนกับผู้ทำการแทนที่แต่งตั้งไว้แล้ว ({thai.date_range_text(clash.starts_on, clash.ends_on)}) "
                "กรุณายกเลิกรายการเดิมก่อน"
            )
        stand_in = StandIn(
            agency=agency,
            principal=data.principal,
            stand_in=data.stand_in,
            kind=data.kind,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            legal_basis=basis,
            created_by=user,
        )
        stand_in.full_clean()
        stand_in.save()
    return stand_in


def stand_in_cancel(*, stand_in: StandIn, user: AbstractBaseUser) -> bool:
    """Cancel a stand-in from now on (steps already acted on keep who acted); False if it was already cancelled."""
    if not can_cancel(user, stand_in):
        if stand_in.cancelled_at is not None:
            return False
        raise PermissionDenied("เฉพาะผู้ประสานงาน ผู้ถูกแทน หรือผู้แต่งตั้งเท่านั้นที่ยกเลิกได้")
    now = timezone.now()
    cancelled = StandIn.objects.filter(pk=stand_in.pk, cancelled_at__isnull=True).update(
        cancelled_at=now, cancelled_by=user, updated_at=now
    )
    stand_in.refresh_from_db()
    return bool(cancelled)


# --- who acts for whom --------------------------------------------------------------------------------


def in_force(day: datetime.date | None = None) -> Q:
    """Stand-ins not cancelled whose range holds `day` (today in Asia/Bangkok by default)."""
    day = day or timezone.localdate()
    return Q(cancelled_at__isnull=True, starts_on__lte=day, ends_on__gte=day)


def stand_in_for_step(user: AbstractBaseUser, step: MemoStep) -> StandIn | None:
    """The stand-in in force today through which `user` may act on `step` (None: not as a stand-in)."""
    if not user.is_authenticated or step.acted_at is not None:
        return None
    agency_id = step.memo.agency_id
    if not Membership.objects.filter(user=user, agency_id=agency_id, is_active=True).exists():
        return None
    stand_ins = StandIn.objects.filter(in_force(), agency_id=agency_id, stand_in=user).select_related("principal")
    if step.user_id is not None:
        stand_ins = stand_ins.filter(principal_id=step.user_id)
    else:
        holders = Membership.objects.filter(
            agency_id=agency_id, role=Membership.Role.APPROVER, is_active=True, position_title=step.position_title
        ).values("user")
        stand_ins = stand_ins.filter(principal__in=holders)
    return stand_ins.order_by("starts_on", "pk").first()


def principals_today(user: AbstractBaseUser) -> QuerySet[StandIn]:
    """The stand-ins in force today in which `user` (still an active member there) acts for someone."""
    member = Membership.objects.filter(user=OuterRef("stand_in"), agency=OuterRef("agency"), is_active=True)
    return StandIn.objects.filter(in_force(), Exists(member), stand_in=user).select_related("principal")


def steps_stood_in_for(user: AbstractBaseUser) -> Q:
    """A MemoStep filter: the steps `user` may take today as a stand-in (one subquery, no query of its own).

    The step's person is a principal of theirs, or (for a step of no person) a principal holds the
    step's position as an active approver; the stand-in is still an active member of the agency.
    """
    member = Membership.objects.filter(user=OuterRef("stand_in"), agency=OuterRef("agency"), is_active=True)
    stood = StandIn.objects.filter(in_force(), Exists(member), stand_in=user, agency=OuterRef("memo__agency"))
    holds = Membership.objects.filter(
        user=OuterRef("principal"),
        agency=OuterRef("agency"),
        role=Membership.Role.APPROVER,
        is_active=True,
        position_title=OuterRef(OuterRef("position_title")),
    )
    return (Q(user__isnull=False) & Exists(stood.filter(principal=OuterRef("user")))) | (
        Q(user__isnull=True) & Exists(stood.filter(Exists(holds)))
    )


def held_positions(stand_ins: list[StandIn]) -> dict[tuple[int, str], StandIn]:
    """(agency, position) → stand-in, for the positions their principals hold as active approvers."""
    by_principal = {(s.agency_id, s.principal_id): s for s in stand_ins}
    held = Membership.objects.filter(
        role=Membership.Role.APPROVER,
        is_active=True,
        user__in=[s.principal_id for s in stand_ins],
        agency__in=[s.agency_id for s in stand_ins],
    ).exclude(position_title="")
    return {
        (agency_id, title): by_principal[(agency_id, user_id)]
        for agency_id, user_id, title in held.values_list("agency", "user", "position_title")
        if (agency_id, user_id) in by_principal
    }


def same_round_conflict(user: AbstractBaseUser, step: MemoStep, *, as_stand_in: bool) -> str | None:
    """Why `user` may not act on `step` given what they did earlier in the same round, in Thai; None if they may.

    One person gives one opinion per round: whoever acted in their own name may not act again as
    someone's stand-in, and whoever acted as a stand-in may not act again in their own name.
    """
    earlier = MemoStep.objects.filter(
        memo_id=step.memo_id, round=step.round, acted_by=user, acted_at__isnull=False
    ).exclude(pk=step.pk)
    if as_stand_in and earlier.filter(acted_for__isnull=True).exists():
        return "ท่านได้พิจารณาบันทึกข้อความนี้ในนามของท่านเองแล้วในการเสนอครั้งนี้ จึงพิจารณาในฐานะผู้ทำการแทนอีกไม่ได้"
    if not as_stand_in and earlier.filter(acted_for__isnull=False).exists():
        return "ท่านได้พิจารณาบันทึกข้อความนี้ในฐานะผู้ทำการแทนแล้วในการเสนอครั้งนี้ จึงพิจารณาในนามของท่านเองอีกไม่ได้"
    return None


def position_of(user: AbstractBaseUser, agency_id: int) -> str:
    """The user's position in the agency as printed (their membership's), "" if none."""
    membership = Membership.objects.filter(user=user, agency_id=agency_id).first()
    return membership.position_title if membership else ""


def actor(user: AbstractBaseUser, step: MemoStep, stand_in: StandIn | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the step's fields, the audit row's detail) of who acted, and for whom when a stand-in acted."""
    fields: dict[str, Any] = {"acted_by": user, "acted_name": user.get_full_name() or user.get_username()}
    if stand_in is None:
        return fields, {}
    principal = stand_in.principal
    fields |= {
        "acted_for": principal,
        "acted_title": position_of(user, step.memo.agency_id),
        "acting_kind": stand_in.kind,
        "acting_basis": stand_in.legal_basis,
    }
    detail = {
        "acted_for": principal.pk,
        "acted_for_name": principal.get_full_name() or principal.get_username(),
        "acted_title": fields["acted_title"],
        "acting": stand_in.get_kind_display(),
        "acting_basis": stand_in.legal_basis,
        "stand_in": stand_in.pk,
    }
    return fields, detail
