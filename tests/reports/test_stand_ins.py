"""Stand-ins (รักษาราชการแทน / ปฏิบัติราชการแทน): naming them, the inbox, acting, the printed wording, the rules."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Agency, Membership
from reports.memos import services, standins
from reports.memos.final import memo_preview
from reports.memos.selectors import inbox_for_user
from reports.models import Memo, MemoEvent, MemoStep, StandIn
from reports.tasks import finalize_memo
from tests.reports.memo_support import as_request, new_memo
from tests.reports.pdf_helpers import pages_text, squash

pytestmark = pytest.mark.django_db

BASIS = "คำสั่งองค์การบริหารส่วนตำบลทุ่งโพธิ์ ที่ ๑๒/๒๕๖๙"
PALAD = "ปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์"
MAYOR = "นายกองค์การบริหารส่วนตำบลทุ่งโพธิ์"
DEPUTY = "รองปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์"


def name(agency, users, principal, stand_in, *, start=0, end=3, kind=StandIn.Kind.ACTING, by=None):
    today = timezone.localdate()
    return standins.stand_in_create(
        agency=agency,
        user=users[by or "legal"],
        data=standins.StandInData(
            principal=users[principal],
            stand_in=users[stand_in],
            kind=kind,
            starts_on=today + dt.timedelta(days=start),
            ends_on=today + dt.timedelta(days=end),
            legal_basis=BASIS,
        ),
    )


def submitted(agency, users, document):
    return services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))


def act(memo, users, who, decision="comment", comment="เห็นควรเสนอ"):
    return services.memo_act(
        memo=memo, step_order=memo.current_step, request=as_request(users[who]), decision=decision, comment=comment
    )


def at_mayor(agency, users, document):
    memo = submitted(agency, users, document)
    memo = act(memo, users, "head")
    return act(memo, users, "palad")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the inbox and acting ---------------------------------------------------------------------------


def test_during_the_range_the_stand_in_sees_the_principals_step_and_acts_for_them(thungpho):
    agency, users, document = thungpho
    Membership.objects.filter(user=users["office"], agency=agency).update(position_title=DEPUTY)
    memo = at_mayor(agency, users, document)
    assert list(inbox_for_user(users["office"])) == []
    name(agency, users, "mayor", "office")
    assert list(inbox_for_user(users["office"])) == [memo]
    assert list(inbox_for_user(users["mayor"])) == [memo]  # the principal still can

    html = client_for(users["office"]).get(reverse("reports:inbox")).content.decode()
    assert "ในฐานะผู้รักษาราชการแทน นายสุชาติ เกิดศิริ" in html
    assert "ในฐานะ" not in client_for(users["mayor"]).get(reverse("reports:inbox")).content.decode()

    with mock.patch.object(finalize_memo, "delay"):
        memo = act(memo, users, "office", "acknowledge", "")
    assert memo.status == Memo.Status.APPROVED
    step = MemoStep.objects.get(memo=memo, round=1, order=3)
    assert (step.acted_by, step.acted_for) == (users["office"], users["mayor"])
    assert step.acted_name == users["office"].get_full_name()
    assert (step.acted_title, step.acting_kind, step.acting_basis) == (DEPUTY, "acting", BASIS)
    assert step.printed_position == f"{DEPUTY} รักษาราชการแทน {MAYOR}"
    event = MemoEvent.objects.get(memo=memo, action="act", step=3)
    assert event.user == users["office"]
    assert event.detail["acted_for"] == users["mayor"].pk
    assert event.detail["acted_for_name"] == "นายสุชาติ เกิดศิริ"
    assert event.detail["acting"] == "รักษาราชการแทน" and event.detail["acting_basis"] == BASIS


def test_before_after_and_once_cancelled_the_stand_in_sees_nothing_and_cannot_act(thungpho):
    agency, users, document = thungpho
    memo = at_mayor(agency, users, document)
    later = name(agency, users, "mayor", "palad", start=1, end=5)
    assert list(inbox_for_user(users["palad"])) == []
    with pytest.raises(PermissionDenied):
        act(memo, users, "palad", "acknowledge", "")
    StandIn.objects.filter(pk=later.pk).update(starts_on=timezone.localdate() - dt.timedelta(days=9))
    StandIn.objects.filter(pk=later.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    assert list(inbox_for_user(users["palad"])) == []
    current = name(agency, users, "mayor", "palad", start=0, end=0)
    assert list(inbox_for_user(users["palad"])) == [memo]
    assert standins.stand_in_cancel(stand_in=current, user=users["mayor"])
    assert list(inbox_for_user(users["palad"])) == []
    with pytest.raises(PermissionDenied):
        act(memo, users, "palad", "acknowledge", "")


def test_the_range_is_counted_in_bangkok_dates(thungpho):
    agency, users, document = thungpho
    memo = at_mayor(agency, users, document)
    stand_in = name(agency, users, "mayor", "palad", start=0, end=0)
    bangkok_day = timezone.localdate()
    # 23:30 UTC of the day before is already 06:30 of the range's day in Bangkok.
    late_utc = dt.datetime.combine(bangkok_day - dt.timedelta(days=1), dt.time(23, 30), tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_utc):
        assert stand_in.is_in_force(timezone.localdate())
        assert list(inbox_for_user(users["palad"])) == [memo]


def test_a_stand_in_of_another_agency_gives_nothing_here(thungpho):
    agency, users, document = thungpho
    memo = at_mayor(agency, users, document)
    other = Agency.objects.get(name="วังประจัน")
    Membership.objects.create(user=users["palad"], agency=other, role="staff", position_title="ปลัดทดลอง")
    today = timezone.localdate()
    StandIn.objects.create(  # named by another agency, for this agency's mayor: it counts only there
        agency=other,
        principal=users["mayor"],
        stand_in=users["palad"],
        starts_on=today,
        ends_on=today,
        legal_basis=BASIS,
        created_by=users["other_mayor"],
    )
    assert memo not in inbox_for_user(users["palad"])
    with pytest.raises(PermissionDenied):
        act(memo, users, "palad", "acknowledge", "")


def test_a_stand_in_for_a_position_step_acts_for_whoever_holds_it(thungpho):
    """A step of no person (any approver holding the position) waits for the principal's position."""
    agency, users, document = thungpho
    memo = at_mayor(agency, users, document)
    MemoStep.objects.filter(memo=memo, order=3).update(user=None)
    name(agency, users, "mayor", "office")
    assert list(inbox_for_user(users["office"])) == [memo]
    with mock.patch.object(finalize_memo, "delay"):
        act(memo, users, "office", "acknowledge", "")
    assert MemoStep.objects.get(memo=memo, order=3).acted_for == users["mayor"]


