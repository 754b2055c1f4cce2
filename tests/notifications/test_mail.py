"""Mail in the background (issue 17, item 1): the request only queues; a worker renders and sends."""

from __future__ import annotations

import smtplib
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import Delivery, Notification
from notifications.tasks import send_email
from reports.memos import services
from tests.factories import UserFactory
from tests.reports.memo_support import as_request, new_memo


def test_the_password_reset_page_queues_the_mail_and_sends_nothing_itself(db):
    UserFactory(username="somchai", email="somchai@example.go.th")
    with mock.patch.object(send_email, "delay") as delay:
        response = Client().post(reverse("accounts:password_reset"), {"email": "somchai@example.go.th"})
    assert response.status_code == 302 and mail.outbox == []
    kwargs = delay.call_args.kwargs
    assert kwargs["to"] == ["somchai@example.go.th"]
    assert "/account/password-reset/" in kwargs["body"]  # the link, rendered in the request
    assert kwargs["html"]


def test_the_password_reset_page_answers_the_same_when_the_broker_is_down(db):
    UserFactory(username="somchai", email="somchai@example.go.th")
    with mock.patch.object(send_email, "delay", side_effect=OSError("broker down")):
        response = Client().post(reverse("accounts:password_reset"), {"email": "somchai@example.go.th"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")


def test_the_mail_task_sends_text_and_html_and_retries_a_mail_server_error():
    send_email.apply(kwargs={"subject": "ทดสอบ", "body": "ข้อความ", "html": "<p>ข้อความ</p>", "to": ["a@example.go.th"]})
    assert mail.outbox[0].subject == "ทดสอบ" and mail.outbox[0].alternatives[0][1] == "text/html"
    down = smtplib.SMTPServerDisconnected("gone")
    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=down),
        mock.patch.object(send_email, "retry", side_effect=Retry()) as retry,
        pytest.raises(Retry),
    ):
        send_email.apply(kwargs={"subject": "s", "body": "b", "html": "", "to": ["a@example.go.th"]}, throw=True)
    assert retry.called


def test_the_email_timeout_comes_from_the_environment(settings):
    from ita_portal.env import env_int

    assert settings.EMAIL_TIMEOUT == 10
    assert env_int("EMAIL_TIMEOUT", 10, {"EMAIL_TIMEOUT": "25"}, minimum=1) == 25


def test_a_submitted_memo_rings_the_approvers_bell_and_mails_them_from_a_worker(thungpho):
    agency, users, document = thungpho
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    notification = Notification.objects.get(kind="approvals", user=users["head"])
    assert notification.url == reverse("reports:memo", args=[memo.pk]) and notification.agency == agency
    assert Delivery.objects.get(user=users["head"], channel="email").status == Delivery.Status.SENT
    assert [m.to for m in mail.outbox] == [["head@example.go.th"]]
    assert memo.subject in mail.outbox[0].subject
