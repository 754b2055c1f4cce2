"""Reads scoped to what a user may see. Views never query these models unscoped."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from assessments.models import Agency, Assessment, Membership

User = AbstractBaseUser | AnonymousUser


def memberships_for_user(user: User) -> QuerySet[Membership]:
    """The user's active memberships: a deactivated one (members.services.member_deactivate) grants nothing."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("agency", "department")


def agencies_for_user(user: User) -> QuerySet[Agency]:
    """Agencies the user belongs to, plus every agency of the provinces they oversee."""
    if not user.is_authenticated:
        return Agency.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    provinces = memberships.filter(role=Membership.Role.OVERSEER).values("province")
    return Agency.objects.filter(
        Q(pk__in=memberships.exclude(agency=None).values("agency")) | Q(province__in=provinces)
    ).distinct()


def get_agency_for_user(user: User, pk: int) -> Agency:
    """The agency if the user may see it; 404 otherwise, so ids reveal nothing."""
    agency = agencies_for_user(user).filter(pk=pk).first()
    if agency is None:
        raise Http404("ไม่พบหน่วยงาน")
    return agency


def membership_in_agency(user: User, agency: Agency) -> Membership | None:
    """The user's membership for this agency, or their overseer membership of its province."""
    if not user.is_authenticated:
        return None
    own = memberships_for_user(user).filter(agency=agency).first()
    if own is not None:
        return own
    return memberships_for_user(user).filter(role=Membership.Role.OVERSEER, province=agency.province).first()


def role_in_agency(user: User, agency: Agency) -> str | None:
    """The user's role for this agency: their membership's, or overseer through the province."""
    membership = membership_in_agency(user, agency)
    return membership.role if membership else None


def assessments_for_user(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(agency__in=agencies_for_user(user)).select_related("agency", "framework")


def get_assessment_for_user(user: User, *, agency_id: int, fiscal_year: int) -> Assessment:
    """The agency's assessment of that year if the user may see the agency; 404 otherwise."""
    assessment = assessments_for_user(user).filter(agency_id=agency_id, fiscal_year=fiscal_year).first()
    if assessment is None:
        raise Http404("ไม่พบผลการประเมิน")
    return assessment


def provinces_for_user(user: User) -> list[str]:
    """Provinces whose comparison table the user may open: overseen ones, and their agencies' own."""
    if not user.is_authenticated:
        return []
    return sorted(set(agencies_for_user(user).values_list("province", flat=True)))
