"""An agency with two departments, one measure of สำนักปลัด, and a user for every role and place."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from measures.models import Measure, MeasurePlan
from measures.services import ProgressData, progress_save
from tests.factories import (
    AgencyFactory,
    DepartmentFactory,
    MeasureFactory,
    MembershipFactory,
    OverseerFactory,
    PlanFactory,
)

PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass
class World:
    plan: MeasurePlan
    measure: Measure
    users: dict


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    agency = AgencyFactory(name="ทดสอบ", province="สตูล")
    office = DepartmentFactory(agency=agency, name="สำนักปลัด")
    finance = DepartmentFactory(agency=agency, name="กองคลัง")
    plan = PlanFactory(agency=agency, fiscal_year=2566)
    measure = MeasureFactory(plan=plan, number=1, title="การใช้ทรัพย์สินของราชการ")
    measure.departments.set([office])
    other = MembershipFactory(role="coordinator", agency__name="อื่น", agency__province="ตรัง")
    users = {
        "coordinator": MembershipFactory(agency=agency, role="coordinator").user,
        "staff_own": MembershipFactory(agency=agency, role="staff", department=office).user,
        "staff_other_department": MembershipFactory(agency=agency, role="staff", department=finance).user,
        "approver": MembershipFactory(agency=agency, role="approver").user,
        "overseer": OverseerFactory(province="สตูล").user,
        "other_agency": other.user,
        "anonymous": None,
    }
    progress = progress_save(
        measure=measure,
        round=6,
        user=users["coordinator"],
        expected_version=0,
        data=ProgressData(status="done", add_files=[SimpleUploadedFile("a.pdf", PDF)]),
    )
    world = World(plan=plan, measure=measure, users=users)
    world.evidence = progress.evidence.get()
    return world


@pytest.fixture
def login(client):
    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login
