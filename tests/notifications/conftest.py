"""A small world for reminders: one agency with two departments, their staff, a coordinator, an approver
and a province overseer; the 2570 plan with measures of each department."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from assessments.models import Agency, Department, Membership
from linechannel.models import LineAccount
from measures.models import Measure, MeasurePlan
from tests.factories import (
    AgencyFactory,
    DepartmentFactory,
    MeasureFactory,
    MembershipFactory,
    OverseerFactory,
    PlanFactory,
    ProgressFactory,
    UserFactory,
)

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(day: datetime.date, hour: int = 7) -> datetime.datetime:
    """A moment of a Bangkok day, for time_machine."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=BANGKOK)


def link_line(user: Any, n: int) -> None:
    LineAccount.objects.create(user=user, line_user_id=f"U{n:032x}", linked_at=timezone.now())


@dataclass
class Town:
    agency: Agency
    office: Department  # สำนักปลัด: two measures unreported
    finance: Department  # กองคลัง: everything reported
    plan: MeasurePlan
    measures: list[Measure]
    people: dict[str, Any]


@pytest.fixture
def town(db) -> Town:
    agency = AgencyFactory(name="ทุ่งเตือน", province="สตูล")
    office = DepartmentFactory(agency=agency, name="สำนักปลัด")
    finance = DepartmentFactory(agency=agency, name="กองคลัง")

    def person(key: str, role: str, **extra: Any) -> Any:
        user = UserFactory(username=f"town.{key}", email=f"{key}@example.go.th", last_name=key)
        MembershipFactory(user=user, agency=agency, role=role, **extra)
        return user

    people = {
        "clerk1": person("clerk1", Membership.Role.STAFF, department=office),
        "clerk2": person("clerk2", Membership.Role.STAFF, department=office),
        "cashier": person("cashier", Membership.Role.STAFF, department=finance),
        "coordinator": person("coordinator", Membership.Role.COORDINATOR, position_title="นิติกร"),
        "approver": person("approver", Membership.Role.APPROVER, position_title="ปลัด อบต.ทุ่งเตือน"),
    }
    overseer = UserFactory(username="town.overseer", email="overseer@example.go.th")
    OverseerFactory(user=overseer, province="สตูล")
    people["overseer"] = overseer
    plan = PlanFactory(agency=agency, fiscal_year=2570)
    measures = [MeasureFactory(plan=plan, number=n, title=f"มาตรการที่ {n} ของทุ่งเตือน") for n in (1, 2, 3)]
    measures[0].departments.set([office])
    measures[1].departments.set([office])
    measures[2].departments.set([finance])
    ProgressFactory(measure=measures[2], round=6)  # the finance department has reported
    return Town(agency, office, finance, plan, measures, people)
