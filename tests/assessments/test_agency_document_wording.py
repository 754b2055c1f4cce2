"""The agency's own wording of its reports on the agency settings page (issue 16 item 5): จัดทำโดย, the
reports' titles, the status summary's heading and the signatories; only what differs is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import document_wording
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    agency = AgencyFactory(phone="", doc_prefix="")
    coordinator = MembershipFactory(agency=agency, role="coordinator").user
    return agency, coordinator, reverse("assessments:agency_settings", args=[agency.pk])


def posted(agency, **wording) -> dict[str, str]:
    return {"phone": "", "doc_prefix": "", **document_wording.form_initial(agency), **wording}


def test_the_page_shows_the_portals_wording_to_start_from(client, setup):
    _agency, coordinator, url = setup
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "ถ้อยคำในรายงาน" in page and "จัดทำโดย (บนปกรายงาน)" in page and "ผู้ลงนามท้ายรายงาน" in page
    assert "เพื่อส่งเสริมคุณธรรมและความโปร่งใส" in page
    assert document_wording.SUMMARY_HEADING in page


def test_the_coordinator_sets_the_wording_and_only_the_changes_are_kept(client, setup):
    agency, coordinator, url = setup
    client.force_login(coordinator)
    response = client.post(
        url,
        posted(
            agency,
            prepared_by="สำนักปลัด (งานนิติกร)\r\nองค์การบริหารส่วนตำบลทดสอบ",
            signatories="นายบัญชา เพชรอนันต์\r\nนิติกรชำนาญการ",
        ),
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.document_wording == {
        "prepared_by": "สำนักปลัด (งานนิติกร)\nองค์การบริหารส่วนตำบลทดสอบ",
        "signatories": "นายบัญชา เพชรอนันต์\nนิติกรชำนาญการ",
    }
    page = client.get(url).content.decode()
    assert "สำนักปลัด (งานนิติกร)" in page and "นายบัญชา เพชรอนันต์" in page

    # Emptying a box goes back to the portal's wording.
    client.post(url, posted(agency, prepared_by=""))
    agency.refresh_from_db()
    assert "prepared_by" not in agency.document_wording and "signatories" in agency.document_wording


def test_a_text_too_long_to_print_is_refused_in_thai_and_nothing_changes(client, setup):
    agency, coordinator, url = setup
    client.force_login(coordinator)
    response = client.post(url, posted(agency, signatories="ก" * 1200))
    assert response.status_code == 200
    assert "ข้อความยาวเกินกว่าที่จะพิมพ์ในเอกสารได้" in response.content.decode()
    agency.refresh_from_db()
    assert agency.document_wording == {}


@pytest.mark.parametrize("who", ["staff", "other", "anonymous"])
def test_only_the_agencys_coordinator_sets_the_wording(client, setup, who):
    agency, _coordinator, url = setup
    if who == "staff":
        client.force_login(MembershipFactory(agency=agency, role="staff").user)
    elif who == "other":
        client.force_login(MembershipFactory(role="coordinator").user)
    response = client.post(url, posted(agency, prepared_by="ไม่ควรบันทึก"))
    assert response.status_code == {"staff": 403, "other": 404, "anonymous": 302}[who]
    agency.refresh_from_db()
    assert agency.document_wording == {}
