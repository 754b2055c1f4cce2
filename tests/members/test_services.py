"""members.services: invitations, changes with their audit rows, deactivation and the last-coordinator rule."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments.models import Membership
from assessments.selectors import agencies_for_user, memberships_for_user, role_in_agency
from members import services
from members.models import Invitation, MembershipEvent, PositionTitle
from members.selectors import position_title_on
from members.tasks import send_invitation
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def invite(office, email="new.person@example.go.th", **changes):
    data = {"email": email, "role": "staff", "department": office.department, "position_title": "เจ้าพนักงานธุรการ"}
    return services.member_invite(agency=office.agency, by=office.coordinator, ip="203.0.113.5", **(data | changes))


def test_an_invitation_creates_a_user_without_a_password_and_stores_only_a_hash_of_the_token(
    office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(office, email="New.Person@Example.go.th")
    user = get_user_model().objects.get(username="new.person@example.go.th")
    assert user.email == "new.person@example.go.th" and not user.has_usable_password() and user.is_active
    membership = invitation.membership
    assert (membership.agency, membership.role, membership.department) == (
        office.agency,
        "staff",
        office.department,
    )
    token = services.invitation_token(invitation)
    assert token not in repr(Invitation.objects.values().get())
    assert invitation.token_hash == services.token_hash(token)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=72)
    assert [m.to for m in mail.outbox] == [["new.person@example.go.th"]]
    assert f"/invite/{token}/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives and "คำเชิญ" in mail.outbox[0].subject
    event = MembershipEvent.objects.get(membership=membership)
    assert (event.action, event.user, event.ip) == ("invite", office.coordinator, "203.0.113.5")


def test_the_onboarding_invitation_is_recorded_and_its_task_sends_once(office):
    invitation, _ = services.invitation_create(membership=office.staff_membership, by=None)
    event = MembershipEvent.objects.get(membership=office.staff_membership)
    assert (event.action, event.user, event.after["email"]) == ("invite", None, "staff1@example.go.th")
    assert send_invitation(invitation.pk) is True
    assert send_invitation(invitation.pk) is False
    assert len(mail.outbox) == 1


def test_an_existing_user_of_another_agency_is_added_and_keeps_their_password(office):
    person = UserFactory(username="somsak", email="somsak@example.go.th")
    MembershipFactory(user=person, agency=AgencyFactory(name="หน่วยงานเดิม"))
    invitation = invite(office, email="SOMSAK@example.go.th")
    assert invitation.membership.user == person
    assert set(agencies_for_user(person).values_list("name", flat=True)) == {"สมาชิกทดลอง", "หน่วยงานเดิม"}
    user = services.invitation_accept(
        token=services.invitation_token(invitation), first_name="", last_name="", password=""
    )
    assert user == person and user.check_password("test-password-123")


def test_only_the_coordinator_invites(office):
    with pytest.raises(PermissionDenied):
        services.member_invite(
            agency=office.agency,
            email="x@example.go.th",
            role="staff",
            department=None,
            position_title="",
            by=office.staff,
        )


def test_a_department_of_another_agency_is_refused(office):
    from tests.factories import DepartmentFactory

    with pytest.raises(ValidationError) as exc:
        invite(office, department=DepartmentFactory(name="กองของที่อื่น"))
    assert "ส่วนราชการต้องเป็นของหน่วยงานนี้" in str(exc.value)


def test_inviting_a_member_again_is_refused_in_thai(office):
    with pytest.raises(ValidationError) as exc:
        invite(office, email="staff1@example.go.th")
    assert "เป็นสมาชิกของหน่วยงานอยู่แล้ว" in str(exc.value)


def test_accepting_sets_the_name_and_password_once(office):
    invitation = invite(office)
    token = services.invitation_token(invitation)
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(token=token, first_name="", last_name="ใจดี", password="12345678")
    assert set(exc.value.message_dict) == {"first_name", "password1"}
    user = services.invitation_accept(token=token, first_name="สมใจ", last_name="ใจดี", password="ทุ่งโพธิ์-2569!")
    assert user.get_full_name() == "สมใจ ใจดี" and user.check_password("ทุ่งโพธิ์-2569!")
    assert MembershipEvent.objects.filter(membership=invitation.membership, action="accept").exists()
    with pytest.raises(services.InvitationInvalid):
        services.invitation_accept(token=token, first_name="ผู้อื่น", last_name="แอบใช้", password="another-Passw0rd")


def test_an_expired_invitation_is_refused(office, time_machine):
    invitation = invite(office)
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=72, seconds=1))
    with pytest.raises(services.InvitationInvalid):
        services.invitation_lookup(services.invitation_token(invitation))


def test_a_new_invitation_replaces_the_pending_one(office):
    first = invite(office)
    second = invite(office)  # not yet accepted: a fresh link
    with pytest.raises(services.InvitationInvalid):
        services.invitation_lookup(services.invitation_token(first))
    assert services.invitation_lookup(services.invitation_token(second)) == second


def test_every_change_is_one_audit_row(office):
    other = office.department.agency.departments.create(name="กองช่าง")
    services.member_update(
        membership=office.staff_membership, role="approver", department=other, position_title="ผู้อำนวยการกองช่าง",
        by=office.coordinator,
    )  # fmt: skip
    rows = list(
        MembershipEvent.objects.filter(membership=office.staff_membership).values_list("action", "before", "after")
    )
    assert rows == [
        ("role", {"role": "staff"}, {"role": "approver"}),
        ("department", {"department": "กองคลัง"}, {"department": "กองช่าง"}),
        ("title", {"position_title": "นักวิชาการเงินและบัญชี"}, {"position_title": "ผู้อำนวยการกองช่าง"}),
    ]
    assert MembershipEvent.objects.get(action="role").change == "เจ้าหน้าที่ → ผู้บริหาร (ผู้อนุมัติ)"


def test_a_title_change_is_dated_so_earlier_dates_keep_the_old_title(office, time_machine):
    membership = office.staff_membership
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC))
    services.member_update(
        membership=membership, role="staff", department=office.department, position_title="นักวิชาการเงินและบัญชีชำนาญการ",
        by=office.coordinator,
    )  # fmt: skip
    assert position_title_on(membership, datetime.date(2026, 2, 28)) == "นักวิชาการเงินและบัญชี"
    assert position_title_on(membership, datetime.date(2026, 3, 1)) == "นักวิชาการเงินและบัญชีชำนาญการ"
    assert PositionTitle.objects.filter(membership=membership).count() == 2


def test_the_last_active_coordinator_cannot_be_demoted(office):
    with pytest.raises(ValidationError) as exc:
        services.member_update(
            membership=office.coordinator_membership, role="staff", department=None, position_title="นิติกร",
            by=office.coordinator,
        )  # fmt: skip
    assert "ผู้ประสานงานที่ใช้งานอยู่อย่างน้อยหนึ่งคน" in str(exc.value)
    second = MembershipFactory(agency=office.agency, role="coordinator")
    services.member_deactivate(membership=office.coordinator_membership, by=second.user)  # now there is another
    with pytest.raises(ValidationError) as exc:  # and the other is now the last one
        services.member_update(membership=second, role="approver", department=None, position_title="", by=second.user)
    assert "ผู้ประสานงานที่ใช้งานอยู่อย่างน้อยหนึ่งคน" in str(exc.value)


def test_the_coordinator_cannot_deactivate_themselves(office):
    MembershipFactory(agency=office.agency, role="coordinator")
    with pytest.raises(ValidationError) as exc:
        services.member_deactivate(membership=office.coordinator_membership, by=office.coordinator)
    assert "ตนเอง" in str(exc.value)


def test_deactivation_removes_every_permission_and_the_login_and_reactivation_restores_them(office):
    services.member_deactivate(membership=office.staff_membership, by=office.coordinator)
    staff = get_user_model().objects.get(pk=office.staff.pk)
    assert not staff.is_active
    assert not memberships_for_user(staff).exists() and not agencies_for_user(staff).exists()
    assert role_in_agency(staff, office.agency) is None
    membership = Membership.objects.get(pk=office.staff_membership.pk)
    assert membership.deactivated_at is not None and membership.department == office.department  # kept
    with pytest.raises(ValidationError):
        services.member_deactivate(membership=membership, by=office.coordinator)
    services.member_reactivate(membership=membership, by=office.coordinator)
    staff.refresh_from_db()
    assert staff.is_active and role_in_agency(staff, office.agency) == "staff"
    actions = list(MembershipEvent.objects.filter(membership=membership).values_list("action", flat=True))
    assert actions == ["deactivate", "reactivate"]


def test_a_person_still_active_elsewhere_keeps_their_login(office):
    MembershipFactory(user=office.staff, agency=AgencyFactory(name="อีกแห่ง"))
    services.member_deactivate(membership=office.staff_membership, by=office.coordinator)
    office.staff.refresh_from_db()
    assert office.staff.is_active
    assert list(agencies_for_user(office.staff).values_list("name", flat=True)) == ["อีกแห่ง"]


def test_the_audit_trail_cannot_be_changed(office):
    services.member_deactivate(membership=office.staff_membership, by=office.coordinator)
    event = MembershipEvent.objects.get()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
