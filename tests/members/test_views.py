"""The members pages: owner / other agency / anonymous per view, the invitation journey, login after deactivation."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import Membership
from members import services
from members.models import MembershipEvent
from tests.factories import PASSWORD, AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def log_in(client, username, password) -> bool:
    """Through the login form (axes needs the request), True when it let the person in."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == reverse("home")


def urls(office):
    agency, member = office.agency.pk, office.staff_membership.pk
    return {
        "list": reverse("members:list", args=[agency]),
        "invite": reverse("members:invite", args=[agency]),
        "edit": reverse("members:edit", args=[agency, member]),
        "deactivate": reverse("members:deactivate", args=[agency, member]),
        "reactivate": reverse("members:reactivate", args=[agency, member]),
    }


def test_the_coordinator_sees_every_member_with_role_department_title_and_last_login(client, office):
    office.staff.last_login = datetime.datetime(2026, 3, 29, 7, 5, tzinfo=datetime.UTC)
    office.staff.save()
    client.force_login(office.coordinator)
    body = client.get(urls(office)["list"]).content.decode()
    for text in ("สมชาย การเงิน", "staff1@example.go.th", "เจ้าหน้าที่", "กองคลัง", "นักวิชาการเงินและบัญชี"):
        assert text in body
    assert "๒๙ มีนาคม ๒๕๖๙ เวลา ๑๔.๐๕ น." in body  # Bangkok time, Thai digits
    assert 'data-label="ตำแหน่ง">นักวิชาการเงินและบัญชี' in body  # readable as stacked rows on a phone
    assert "ใช้งานอยู่" in body and "ยังไม่เคยเข้าระบบ" not in body.split("สมชาย การเงิน")[1].split("</tr>")[0]


@pytest.mark.parametrize("page", ["list", "invite", "edit"])
def test_a_staff_member_is_refused(client, office, page):
    client.force_login(office.staff)
    assert client.get(urls(office)[page]).status_code == 403


@pytest.mark.parametrize("page", ["list", "invite", "edit", "deactivate", "reactivate"])
def test_the_coordinator_of_another_agency_gets_a_404(client, office, page):
    outsider = MembershipFactory(agency=AgencyFactory(name="ที่อื่น"), role="coordinator").user
    client.force_login(outsider)
    response = (
        client.post(urls(office)[page]) if page in ("deactivate", "reactivate") else client.get(urls(office)[page])
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=office.staff_membership.pk).is_active


@pytest.mark.parametrize("page", ["list", "invite", "edit", "deactivate"])
def test_the_anonymous_are_sent_to_the_login_page(client, office, page):
    response = client.post(urls(office)[page]) if page == "deactivate" else client.get(urls(office)[page])
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_member_of_another_agency_cannot_be_edited_through_this_agency(client, office):
    stranger = MembershipFactory(agency=AgencyFactory(name="ที่อื่น"))
    client.force_login(office.coordinator)
    url = reverse("members:edit", args=[office.agency.pk, stranger.pk])
    assert client.get(url).status_code == 404
    assert client.post(reverse("members:deactivate", args=[office.agency.pk, stranger.pk])).status_code == 404


def test_invite_accept_and_log_in(client, office, django_capture_on_commit_callbacks):
    client.force_login(office.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            urls(office)["invite"],
            {"email": "somjai@example.go.th", "role": "approver", "department": "", "position_title": "รองปลัด"},
        )
    assert response.status_code == 302
    link = re.search(r"http\S+/invite/\S+/", mail.outbox[0].body).group(0)
    path = link.split("127.0.0.1:8000", 1)[-1]
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "ผู้บริหาร (ผู้อนุมัติ)" in page.content.decode()
    bad = client.post(
        path, {"first_name": "สมใจ", "last_name": "ใจดี", "password1": "12345678", "password2": "12345678"}
    )
    assert "รหัสผ่านต้องไม่เป็นตัวเลขล้วน" in bad.content.decode()
    done = client.post(
        path, {"first_name": "สมใจ", "last_name": "ใจดี", "password1": "ทุ่งโพธิ์-2569!", "password2": "ทุ่งโพธิ์-2569!"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"].username == "somjai@example.go.th"
    client.logout()
    assert log_in(client, "somjai@example.go.th", "ทุ่งโพธิ์-2569!")
    reused = client.get(path)
    assert reused.status_code == 404 and "ลิงก์คำเชิญนี้ใช้ไม่ได้" in reused.content.decode()


def test_an_expired_or_unknown_link_gets_the_same_thai_page(client, office, time_machine):
    _, token = services.invitation_create(membership=office.staff_membership, by=office.coordinator)
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=73))
    for path in (reverse("members:invitation", args=[token]), reverse("members:invitation", args=["x" * 43])):
        response = client.post(path, {"first_name": "ก", "last_name": "ข", "password1": "a", "password2": "a"})
        assert response.status_code == 404
        assert "ลิงก์คำเชิญนี้ใช้ไม่ได้" in response.content.decode()


