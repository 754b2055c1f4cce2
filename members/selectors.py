"""Reads for the members pages, scoped to the coordinator's agency, and the title a member held on a date."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from assessments.models import Agency, Membership
from members.models import Invitation, MembershipEvent, PositionTitle


def members_of_agency(agency: Agency) -> QuerySet[Membership]:
    """Every membership of the agency, deactivated ones too (they are listed, marked), with a pending flag."""
    pending = Invitation.objects.filter(membership=OuterRef("pk"), used_at__isnull=True, expires_at__gt=timezone.now())
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user", "department")
        .annotate(invitation_pending=Exists(pending))
        .order_by("-is_active", "role", "user__first_name", "user__last_name", "user__username")
    )


def get_member_of_agency(agency: Agency, pk: int) -> Membership:
    """A membership of this agency; 404 for any other id, so ids of other agencies reveal nothing."""
    membership = Membership.objects.filter(agency=agency, pk=pk).select_related("user", "department").first()
    if membership is None:
        raise Http404("ไม่พบสมาชิก")
    return membership


def membership_events(membership: Membership) -> QuerySet[MembershipEvent]:
    return MembershipEvent.objects.filter(membership=membership).select_related("user").order_by("-at", "-pk")


def active_coordinators(agency: Agency) -> QuerySet[Membership]:
    return Membership.objects.filter(agency=agency, role=Membership.Role.COORDINATOR, is_active=True)


def position_title_on(membership: Membership, date: datetime.date) -> str:
    """The title the member held on `date`: the latest change on or before it.

    Before the first recorded change the first row's title holds (member_update records the title
    being replaced, dated from the membership's start); without any history the current title.
    """
    titles = PositionTitle.objects.filter(membership=membership)
    on = titles.filter(valid_from__lte=date).order_by("-valid_from", "-pk").first()
    if on is None:
        on = titles.order_by("valid_from", "pk").first()
    return on.title if on is not None else membership.position_title