def test_a_stand_in_cannot_act_for_the_principal_after_acting_in_their_own_name_in_the_round(thungpho):
    agency, users, document = thungpho
    memo = at_mayor(agency, users, document)  # palad acted on step 2 in their own name
    name(agency, users, "mayor", "palad")
    with pytest.raises(ValidationError) as refused:
        act(memo, users, "palad", "acknowledge", "")
    assert "ในนามของท่านเองแล้ว" in refused.value.messages[0]
    assert MemoStep.objects.get(memo=memo, order=3).acted_at is None
    response = client_for(users["palad"]).post(
        reverse("reports:memo_act", args=[memo.pk]),
        {"act-step_order": 3, "act-round": 1, "act-decision": "acknowledge", "act-comment": ""},
    )
    assert response.status_code == 200 and "ในนามของท่านเองแล้ว" in response.content.decode()


def test_whoever_acted_as_a_stand_in_cannot_act_in_their_own_name_later_in_the_round(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    name(agency, users, "head", "palad")
    memo = act(memo, users, "palad")  # step 1, for the head of office
    assert MemoStep.objects.get(memo=memo, order=1).acted_for == users["head"]
    with pytest.raises(ValidationError) as refused:
        act(memo, users, "palad")  # step 2 is the palad's own
    assert "ในฐานะผู้ทำการแทนแล้ว" in refused.value.messages[0]


def test_the_next_round_starts_afresh(thungpho):
    agency, users, document = thungpho
    memo = at_mayor(agency, users, document)
    memo = services.memo_return(memo=memo, step_order=3, request=as_request(users["mayor"]), reason="แก้ไข")
    memo = services.memo_submit(memo=memo, request=as_request(users["legal"]))
    name(agency, users, "palad", "head")
    memo = act(memo, users, "head")
    with pytest.raises(ValidationError):
        act(memo, users, "head")  # round 2: the head acted in their own name on step 1


# --- the printed wording ----------------------------------------------------------------------------


def test_the_memo_pdf_and_the_verification_page_print_the_acting_wording(thungpho):
    agency, users, document = thungpho
    deputy = DEPUTY
    Membership.objects.filter(user=users["office"], agency=agency).update(position_title=deputy)
    memo = act(submitted(agency, users, document), users, "head")
    name(agency, users, "palad", "office", kind=StandIn.Kind.DELEGATED)
    memo = act(memo, users, "office")
    with mock.patch.object(finalize_memo, "delay"):
        memo = act(memo, users, "mayor", "acknowledge", "")
    pages = pages_text(memo_preview(memo))
    printed = squash(f"({users['office'].get_full_name()}) {deputy} ปฏิบัติราชการแทน {PALAD}")
    assert any(printed in page for page in pages), pages
    html = Client().get(reverse("reports:memo_verify", args=[memo.verify_token])).content.decode()
    assert f"{deputy} ปฏิบัติราชการแทน {PALAD}" in html
    assert BASIS in html


# --- naming and cancelling --------------------------------------------------------------------------


def test_an_approver_names_their_own_stand_in_only(thungpho):
    agency, users, _ = thungpho
    assert name(agency, users, "mayor", "palad", by="mayor").created_by == users["mayor"]
    with pytest.raises(PermissionDenied):
        name(agency, users, "palad", "head", by="mayor")
    with pytest.raises(PermissionDenied):
        name(agency, users, "mayor", "head", by="office")  # staff names nobody


def test_people_outside_the_agency_or_deactivated_cannot_be_named(thungpho):
    agency, users, _ = thungpho
    with pytest.raises(ValidationError):
        name(agency, users, "mayor", "other_mayor")
    Membership.objects.filter(user=users["head"], agency=agency).update(is_active=False)
    with pytest.raises(ValidationError):
        name(agency, users, "mayor", "head")


def test_overlapping_ranges_for_one_principal_are_refused_in_thai(thungpho):
    agency, users, _ = thungpho
    name(agency, users, "mayor", "palad", start=0, end=5)
    with pytest.raises(ValidationError) as refused:
        name(agency, users, "mayor", "head", start=5, end=8)
    assert "ซ้อน" in refused.value.messages[0]
    assert name(agency, users, "mayor", "head", start=6, end=8)


def test_the_page_names_a_stand_in_with_thai_dates(thungpho):
    agency, users, _ = thungpho
    client = client_for(users["legal"])
    today = timezone.localdate()
    assert client.get(reverse("reports:stand_in_new", args=[agency.pk])).status_code == 200
    start, end = today, today + dt.timedelta(days=3)
    response = client.post(
        reverse("reports:stand_in_new", args=[agency.pk]),
        {
            "principal": users["mayor"].pk,
            "stand_in": users["palad"].pk,
            "kind": "acting",
            "starts_on": f"{start.day}/{start.month}/{start.year + 543}".translate(
                str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
            ),
            "ends_on": f"{end.day}/{end.month}/{end.year + 543}",
            "legal_basis": BASIS,
        },
    )
    assert response.status_code == 302
    stand_in = StandIn.objects.get()
    assert (stand_in.starts_on, stand_in.ends_on, stand_in.created_by) == (start, end, users["legal"])
    html = client.get(reverse("reports:stand_ins", args=[agency.pk])).content.decode()
    assert BASIS in html and "มีผลวันนี้" in html


def test_bad_input_on_the_page_is_answered_in_thai(thungpho):
    agency, users, _ = thungpho
    response = client_for(users["legal"]).post(
        reverse("reports:stand_in_new", args=[agency.pk]),
        {"principal": users["mayor"].pk, "stand_in": users["mayor"].pk, "kind": "x", "starts_on": "32/1/2569"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and not StandIn.objects.exists()
    assert "ไม่ใช่บุคคลเดียวกับผู้ถูกแทน" in html or "กรุณาเลือกลักษณะ" in html
    assert "กรุณาระบุคำสั่งที่แต่งตั้ง" in html and "ไม่มีวันที่" in html


def test_who_may_open_the_pages(thungpho):
    agency, users, _ = thungpho
    new = reverse("reports:stand_in_new", args=[agency.pk])
    listing = reverse("reports:stand_ins", args=[agency.pk])
    assert client_for(users["mayor"]).get(new).status_code == 200
    assert client_for(users["office"]).get(new).status_code == 403
    assert client_for(users["office"]).get(listing).status_code == 200
    assert client_for(users["other_mayor"]).get(new).status_code == 404
    assert client_for(users["other_mayor"]).get(listing).status_code == 404
    assert Client().get(listing).status_code == 302


def test_cancel_by_the_principal_or_the_coordinator_only(thungpho):
    agency, users, _ = thungpho
    stand_in = name(agency, users, "mayor", "palad")
    url = reverse("reports:stand_in_cancel", args=[stand_in.pk])
    assert client_for(users["office"]).post(url).status_code == 403
    assert client_for(users["other_mayor"]).post(url).status_code == 404
    assert client_for(users["palad"]).post(url).status_code == 403  # the stand-in does not cancel themselves
    assert client_for(users["mayor"]).post(url).status_code == 302
    stand_in.refresh_from_db()
    assert stand_in.cancelled_by == users["mayor"] and stand_in.cancelled_at is not None
    assert client_for(users["legal"]).post(url).status_code == 302  # already cancelled: said so, nothing changes


def test_the_stand_in_in_force_hears_of_the_waiting_step_by_e_mail(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    memo = act(memo, users, "head")
    name(agency, users, "mayor", "office")
    mail.outbox.clear()
    act(memo, users, "palad")
    # One message each (notifications.notify), sent from a worker.
    assert sorted(address for m in mail.outbox for address in m.to) == ["mayor@example.go.th", "office@example.go.th"]
