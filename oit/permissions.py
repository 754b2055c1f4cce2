"""Who may do what in an OIT workspace (the same rules as measures).

- staff: read the workspace; fill in the answers assigned to their department (มี/ไม่มี, URLs,
  explanation, evidence) and send them for checking;
- coordinator: everything: open and carry over the workspace, assign, check, publish, export;
- approver and overseer: read only.
Someone outside the agency never gets here: the selectors make it a 404.
"""

from __future__ import annotations

from assessments.models import Membership
from assessments.permissions import can_edit_assigned
from assessments.selectors import User, membership_in_agency
from oit.models import Answer, Workspace


def is_oit_coordinator(user: User, workspace: Workspace) -> bool:
    membership = membership_in_agency(user, workspace.agency)
    return membership is not None and membership.role == Membership.Role.COORDINATOR


def can_fill_answer(user: User, answer: Answer) -> bool:
    """Coordinators fill any answer; staff those assigned to their department."""
    return can_edit_assigned(user, answer.workspace.agency, answer.departments.all())
