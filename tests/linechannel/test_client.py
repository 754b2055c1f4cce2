"""push_text against the stand-in LINE API: once per retry key, 429/5xx/network as retry-later, the quota."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from linechannel import client
from linechannel.client import LineNotLinked, LineRejected, LineUnavailable, push_text
from linechannel.models import LineMessage, LineQuotaMonth
from tests.factories import UserFactory
from tests.linechannel.conftest import LINE_USER_ID

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_a_push_reaches_the_linked_line_account_once_and_counts_one_message(line_api, linked_user):
    push_text(user=linked_user, text="มีมาตรการรอรายงานผล https://ita.example/m/1", retry_key="reminder:1")

    assert len(line_api.pushes) == 1
    push = line_api.pushes[0]
    assert push["to"] == LINE_USER_ID
    assert push["messages"] == [{"type": "text", "text": "มีมาตรการรอรายงานผล https://ita.example/m/1"}]
    assert push["retry_key"] == client.retry_key_uuid("reminder:1")
    assert LineMessage.objects.get().status == LineMessage.Status.SENT
    assert client.quota_used() == 1


def test_the_retry_key_is_a_uuid_derived_from_the_callers_key():
    first = client.retry_key_uuid("delivery:42")
    assert first == client.retry_key_uuid("delivery:42")
    assert first != client.retry_key_uuid("delivery:43")
    assert str(uuid.UUID(first)) == first


def test_pushing_again_with_the_same_retry_key_sends_and_counts_nothing_more(line_api, linked_user):
    push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")
    push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")

    assert len(line_api.pushes) == 1
    assert ("POST", "/v2/bot/message/push") in line_api.requests
    assert line_api.requests.count(("POST", "/v2/bot/message/push")) == 1
    assert client.quota_used() == 1


def test_a_push_accepted_but_answered_with_a_500_is_retried_and_the_409_counts_as_sent(line_api, linked_user):
    line_api.accept_then_fail()

    push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")

    assert line_api.requests.count(("POST", "/v2/bot/message/push")) == 2  # the 500, then the 409
    assert len(line_api.pushes) == 1
    assert LineMessage.objects.get().status == LineMessage.Status.SENT
    assert client.quota_used() == 1


def test_a_429_raises_line_unavailable_with_retry_after_and_gives_the_quota_back(line_api, linked_user):
    line_api.fail_next(429, retry_after=7)

    with pytest.raises(LineUnavailable) as caught:
        push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")

    assert caught.value.retry_after == 7.0
    assert line_api.pushes == []
    assert client.quota_used() == 0
    push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")  # the caller's retry
    assert len(line_api.pushes) == 1
    assert client.quota_used() == 1


def test_a_429_without_retry_after_waits_a_minute(line_api, linked_user):
    line_api.fail_next(429)

    with pytest.raises(LineUnavailable) as caught:
        push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")

    assert caught.value.retry_after == client.RETRY_AFTER_DEFAULT


def test_a_500_on_every_attempt_raises_line_unavailable_and_keeps_the_message_counted(line_api, linked_user):
    line_api.fail_next(500, times=client.ATTEMPTS)

    with pytest.raises(LineUnavailable):
        push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")

    assert line_api.pushes == []
    message = LineMessage.objects.get()
    assert message.status == LineMessage.Status.PENDING
    assert client.quota_used() == 1  # LINE may have sent it: the unit stays taken
    push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")
    assert len(line_api.pushes) == 1
    assert client.quota_used() == 1


def test_an_unreachable_api_raises_line_unavailable(line_api, linked_user, settings):
    settings.LINE_API_BASE = "http://127.0.0.1:9"  # the discard port: nothing listens

    with pytest.raises(LineUnavailable):
        push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")


def test_a_wrong_token_is_rejected_for_good_and_counts_nothing(line_api, linked_user, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = "revoked"

    with pytest.raises(LineRejected) as caught:
        push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")

    assert caught.value.status == 401
    assert LineMessage.objects.get().status == LineMessage.Status.FAILED
    assert client.quota_used() == 0


def test_a_user_without_a_linked_line_account_raises_line_not_linked(line_api, db):
    with pytest.raises(LineNotLinked):
        push_text(user=UserFactory(), text="แจ้งเตือน", retry_key="reminder:1")

    assert line_api.requests == []


def test_an_unlinked_account_gets_nothing(line_api, linked_user):
    from linechannel.services import line_unlink

    line_unlink(user=linked_user)

    with pytest.raises(LineNotLinked):
        push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")


def test_line_is_off_without_its_settings_and_pushes_nothing(linked_user, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    settings.LINE_CHANNEL_SECRET = ""

    assert not client.is_enabled()
    with pytest.raises(LineNotLinked):
        push_text(user=linked_user, text="แจ้งเตือน", retry_key="reminder:1")


def test_a_text_longer_than_lines_limit_is_cut_to_5000_characters(line_api, linked_user):
    push_text(user=linked_user, text="ก" * 6000, retry_key="reminder:1")

    text = line_api.texts[0]
    assert len(text) == 5000
    assert text.endswith("…")


def test_the_quota_stops_pushes_with_a_thai_message_and_warns_the_administrators_once(
    line_api, linked_user, settings, django_capture_on_commit_callbacks
):
    settings.LINE_MONTHLY_QUOTA = 3
    settings.LINE_QUOTA_RESERVE = 1
    UserFactory(username="root", email="root@example.invalid", is_staff=True)
    UserFactory(username="clerk", email="clerk@example.invalid")
    push_text(user=linked_user, text="หนึ่ง", retry_key="k1")
    push_text(user=linked_user, text="สอง", retry_key="k2")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(LineUnavailable) as caught:
        push_text(user=linked_user, text="สาม", retry_key="k3")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(LineUnavailable):
        push_text(user=linked_user, text="สี่", retry_key="k4")

    assert caught.value.retry_after is None
    assert "โควตา" in str(caught.value)
    assert line_api.texts == ["หนึ่ง", "สอง"]
    assert client.quota_used() == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["root@example.invalid"]
    assert "LINE_MONTHLY_QUOTA" in mail.outbox[0].body
    assert client.quota_warning_recipients() == ["root@example.invalid"]


def test_a_message_sent_before_the_quota_ran_out_is_not_refused_on_a_repeat(line_api, linked_user, settings):
    settings.LINE_MONTHLY_QUOTA = 1
    push_text(user=linked_user, text="หนึ่ง", retry_key="k1")

    push_text(user=linked_user, text="หนึ่ง", retry_key="k1")  # already sent: nothing to claim

    assert line_api.texts == ["หนึ่ง"]


def test_the_quota_starts_again_on_the_first_of_the_month_in_bangkok(line_api, linked_user, settings, time_machine):
    settings.LINE_MONTHLY_QUOTA = 1
    time_machine.move_to(dt.datetime(2027, 1, 31, 23, 30, tzinfo=BANGKOK))
    push_text(user=linked_user, text="มกราคม", retry_key="k1")
    with pytest.raises(LineUnavailable):
        push_text(user=linked_user, text="ยังมกราคม", retry_key="k2")

    time_machine.move_to(dt.datetime(2027, 2, 1, 0, 10, tzinfo=BANGKOK))  # still 31 January in UTC
    push_text(user=linked_user, text="กุมภาพันธ์", retry_key="k2")

    assert line_api.texts == ["มกราคม", "กุมภาพันธ์"]
    assert dict(LineQuotaMonth.objects.values_list("month", "used")) == {"2027-01": 1, "2027-02": 1}


def test_the_remote_quota_reads_lines_limit_and_consumption(line_api, linked_user):
    push_text(user=linked_user, text="หนึ่ง", retry_key="k1")

    assert client.remote_quota() == (200, 1)
    line_api.quota_limit = None
    assert client.remote_quota() == (None, 1)
