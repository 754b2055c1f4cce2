"""Official titles by agency type (assessments.titles): the memo's เรียน, the suggested chain and the demo."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Agency, Membership
from assessments.titles import clerk_title, head_title, office_head_title
from reports.memos import services
from reports.memos.chains import suggested_steps
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

EXPECTED = [
    (Agency.Type.SAO, "นายกองค์การบริหารส่วนตำบลรอบเวียง", "ปลัดองค์การบริหารส่วนตำบลรอบเวียง"),
    (Agency.Type.SUBDISTRICT_MUNICIPALITY, "นายกเทศมนตรีตำบลรอบเวียง", "ปลัดเทศบาลตำบลรอบเวียง"),
    (Agency.Type.TOWN_MUNICIPALITY, "นายกเทศมนตรีเมืองรอบเวียง", "ปลัดเทศบาลเมืองรอบเวียง"),
    (Agency.Type.CITY_MUNICIPALITY, "นายกเทศมนตรีนครรอบเวียง", "ปลัดเทศบาลนครรอบเวียง"),
]


@pytest.mark.parametrize(("kind", "head", "clerk"), EXPECTED)
def test_each_agency_type_has_its_head_and_clerk_titles(kind, head, clerk):
    agency = Agency(name="รอบเวียง", type=kind)
    assert head_title(agency) == head
    assert clerk_title(agency) == clerk
    assert office_head_title(agency) == f"หัวหน้าสำนัก{clerk}"
    assert "นายกเทศบาล" not in head  # the bug: a municipality's head is a นายกเทศมนตรี


@pytest.mark.parametrize(("kind", "head", "clerk"), EXPECTED)
def test_the_memo_is_addressed_to_the_head_by_title(kind, head, clerk):
    agency = AgencyFactory(name="รอบเวียง", type=kind)
    user = MembershipFactory(agency=agency, role="coordinator").user
    assert services.memo_defaults(agency=agency, user=user, documents=[])["to"] == head


def test_a_new_chain_suggests_the_usual_positions_and_their_holders():
    agency = AgencyFactory(name="รอบเวียง", type=Agency.Type.SUBDISTRICT_MUNICIPALITY)
    mayor = MembershipFactory(agency=agency, role="approver", position_title="นายกเทศมนตรีตำบลรอบเวียง").user
    steps = suggested_steps(agency)
    assert [s["position_title"] for s in steps] == [
        "หัวหน้าสำนักปลัดเทศบาลตำบลรอบเวียง",
        "ปลัดเทศบาลตำบลรอบเวียง",
        "นายกเทศมนตรีตำบลรอบเวียง",
    ]
    assert steps[2]["heading"] == "คำสั่งนายกเทศมนตรีตำบลรอบเวียง"
    assert [s["user"] for s in steps] == [None, None, mayor.pk]
    assert "approve" in steps[2]["decisions"]

    coordinator = MembershipFactory(agency=agency, role="coordinator").user
    client = Client()
    client.force_login(coordinator)
    html = client.get(reverse("reports:chain_new", args=[agency.pk])).content.decode()
    assert 'value="ปลัดเทศบาลตำบลรอบเวียง"' in html and 'value="นายกเทศมนตรีตำบลรอบเวียง"' in html


def test_the_demo_mayor_of_a_subdistrict_municipality_has_the_right_title(demo):
    mayor = Membership.objects.get(user__username="chanthapphet.mayor")
    assert mayor.position_title.startswith("นายกเทศมนตรีตำบลจันทบเพชร")
    assert not Membership.objects.filter(position_title__startswith="นายกเทศบาล").exists()
