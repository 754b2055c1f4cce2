"""Both import views × every role: own agency, another agency, anonymous, system administrator; GET and POST."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.assessments.fixtures.imports_helpers import RESULTS_HEADER, SEED_001_CSV, csv_bytes, table_counts
from tests.factories import AgencyFactory, MembershipFactory, OverseerFactory, UserFactory

ITEMS = {
    "anonymous": 302,
    "other_agency": 404,
    "staff": 403,
    "approver": 403,
    "overseer": 403,
    "coordinator": 200,
    # A system administrator is not a member of the agency: the agency is not theirs to see.
    "admin": 404,
}
RESULTS = {
    "anonymous": 302,
    "other_agency": 403,
    "staff": 403,
    "approver": 403,
    "overseer": 403,
    "coordinator": 403,
    "admin": 200,
}
ROLES = list(ITEMS)


@pytest.fixture
def world(catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency = AgencyFactory(name="วังประจัน", district="ควนโดน", province="สตูล")
    users = {
        "anonymous": None,
        "other_agency": MembershipFactory(role="coordinator", agency__province="ตรัง").user,
        "staff": MembershipFactory(agency=agency, role="staff").user,
        "approver": MembershipFactory(agency=agency, role="approver").user,
        "overseer": OverseerFactory(province="สตูล").user,
        "coordinator": MembershipFactory(agency=agency, role="coordinator").user,
        "admin": UserFactory(is_staff=True),
    }
    return agency, users


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def views(agency):
    results_rows = [RESULTS_HEADER, ["อบต.วังประจัน", "ควนโดน", "สตูล", *["90"] * 10, "", "", "", ""]]
    return {
        "items": (reverse("assessments:import_items", args=[agency.pk]), ITEMS, SEED_001_CSV.read_bytes()),
        "results": (reverse("assessments:import_results"), RESULTS, csv_bytes(results_rows)),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["items", "results"])
def test_get_is_allowed_exactly_for_the_right_roles(client, world, view, role):
    agency, users = world
    url, expected, _data = views(agency)[view]

    response = as_user(client, users[role]).get(url)

    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["items", "results"])
def test_post_is_allowed_exactly_for_the_right_roles_and_writes_nothing_before_confirm(client, world, view, role):
    agency, users = world
    url, expected, data = views(agency)[view]
    client = as_user(client, users[role])  # logging in writes its own rows (the session, axes' access log)
    before = table_counts()

    response = client.post(
        url, {"fiscal_year": 2564, "file": SimpleUploadedFile("a.csv", data), "create_missing": "on"}
    )

    assert response.status_code == expected[role]
    assert table_counts() == before
    if expected[role] == 200:
        assert response.context["preview"].errors == []


@pytest.mark.parametrize("role", ["staff", "approver", "overseer"])
def test_members_who_are_not_the_coordinator_are_told_why_in_thai(client, world, role):
    agency, users = world

    response = as_user(client, users[role]).get(reverse("assessments:import_items", args=[agency.pk]))

    assert response.status_code == 403
    assert "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้น" in response.content.decode()


def test_the_coordinator_cannot_import_a_results_sheet_and_is_told_why(client, world):
    _agency, users = world

    response = as_user(client, users["coordinator"]).get(reverse("assessments:import_results"))

    assert response.status_code == 403
    assert "เฉพาะผู้ดูแลระบบเท่านั้น" in response.content.decode()


def test_a_confirm_posted_to_another_agency_finds_nothing(client, world):
    agency, users = world
    other = MembershipFactory(role="coordinator", agency__province="สตูล")
    client.force_login(users["coordinator"])
    preview = client.post(
        reverse("assessments:import_items", args=[agency.pk]),
        {"fiscal_year": 2564, "file": SimpleUploadedFile("a.csv", SEED_001_CSV.read_bytes())},
    )
    token = preview.context["token"]
    client.force_login(other.user)
    before = table_counts()

    response = client.post(
        reverse("assessments:import_items", args=[other.agency.pk]), {"action": "confirm", "token": token}, follow=True
    )

    assert "ไม่พบไฟล์ที่รอยืนยัน" in response.content.decode()
    assert table_counts() == before


def test_the_upload_pages_render_their_forms_in_thai(client, world):
    agency, users = world

    items = as_user(client, users["coordinator"]).get(reverse("assessments:import_items", args=[agency.pk]))
    results = as_user(client, users["admin"]).get(reverse("assessments:import_results"))

    assert "ตารางผลรายข้อ OIT" in items.content.decode()
    assert 'name="indicator_8"' in items.content.decode()
    assert "สร้างหน่วยงานที่ยังไม่มีในระบบ" in results.content.decode()
    assert 'enctype="multipart/form-data"' in results.content.decode()


def test_the_year_offered_first_is_the_latest_with_a_complete_item_list(client, catalogue):
    from tests.factories import MembershipFactory

    member = MembershipFactory(role="coordinator")
    client.force_login(member.user)
    html = client.get(reverse("assessments:import_items", args=[member.agency.pk])).content.decode()
    assert '<option value="2569" selected>' in html  # 2569's list is complete; 2567's partial one is not first


def test_a_file_with_a_300_character_name_keeps_its_extension_and_is_read(client, world):
    agency, users = world
    client.force_login(users["coordinator"])
    name = "ผลการประเมิน" * 25 + ".csv"  # 304 characters

    preview = client.post(
        reverse("assessments:import_items", args=[agency.pk]),
        {"fiscal_year": 2564, "file": SimpleUploadedFile(name, SEED_001_CSV.read_bytes())},
    )

    assert preview.status_code == 200 and preview.context.get("token")
    assert "รองรับเฉพาะไฟล์" not in preview.content.decode()


def test_a_short_file_name_keeps_its_extension():
    from ita_portal.downloads import short_file_name

    assert short_file_name("ก" * 300 + ".xlsx", 200) == "ก" * 195 + ".xlsx"
    assert short_file_name("สั้น.csv", 200) == "สั้น.csv"
    assert len(short_file_name("x" * 300, 255)) == 255
