"""Reads for the accounts pages: a person's own memberships, the agencies they may work in, their profile."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import Profile
from assessments.models import Agency, Membership


def active_memberships(user: Any) -> QuerySet[Membership]:
    """The user's memberships that are in force (a deactivated one gives no role and no agency to pick)."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True)


def pickable_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies the user may pick to work in: those of their active memberships (an overseer's has none)."""
    return Agency.objects.filter(pk__in=active_memberships(user).exclude(agency=None).values("agency")).order_by(
        "province", "name"
    )


def profile_of(user: Any) -> Profile | None:
    """The user's profile, if one was ever written (reads never create one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Profile.objects.filter(user=user).select_related("agency").first()
