"""Reads for the accounts pages: a person's own memberships and the agencies they may work in."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from assessments.models import Agency, Membership


def active_memberships(user: Any) -> QuerySet[Membership]:
    """The user's memberships that are in force (all of them while Membership has no `is_active`)."""
    memberships = Membership.objects.filter(user=user)
    if any(field.name == "is_active" for field in Membership._meta.get_fields()):
        memberships = memberships.filter(is_active=True)
    return memberships
