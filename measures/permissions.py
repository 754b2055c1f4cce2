"""Who may do what with plans, measures and progress. Reads go through selectors first.

- staff: read the agency's plans; edit measures and progress of their own department;
- coordinator: everything in the agency (create, edit, clone, accept suggestions);
- approver and overseer: read only.
A user who is not in the agency never gets here: the selectors make it a 404.
"""

from __future__ import annotations

from assessments.models import Membership
from assessments.permissions import can_edit_assigned
from assessments.selectors import User, membership_in_agency, memberships_for_user, role_in_agency
from measures.models import Measure, MeasurePlan


def is_coordinator(user: User, plan: MeasurePlan) -> bool:
    return role_in_agency(user, plan.agency) == Membership.Role.COORDINATOR


def can_edit_measure(user: User, measure: Measure) -> bool:
    """Coordinators edit any measure of their agency; staff only their department's."""
    return can_edit_assigned(user, measure.plan.agency, measure.departments.all())


def staff_department_id(user: User, agency_id: int) -> int | None:
    membership = memberships_for_user(user).filter(agency_id=agency_id, role=Membership.Role.STAFF).first()
    return membership.department_id if membership else None


def editable_measure_ids(user: User, plan: MeasurePlan, *, membership: Membership | None = None) -> set[int] | None:
    """Ids of the plan's measures the user may edit; None means all of them (coordinator).

    One query, so a table of 200 rows can mark its editable rows without asking per row.
    Pass the user's `membership` in the plan's agency when the caller already has it.
    """
    membership = membership or membership_in_agency(user, plan.agency)
    if membership is None or membership.role not in (Membership.Role.COORDINATOR, Membership.Role.STAFF):
        return set()
    if membership.role == Membership.Role.COORDINATOR:
        return None
    if membership.department_id is None:
        return set()
    return set(plan.measures.filter(departments=membership.department_id).values_list("pk", flat=True))
