"""An agency with a coordinator, a staff member and a department, for the members tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from assessments.models import Agency, Department, Membership
from tests.factories import AgencyFactory, DepartmentFactory, MembershipFactory, UserFactory


@dataclass
class Office:
    agency: Agency
    department: Department
    coordinator: Any
    coordinator_membership: Membership
    staff: Any
    staff_membership: Membership


@pytest.fixture
def office(db) -> Office:
    agency = AgencyFactory(name="สมาชิกทดลอง")
    department = DepartmentFactory(agency=agency, name="กองคลัง")
    coordinator = UserFactory(username="coord", first_name="สมศรี", last_name="ประสานงาน", email="coord@example.go.th")
    coordinator_membership = MembershipFactory(
        user=coordinator, agency=agency, role=Membership.Role.COORDINATOR, position_title="นิติกร"
    )
    staff = UserFactory(username="staff1", first_name="สมชาย", last_name="การเงิน", email="staff1@example.go.th")
    staff_membership = MembershipFactory(
        user=staff, agency=agency, role=Membership.Role.STAFF, department=department, position_title="นักวิชาการเงินและบัญชี"
    )
    return Office(agency, department, coordinator, coordinator_membership, staff, staff_membership)