def test_the_invite_form_answers_bad_input_in_thai(client, office):
    client.force_login(office.coordinator)
    response = client.post(urls(office)["invite"], {"email": "not-an-address", "role": "overseer"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "กรุณากรอกอีเมลที่ถูกต้อง" in body and "กรุณาเลือกบทบาท" in body


def test_the_coordinator_changes_a_members_role_department_and_title(client, office):
    client.force_login(office.coordinator)
    response = client.post(
        urls(office)["edit"],
        {"role": "approver", "department": office.department.pk, "position_title": "ผู้อำนวยการกองคลัง"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(pk=office.staff_membership.pk)
    assert (membership.role, membership.position_title) == ("approver", "ผู้อำนวยการกองคลัง")
    page = client.get(urls(office)["edit"]).content.decode()
    assert "เปลี่ยนตำแหน่ง" in page and "นักวิชาการเงินและบัญชี → ผู้อำนวยการกองคลัง" in page


def test_demoting_the_last_coordinator_is_refused_on_the_form(client, office):
    client.force_login(office.coordinator)
    url = reverse("members:edit", args=[office.agency.pk, office.coordinator_membership.pk])
    response = client.post(url, {"role": "staff", "department": "", "position_title": "นิติกร"})
    assert response.status_code == 200 and "อย่างน้อยหนึ่งคน" in response.content.decode()


def test_a_deactivated_member_cannot_log_in_and_their_open_session_ends(client, office):
    staff_client = client.__class__()
    assert log_in(staff_client, "staff1", PASSWORD)
    plan_page = reverse("assessments:list", args=[office.agency.pk])
    assert staff_client.get(plan_page).status_code == 200
    client.force_login(office.coordinator)
    response = client.post(urls(office)["deactivate"])
    assert response.status_code == 302
    assert not get_user_model().objects.get(pk=office.staff.pk).is_active
    assert MembershipEvent.objects.get(action="deactivate").user == office.coordinator
    reopened = staff_client.get(plan_page)
    assert reopened.status_code == 302 and reopened["Location"].startswith(reverse("login"))
    assert not log_in(staff_client, "staff1", PASSWORD)
    # still listed, marked, and can be brought back
    assert "ระงับการใช้งาน" in client.get(urls(office)["list"]).content.decode()
    assert client.post(urls(office)["reactivate"]).status_code == 302
    assert log_in(staff_client, "staff1", PASSWORD)


def test_a_member_deactivated_here_but_active_elsewhere_gets_404_on_this_agency(client, office):
    MembershipFactory(user=office.staff, agency=AgencyFactory(name="อีกแห่ง"))
    services.member_deactivate(membership=office.staff_membership, by=office.coordinator)
    client.force_login(office.staff)
    assert client.get(reverse("assessments:list", args=[office.agency.pk])).status_code == 404
    assert office.agency.full_name not in client.get(reverse("home")).content.decode()


def test_the_coordinator_cannot_deactivate_themselves_on_the_page(client, office):
    MembershipFactory(agency=office.agency, role="coordinator")
    client.force_login(office.coordinator)
    url = reverse("members:deactivate", args=[office.agency.pk, office.coordinator_membership.pk])
    response = client.post(url, follow=True)
    assert "ไม่สามารถระงับการใช้งานของตนเองได้" in response.content.decode()
    assert Membership.objects.get(pk=office.coordinator_membership.pk).is_active


def test_deactivate_answers_get_with_405(client, office):
    client.force_login(office.coordinator)
    assert client.get(urls(office)["deactivate"]).status_code == 405
