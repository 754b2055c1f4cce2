"""Reminders on a schedule (issue 17, item 4): rounds, OIT, stalled approvals, weekly digests; once each."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Delivery, Notification
from oit.models import Answer, Link, Workspace
from reports.models import ApprovalChain, Memo, MemoEvent, MemoStep
from tests.notifications.conftest import at, link_line

MARCH_24_2570 = datetime.date(2027, 3, 24)  # 7 days before the 6-month round of fiscal year 2570 closes


def send(day: datetime.date, capture) -> str:
    out = io.StringIO()
    with time_machine.travel(at(day), tick=False), capture(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_on_24_march_2570_each_staff_member_with_unreported_measures_gets_one_mail_and_one_line_message(
    town, line_api, django_capture_on_commit_callbacks
):
    for n, key in enumerate(["clerk1", "clerk2", "cashier"], start=1):
        link_line(town.people[key], n)
    output = send(MARCH_24_2570, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == ["clerk1@example.go.th", "clerk2@example.go.th"]
    message = mail.outbox[0]
    assert "อีก ๗ วัน" in message.subject and "รอบ ๖ เดือน" in message.subject
    assert "สำนักปลัด" in message.body and "มาตรการที่ 1 ของทุ่งเตือน" in message.body
    assert "๓๑ มีนาคม ๒๕๗๐" in message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    assert len(line_api.pushes) == 2
    assert all("รอบ ๖ เดือน" in push["messages"][0]["text"] for push in line_api.pushes)
    assert Notification.objects.filter(kind="reminders").count() == 2
    assert "total 6" in output  # in-app, e-mail and LINE for each of the two
    assert output.count("round-end:2570-h1:d7:measure-plan-") == 6

    mail.outbox.clear()
    again = send(MARCH_24_2570, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and len(line_api.pushes) == 2
    assert "total 0" in again
    assert Delivery.objects.filter(channel="email").count() == 2


@pytest.mark.parametrize(("day", "days"), [(datetime.date(2027, 3, 1), 30), (datetime.date(2027, 3, 30), 1)])
def test_the_round_is_also_reminded_30_and_1_days_before(town, django_capture_on_commit_callbacks, day, days):
    send(day, django_capture_on_commit_callbacks)  # (1 March 2027 is a Monday: the digests go too)
    assert len([m for m in mail.outbox if "ครบกำหนดรายงานผล" in m.subject]) == 2
    assert Delivery.objects.filter(channel="email", occasion__startswith=f"round-end:2570-h1:d{days}:").count() == 2


def test_no_round_reminder_on_other_days_or_once_everything_is_reported(town, django_capture_on_commit_callbacks):
    assert "total 0" in send(datetime.date(2027, 3, 23), django_capture_on_commit_callbacks)
    from tests.factories import ProgressFactory

    for measure in town.measures[:2]:
        ProgressFactory(measure=measure, round=6)
    assert "total 0" in send(MARCH_24_2570, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_12_month_round_is_reminded_before_30_september(town, django_capture_on_commit_callbacks):
    send(datetime.date(2027, 9, 23), django_capture_on_commit_callbacks)
    # Nobody has reported the 12-month round: both departments' staff hear of it.
    addresses = sorted(m.to[0] for m in mail.outbox)
    assert addresses == ["cashier@example.go.th", "clerk1@example.go.th", "clerk2@example.go.th"]
    assert "รอบ ๑๒ เดือน" in mail.outbox[0].subject


def test_as_of_computes_a_past_date_for_catching_up(town, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with (
        time_machine.travel(at(datetime.date(2027, 3, 28)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_reminders", "--as-of", "2027-03-24", stdout=out)
    assert len(mail.outbox) == 2
    assert "2027-03-24 email town.clerk1 round-end:2570-h1:d7" in out.getvalue()


def test_a_bad_as_of_date_is_refused_in_thai(db):
    with pytest.raises(CommandError, match="วันที่ไม่ถูกต้อง"):
        call_command("send_reminders", "--as-of", "24/03/2570")


def test_a_staff_member_who_turned_e_mail_off_gets_the_reminder_in_the_portal_only(
    town, django_capture_on_commit_callbacks
):
    from notifications.models import Preference

    Preference.objects.create(user=town.people["clerk1"], kind="reminders", channel="email", enabled=False)
    send(MARCH_24_2570, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == ["clerk2@example.go.th"]
    assert Notification.objects.filter(user=town.people["clerk1"]).count() == 1


# --- approvals ------------------------------------------------------------------------------------------


def _waiting_memo(town, since: datetime.datetime, *, remind_after_days: int = 3) -> Memo:
    chain = ApprovalChain.objects.create(agency=town.agency, name="สายหลัก", remind_after_days=remind_after_days)
    coordinator = town.people["coordinator"]
    memo = Memo.objects.create(
        agency=town.agency, chain=chain, division="สำนักปลัด", subject="ขอความเห็นชอบแผนมาตรการ", to="นายก",
        requester=coordinator, requester_name="นิติกร", requester_position="นิติกร", number_year=2570,
        number_seq=7, status=Memo.Status.SUBMITTED, round=1, current_step=1,
    )  # fmt: skip
    MemoStep.objects.create(
        memo=memo, round=1, order=1, position_title="ปลัด อบต.ทุ่งเตือน", user=town.people["approver"],
        decisions=["agree"],
    )  # fmt: skip
    with time_machine.travel(since, tick=False):
        MemoEvent.objects.create(memo=memo, action=MemoEvent.Action.SUBMIT, round=1)
    return memo


def _approval_mail(day, capture) -> list[str]:
    mail.outbox.clear()
    send(day, capture)
    return sorted(m.to[0] for m in mail.outbox if "บันทึกข้อความ" in m.subject)


def test_an_approval_idle_3_days_reminds_its_approver_and_at_6_days_the_coordinator(
    town, django_capture_on_commit_callbacks
):
    submitted = at(datetime.date(2027, 5, 3), hour=15)
    _waiting_memo(town, submitted)
    capture = django_capture_on_commit_callbacks
    assert _approval_mail(datetime.date(2027, 5, 5), capture) == []
    assert _approval_mail(datetime.date(2027, 5, 6), capture) == ["approver@example.go.th"]
    assert _approval_mail(datetime.date(2027, 5, 7), capture) == []  # once
    assert _approval_mail(datetime.date(2027, 5, 8), capture) == []
    assert _approval_mail(datetime.date(2027, 5, 9), capture) == ["coordinator@example.go.th"]
    assert _approval_mail(datetime.date(2027, 5, 12), capture) == []


def test_an_act_on_the_step_restarts_the_wait(town, django_capture_on_commit_callbacks):
    memo = _waiting_memo(town, at(datetime.date(2027, 5, 3)))
    with time_machine.travel(at(datetime.date(2027, 5, 5)), tick=False):
        MemoEvent.objects.create(memo=memo, action=MemoEvent.Action.ACT, round=1, step=1)
    assert _approval_mail(datetime.date(2027, 5, 6), django_capture_on_commit_callbacks) == []


def test_the_chain_sets_how_many_days_before_a_reminder(town, django_capture_on_commit_callbacks):
    _waiting_memo(town, at(datetime.date(2027, 5, 3)), remind_after_days=5)
    assert _approval_mail(datetime.date(2027, 5, 7), django_capture_on_commit_callbacks) == []
    assert _approval_mail(datetime.date(2027, 5, 8), django_capture_on_commit_callbacks) == ["approver@example.go.th"]


# --- OIT --------------------------------------------------------------------------------------------------


@pytest.fixture
def oit_answer(town, catalogue):
    framework = catalogue[2568]
    workspace = Workspace.objects.create(
        agency=town.agency, fiscal_year=2570, framework=framework, public_token="t" * 32
    )
    item = framework.items.order_by("order").first()
    answer = Answer.objects.create(
        workspace=workspace, item=item, responsible=town.people["clerk1"], due_date=datetime.date(2027, 6, 10)
    )
    return answer


def test_an_oit_item_is_reminded_7_and_1_days_before_its_due_date_until_it_is_ready(
    oit_answer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    send(datetime.date(2027, 6, 3), capture)
    assert [m.to[0] for m in mail.outbox] == ["clerk1@example.go.th"]
    assert oit_answer.item.code in mail.outbox[0].subject
    mail.outbox.clear()
    send(datetime.date(2027, 6, 5), capture)
    assert mail.outbox == []
    Answer.objects.filter(pk=oit_answer.pk).update(status=Answer.Status.READY)
    send(datetime.date(2027, 6, 9), capture)
    assert mail.outbox == []


def test_a_failed_link_check_tells_whoever_prepares_the_item_once_a_week(
    oit_answer, django_capture_on_commit_callbacks
):
    checked = at(datetime.date(2027, 6, 1), hour=2)
    Link.objects.create(answer=oit_answer, url="https://example.go.th/oit/o1", checked_at=checked, check_ok=False)
    send(datetime.date(2027, 6, 1), django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == ["clerk1@example.go.th"]
    assert "https://example.go.th/oit/o1" in mail.outbox[0].body
    mail.outbox.clear()
    send(datetime.date(2027, 6, 2), django_capture_on_commit_callbacks)
    assert mail.outbox == []


# --- weekly digests ---------------------------------------------------------------------------------------


def test_on_monday_the_coordinator_and_the_overseer_get_their_weekly_digest(town, django_capture_on_commit_callbacks):
    monday = datetime.date(2027, 4, 5)  # the 6-month round closed on 31 March
    assert monday.weekday() == 0
    send(monday, django_capture_on_commit_callbacks)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"coordinator@example.go.th", "overseer@example.go.th"}
    coordinator = by_address["coordinator@example.go.th"]
    assert "สรุปประจำสัปดาห์" in coordinator.subject
    assert "ยังไม่รายงานผล ๒ มาตรการ" in coordinator.body  # the office's two measures are late
    assert "ยังไม่ได้เปิดพื้นที่ทำงาน OIT" in coordinator.body
    overseer = by_address["overseer@example.go.th"]
    assert "อบต.ทุ่งเตือน" in overseer.body and "ยังไม่รายงานผล ๒ มาตรการ" in overseer.body
    mail.outbox.clear()
    send(datetime.date(2027, 4, 6), django_capture_on_commit_callbacks)  # Tuesday: no digest
    assert mail.outbox == []
