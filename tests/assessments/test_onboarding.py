"""Onboarding: agencies and their first coordinators from a spreadsheet, checked first, written by a worker."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from assessments.imports.agencies import onboarding_parse
from assessments.models import Agency, ImportJob, Membership
from members.models import Invitation, MembershipEvent
from members.services import invitation_token
from tests.assessments.fixtures.imports_helpers import csv_bytes, table_counts, xlsx_bytes
from tests.factories import AgencyFactory, MembershipFactory, OverseerFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/agencies/onboard/"
HEADER = ["ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "โทรศัพท์", "รหัสหนังสือ", "เว็บไซต์", "ชื่อผู้ประสานงาน", "อีเมลผู้ประสานงาน"]


@pytest.fixture
def admin(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(username="sysadmin", is_staff=True)
    client.force_login(user)
    return user


def upload(client, rows, *, name="agencies.csv", **fields):
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **fields})


def confirm(client, response):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(URL, {"action": "confirm", "token": response.context["token"]})


def test_the_url_is_named():
    assert reverse("assessments:onboard_agencies") == URL


def test_new_agencies_and_coordinators_are_created_and_invited_in_the_background(client, admin):
    rows = [
        HEADER,
        [
            "อบต.นาแก",
            "อำเภอเมือง",
            "จังหวัดน่าน",
            "๐ ๕๔๗๑ ๑๒๓๔",
            "นน ๗๑๓๐๑",
            "https://www.nakae.go.th/",
            "นางสาวสมใจ ใจดี",
            "Somjai@Example.org",
        ],
        ["เทศบาลตำบลบ่อ", "เมือง", "น่าน", "", "", "", "นายสมชาย ดีงาม", "somchai@example.org"],
    ]
    before = table_counts()
    preview = upload(client, rows)
    html = preview.content.decode()
    assert preview.context["token"] and "ผู้ประสานงานที่จะได้รับอีเมลเชิญ" in html
    assert table_counts() == before and not mail.outbox, "a preview writes and sends nothing"

    done = confirm(client, preview)

    job = ImportJob.objects.get()
    assert done["Location"] == reverse("assessments:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.DONE, job.error
    nakae = Agency.objects.get(name="นาแก")
    assert (nakae.type, nakae.district, nakae.province) == ("sao", "เมือง", "น่าน")
    assert (nakae.phone, nakae.doc_prefix, nakae.website_domain) == ("0 5471 1234", "นน ๗๑๓๐๑", "nakae.go.th")
    coordinator = Membership.objects.get(agency=nakae)
    assert coordinator.role == Membership.Role.COORDINATOR and coordinator.is_active
    user = coordinator.user
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "somjai@example.org",
        "somjai@example.org",
        "สมใจ",
        "ใจดี",
    )
    assert not user.has_usable_password()
    assert Invitation.objects.count() == 2 and MembershipEvent.objects.filter(action="invite").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["somchai@example.org", "somjai@example.org"]
    page = client.get(done["Location"]).content.decode()
    assert "หน่วยงานที่สร้างใหม่" in page and "<strong>๒</strong> คำเชิญ" in page
    link = reverse("members:invitation", args=[invitation_token(Invitation.objects.get(membership=coordinator))])
    client.logout()
    assert client.get(link).status_code == 200


def test_an_existing_agency_is_matched_filled_where_empty_and_its_coordinator_kept(client, admin):
    kept = AgencyFactory(type="sao", name="ทุ่งโพธิ์", district="ควนโดน", province="สตูล", phone="07 000 0000")
    MembershipFactory(agency=kept, role=Membership.Role.COORDINATOR)
    empty = AgencyFactory(type="tambon", name="จันทบเพชร", district="บ้านกรวด", province="บุรีรัมย์", phone="")
    rows = [
        HEADER,
        ["องค์การบริหารส่วนตำบลทุ่งโพธิ์", "ควนโดน", "สตูล", "0 1111 1111", "", "", "นายก ใหม่", "new@example.org"],
        ["ทต.จันทบเพชร", "บ้านกรวด", "บุรีรัมย์", "0 4400 0000", "บร ๘๘", "", "นางเอ บี", "a@example.org"],
    ]
    preview = upload(client, rows)
    assert "มีผู้ประสานงานอยู่แล้ว (ไม่เชิญซ้ำ)" in preview.content.decode()

    confirm(client, preview)

    kept.refresh_from_db()
    empty.refresh_from_db()
    assert Agency.objects.count() == 2
    assert kept.phone == "07 000 0000", "a phone already set is not overwritten"
    assert (empty.phone, empty.doc_prefix) == ("0 4400 0000", "บร ๘๘")
    assert not get_user_model().objects.filter(email="new@example.org").exists()
    assert Membership.objects.get(agency=empty, role="coordinator").user.email == "a@example.org"


def test_a_file_with_errors_is_listed_by_row_and_column_and_writes_nothing(client, admin):
    AgencyFactory(type="sao", name="เดิม", district="เมือง", province="น่าน")
    rows = [
        HEADER,
        ["นาแก", "เมือง", "น่าน", "", "", "", "", ""],
        ["อบต.บ่อ", "", "น่าน", "", "", "", "", ""],
        ["อบต.ดู่", "เมือง", "น่าน", "", "", "not a domain", "นาย ก", "not-an-email"],
        ["อบต.ดู่", "เมือง", "น่าน", "", "", "", "", ""],
        ["อบต.สวน", "เมือง", "น่าน", "", "", "", "นาย ข", ""],
        ["อบต.ใต้", "เมือง", "น่าน", "", "x" * 31, "", "", ""],
    ]
    before = table_counts()

    response = upload(client, rows, name="agencies.xlsx")

    errors = [str(e) for e in response.context["preview"].errors]
    assert any(e.startswith("แถวที่ 2 คอลัมน์ ชื่อหน่วยงาน") and "ไม่ได้ขึ้นต้นด้วยประเภทหน่วยงาน" in e for e in errors)
    assert "แถวที่ 3 คอลัมน์ อำเภอ: ต้องระบุอำเภอ" in errors
    assert "แถวที่ 4 คอลัมน์ เว็บไซต์: กรุณากรอกชื่อโดเมน เช่น robwiang.go.th" in errors
    assert "แถวที่ 4 คอลัมน์ อีเมลผู้ประสานงาน: “not-an-email” ไม่ใช่อีเมลที่ถูกต้อง" in errors
    assert any(e.startswith("แถวที่ 5 คอลัมน์ ชื่อหน่วยงาน") and "ซ้ำกับแถวที่ 4" in e for e in errors)
    assert "แถวที่ 6 คอลัมน์ อีเมลผู้ประสานงาน: ต้องระบุอีเมลเพื่อส่งคำเชิญให้ผู้ประสานงาน" in errors
    assert "แถวที่ 7 คอลัมน์ รหัสหนังสือ: ยาวเกิน 30 ตัวอักษร" in errors
    assert "token" not in response.context or not response.context["token"]
    assert "ยังไม่มีข้อมูลใดถูกบันทึก" in response.content.decode()
    assert table_counts() == before


def test_a_bare_name_with_a_type_column_is_read(admin):
    rows = [
        ["ชื่อหน่วยงาน", "ประเภท", "อำเภอ", "จังหวัด"],
        ["นาแก", "อบต.", "เมือง", "น่าน"],
        ["บ่อ", "เทศบาลเมือง", "เมือง", "น่าน"],
    ]
    preview = onboarding_parse(data=csv_bytes(rows), filename="a.csv")
    assert preview.ok, preview.errors
    assert [(r.key.type, r.key.name) for r in preview.rows] == [("sao", "นาแก"), ("mueang", "บ่อ")]


def test_an_overseer_onboards_only_their_province(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    overseer = OverseerFactory(province="น่าน").user
    client.force_login(overseer)
    rows = [HEADER, ["อบต.นาแก", "เมือง", "น่าน", "", "", "", "", ""], ["อบต.ไกล", "เมือง", "แพร่", "", "", "", "", ""]]

    refused = upload(client, rows)

    assert "แถวที่ 3 คอลัมน์ จังหวัด: อยู่นอกจังหวัดน่าน ที่ท่านกำกับดูแล" in [str(e) for e in refused.context["preview"].errors]
    confirm(client, upload(client, rows[:2]))
    job = ImportJob.objects.get()
    assert job.user == overseer and job.status == ImportJob.Status.DONE
    assert client.get(reverse("assessments:import_job", args=[job.pk])).status_code == 200
    assert Agency.objects.get().province == "น่าน"


def test_an_overseer_of_two_provinces_says_which_one_the_file_is_of(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    overseer = OverseerFactory(province="น่าน").user
    OverseerFactory(user=overseer, province="แพร่")
    client.force_login(overseer)
    rows = [HEADER, ["อบต.ไกล", "เมือง", "แพร่", "", "", "", "", ""]]

    assert 'name="province"' in client.get(URL).content.decode()
    assert upload(client, rows, province="แพร่").context["token"]
    assert "เลือกได้เฉพาะจังหวัดที่ท่านกำกับดูแล" in upload(client, rows, province="สตูล").content.decode()


@pytest.mark.parametrize("role", ["staff", "coordinator", "approver"])
def test_members_of_an_agency_cannot_onboard(client, role):
    client.force_login(MembershipFactory(role=role).user)
    assert client.get(URL).status_code == 403


def test_a_member_already_in_the_agency_is_not_invited_again_as_its_coordinator(client, admin):
    agency = AgencyFactory(type="sao", name="นาแก", district="เมือง", province="น่าน")
    staff = MembershipFactory(agency=agency, role=Membership.Role.STAFF, user__email="staff@example.org")
    rows = [HEADER, ["อบต.นาแก", "เมือง", "น่าน", "", "", "", "นาย ค", staff.user.email.upper()]]
    errors = [str(e) for e in upload(client, rows).context["preview"].errors]
    assert errors == [
        "แถวที่ 2 คอลัมน์ อีเมลผู้ประสานงาน: staff@example.org เป็นสมาชิกของอบต.นาแกอยู่แล้ว ให้เปลี่ยนบทบาทในหน้าสมาชิกของหน่วยงานแทน"
    ]
