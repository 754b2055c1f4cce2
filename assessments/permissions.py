"""Who may do what with assessment results.

- every member of the agency, and the overseer of its province, reads its results;
- the agency's coordinator enters and imports its results;
- a system administrator (Django is_staff) imports a province's or the country's results sheet,
  which may create agencies.
"""

from __future__ import annotations

from assessments.models import Agency, Membership
from assessments.selectors import User, role_in_agency


def can_manage_results(user: User, agency: Agency) -> bool:
    return role_in_agency(user, agency) == Membership.Role.COORDINATOR


def is_system_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_staff)
