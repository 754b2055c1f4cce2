"""Once and only once (issue 17, item 5): a unique row per (person, occasion, channel), claimed to send;
a failed send waits and is tried again, never sent twice."""

from __future__ import annotations

import datetime
import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, Notification, Preference
from notifications.services import delivery_send, delivery_sweep, notify
from tests.factories import UserFactory
from tests.notifications.conftest import link_line


@pytest.fixture
def person(db):
    return UserFactory(username="somsri", email="somsri@example.go.th")


def tell(person, occasion: str = "test:1", **extra):
    return notify(user=person, kind="reminders", occasion=occasion, title="ทดสอบการแจ้งเตือน", body="รายละเอียด", **extra)


def test_notify_twice_makes_one_row_per_channel_and_one_mail(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = tell(person, url="/notifications/")
        second = tell(person)
    assert first.channels == ["inapp", "email"] and second.channels == []
    assert Delivery.objects.filter(user=person).count() == 2
    assert Notification.objects.filter(user=person).count() == 1
    assert len(mail.outbox) == 1
    assert "http://" in mail.outbox[0].body and "/notifications/" in mail.outbox[0].body  # an absolute link


def test_a_sent_delivery_is_not_sent_again(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(person)
    delivery = Delivery.objects.get(channel="email")
    assert delivery.status == Delivery.Status.SENT
    assert delivery_send(delivery_id=delivery.pk).status == ""
    assert len(mail.outbox) == 1


def test_a_delivery_being_sent_is_left_alone_until_its_worker_is_presumed_dead(person, settings):
    tell(person)  # on-commit not run: the row stays pending
    delivery = Delivery.objects.get(channel="email")
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENDING, claimed_at=timezone.now())
    assert delivery_send(delivery_id=delivery.pk).status == ""
    assert mail.outbox == []
    later = timezone.now() + datetime.timedelta(minutes=settings.NOTIFICATIONS_STALE_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        assert delivery_send(delivery_id=delivery.pk).status == Delivery.Status.SENT
    assert len(mail.outbox) == 1


def test_a_mail_server_down_keeps_the_message_waiting_and_the_sweep_sends_it_later(person):
    tell(person)
    delivery = Delivery.objects.get(channel="email")
    down = smtplib.SMTPConnectError(421, "down")
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=down):
        outcome = delivery_send(delivery_id=delivery.pk)
    assert outcome.status == Delivery.Status.PENDING and outcome.retry_in == 60
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and "SMTPConnectError" in delivery.last_error
    assert delivery_sweep() == 0  # not before its next try is due
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        assert delivery_sweep() == 1  # tasks run inline here: sent at once
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
    assert len(mail.outbox) == 1


def test_after_the_last_try_the_delivery_is_failed_and_an_administrator_can_send_it_again(person, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    tell(person)
    delivery = Delivery.objects.get(channel="email")
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("timed out")):
        assert delivery_send(delivery_id=delivery.pk).status == Delivery.Status.FAILED
    assert services.delivery_retry(delivery=delivery)
    assert delivery_send(delivery_id=delivery.pk).status == Delivery.Status.SENT


def test_a_person_without_an_e_mail_address_is_skipped_not_retried(db):
    person = UserFactory(username="noemail", email="")
    tell(person)
    delivery = Delivery.objects.get(channel="email")
    assert delivery_send(delivery_id=delivery.pk).status == Delivery.Status.SKIPPED


def test_preferences_decide_the_channels(person):
    Preference.objects.create(user=person, kind="reminders", channel="inapp", enabled=False)
    Preference.objects.create(user=person, kind="approvals", channel="email", enabled=False)
    assert tell(person, "a").channels == ["email"]
    assert not Notification.objects.filter(user=person).exists()
    assert notify(user=person, kind="approvals", occasion="b", title="อนุมัติ").channels == ["inapp"]
    # An administrator's warning comes in-app and by e-mail whatever the choices.
    assert notify(user=person, kind="system", occasion="c", title="ประกาศ").channels == ["inapp", "email"]


def test_an_inactive_person_is_not_notified(db):
    person = UserFactory(username="gone", is_active=False)
    assert tell(person).channels == []


# --- LINE (the stand-in LINE API of tests/linechannel/server.py) -----------------------------------------


def test_line_is_on_by_default_only_for_a_person_who_linked_it(person, line_api):
    other = UserFactory(username="unlinked", email="u@example.go.th")
    link_line(person, 1)
    assert tell(person).channels == ["inapp", "email", "line"]
    assert tell(other).channels == ["inapp", "email"]


def test_line_down_keeps_the_message_waiting_and_the_retry_is_pushed_once(person, line_api):
    link_line(person, 1)
    tell(person)
    delivery = Delivery.objects.get(channel="line")
    line_api.fail_next(500, times=2)  # both of the client's own tries
    outcome = delivery_send(delivery_id=delivery.pk)
    assert outcome.status == Delivery.Status.PENDING
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        assert delivery_send(delivery_id=delivery.pk).status == Delivery.Status.SENT
    assert len(line_api.pushes) == 1


def test_a_line_push_to_someone_who_unlinked_is_skipped(person, line_api):
    link_line(person, 1)
    tell(person)
    person.line_account.delete()
    delivery = Delivery.objects.get(channel="line")
    assert delivery_send(delivery_id=delivery.pk).status == Delivery.Status.SKIPPED
    assert line_api.pushes == []
