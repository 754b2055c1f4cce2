"""Fixtures for the generated-document tests: a fake kind registry and renderer, and a world of users.

The fakes stand in for `reports.documents` (written separately) through the hooks
`reports.services._kinds` and `_render`, so these tests do not depend on the real templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import include, path

from ita_portal.urls import urlpatterns as portal_urlpatterns
from measures.models import Measure, MeasurePlan
from reports import services
from tests.factories import (
    AgencyFactory,
    DepartmentFactory,
    MeasureFactory,
    MembershipFactory,
    OverseerFactory,
    PlanFactory,
)


@dataclass
class FakeRendered:
    content: bytes
    pages: int


@dataclass
class FakeKind:
    key: str
    title: str
    needs_round: bool
    layouts: list[tuple[str, str]] = field(default_factory=lambda: [("portrait", "แนวตั้ง"), ("landscape", "แนวนอน")])

    def build_snapshot(self, *, agency: Any, fiscal_year: int, round: int | None, layout: str) -> dict:
        plan = MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
        if plan is None:
            raise ValidationError("ไม่มีแผนมาตรการของปีงบประมาณนี้ จึงไม่มีข้อมูลให้พิมพ์")
        return {
            "agency": agency.name,
            "fiscal_year": fiscal_year,
            "round": round,
            "layout": layout,
            "measures": [m.title for m in plan.measures.order_by("number")],
        }


KINDS = {
    "progress": FakeKind("progress", "รายงานผลการดำเนินงาน", needs_round=True),
    "plan": FakeKind("plan", "แผนมาตรการ", needs_round=False),
}
RENDERED: list[dict] = []


def fake_render(kind_key: str, snapshot: dict) -> FakeRendered:
    from weasyprint import HTML

    RENDERED.append(snapshot)
    items = "".join(f"<p>{escape(title)}</p>" for title in snapshot["measures"])
    pdf = HTML(string=f"<h1>{escape(kind_key)} {snapshot['fiscal_year']}</h1>{items}").render()
    return FakeRendered(content=pdf.write_pdf(), pages=len(pdf.pages))


# Until ita_portal/urls.py includes reports.urls, the tests use this URLconf, which adds it.
urlpatterns = list(portal_urlpatterns)
if not any(getattr(p, "namespace", None) == "reports" for p in urlpatterns):
    urlpatterns.append(path("", include("reports.urls")))


@pytest.fixture
def fake_kinds(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.reports.test_documents_support"
    RENDERED.clear()
    monkeypatch.setattr(services, "_kinds", lambda: KINDS)
    monkeypatch.setattr(services, "_render", fake_render)
    return KINDS


@dataclass
class World:
    plan: MeasurePlan
    measure: Measure
    users: dict


@pytest.fixture
def world(db, fake_kinds) -> World:
    agency = AgencyFactory(name="ทุ่งทดลอง", province="สตูล")
    office = DepartmentFactory(agency=agency, name="สำนักปลัด")
    plan = PlanFactory(agency=agency, fiscal_year=2567)
    measure = MeasureFactory(plan=plan, number=1, title="การใช้ทรัพย์สินของราชการ")
    other = MembershipFactory(role="coordinator", agency__name="อื่น", agency__province="ตรัง")
    users = {
        "coordinator": MembershipFactory(agency=agency, role="coordinator").user,
        "staff": MembershipFactory(agency=agency, role="staff", department=office).user,
        "approver": MembershipFactory(agency=agency, role="approver").user,
        "overseer": OverseerFactory(province="สตูล").user,
        "other_agency": other.user,
        "anonymous": None,
    }
    return World(plan=plan, measure=measure, users=users)


@pytest.fixture
def login(client):
    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login
