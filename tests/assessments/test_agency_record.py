"""The agency's own record on its settings page (issue 15 item 7c): address, ตำบล, short name, website,
e-mail, department abbreviations; place names stored without their prefix."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.agency_settings import agency_update_settings
from assessments.models import Agency, Department
from reports.documents.common import place_line
from tests.factories import AgencyFactory, DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    membership = MembershipFactory(agency=AgencyFactory(name="รอบเวียง"), role="coordinator")
    DepartmentFactory(agency=membership.agency, name="กองคลัง")
    return membership


def form(**changes):
    blank = dict.fromkeys(["phone", "doc_prefix", "address", "subdistrict", "email", "website_domain"], "")
    return blank | changes


def test_the_coordinator_edits_the_record_and_the_abbreviations(client, coordinator):
    agency = coordinator.agency
    department = agency.departments.get()
    client.force_login(coordinator.user)
    url = reverse("assessments:agency_settings", args=[agency.pk])
    assert "ชื่อย่อของกองคลัง" in client.get(url).content.decode()
    response = client.post(
        url,
        form(
            address="๙๙ หมู่ ๓ ถนนพหลโยธิน",
            subdistrict="ตำบลรอบเวียง",
            email="saraban@robwiang.go.th",
            website_domain="https://www.RobWiang.go.th/index.php",
            short_name_override="ทต.รอบเวียง",
            **{f"abbreviation_{department.pk}": "กค."},
        ),
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.address, agency.subdistrict, agency.email, agency.website_domain) == (
        "๙๙ หมู่ ๓ ถนนพหลโยธิน",
        "รอบเวียง",
        "saraban@robwiang.go.th",
        "robwiang.go.th",
    )
    assert agency.short_name == "ทต.รอบเวียง" and str(agency) == "ทต.รอบเวียง"
    assert Department.objects.get(pk=department.pk).abbreviation == "กค."


def test_a_blank_short_name_falls_back_to_the_computed_one(coordinator):
    agency = coordinator.agency
    assert agency.short_name == "อบต.รอบเวียง"


def test_bad_email_and_website_get_thai_messages(client, coordinator):
    client.force_login(coordinator.user)
    url = reverse("assessments:agency_settings", args=[coordinator.agency.pk])
    body = client.post(url, form(email="not-an-address", website_domain="ไม่ใช่ โดเมน")).content.decode()
    assert "กรุณากรอกอีเมลที่ถูกต้อง" in body and "กรุณากรอกชื่อโดเมน เช่น robwiang.go.th" in body
    coordinator.agency.refresh_from_db()
    assert coordinator.agency.email == ""


def test_an_abbreviation_for_another_agencys_department_is_refused(coordinator):
    other = DepartmentFactory(name="กองของที่อื่น")
    with pytest.raises(ValidationError):
        agency_update_settings(
            agency=coordinator.agency, user=coordinator.user, phone="", doc_prefix="", abbreviations={other.pk: "x"}
        )
    assert Department.objects.get(pk=other.pk).abbreviation == ""


def test_province_and_district_are_stored_without_their_prefix_so_documents_do_not_double_it(db):
    agency = Agency.objects.create(
        name="ทดลองจังหวัด", type=Agency.Type.SAO, province="จังหวัดบุรีรัมย์", district="อ.เมืองบุรีรัมย์"
    )
    agency.refresh_from_db()
    assert (agency.province, agency.district) == ("บุรีรัมย์", "เมืองบุรีรัมย์")
    assert place_line(agency) == "อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์"
    agency.subdistrict = "ต.ทดลอง"
    agency.full_clean()
    assert agency.subdistrict == "ทดลอง"


def test_the_coordinator_cannot_move_the_agency_to_another_province(client, coordinator):
    client.force_login(coordinator.user)
    url = reverse("assessments:agency_settings", args=[coordinator.agency.pk])
    client.post(url, form(province="ตรัง", district="กันตัง"))
    coordinator.agency.refresh_from_db()
    assert coordinator.agency.province == "สตูล"
