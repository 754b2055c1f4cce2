"""Who may do what with assessment results.

- every member of the agency, and the overseer of its province, reads its results;
- the agency's coordinator enters and imports its results;
- a system administrator (Django is_staff) imports a province's or the country's results sheet,
  which may create agencies.
"""

from __future__ import annotations

from django.db.models import QuerySet

from assessments.models import Agency, Department, Membership
from assessments.selectors import User, membership_in_agency, role_in_agency


def can_manage_results(user: User, agency: Agency) -> bool:
    return role_in_agency(user, agency) == Membership.Role.COORDINATOR


def is_system_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def can_edit_assigned(user: User, agency: Agency, departments: QuerySet[Department]) -> bool:
    """Work assigned to departments (a measure, an OIT answer): the coordinator, or staff of one of them."""
    membership = membership_in_agency(user, agency)
    if membership is None:
        return False
    if membership.role == Membership.Role.COORDINATOR:
        return True
    if membership.role != Membership.Role.STAFF or membership.department_id is None:
        return False
    return departments.filter(pk=membership.department_id).exists()


def onboarding_provinces(user: User) -> list[str] | None:
    """Who imports agencies and their coordinators: None (nobody), [] (the system administrator: any
    province) or the provinces a province overseer oversees."""
    if is_system_admin(user):
        return []
    if not user.is_authenticated:
        return None
    provinces = sorted(
        set(
            Membership.objects.filter(user=user, role=Membership.Role.OVERSEER, is_active=True).values_list(
                "province", flat=True
            )
        )
    )
    return provinces or None
