"""A second factor on approval steps (accounts.twofactor): required where the deployment says so, confirmed
within the last 15 minutes, recorded in the act's audit row and printed on the final PDF's e-signature line."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from ita_portal.thai import thai_digits
from reports.memos import services
from reports.memos.final import memo_preview, memo_snapshot
from reports.models import Memo, MemoEvent, MemoStep
from reports.tasks import finalize_memo
from tests.reports.memo_support import as_request, new_memo
from tests.reports.pdf_helpers import pages_text

pytestmark = pytest.mark.django_db

LINE = "ยืนยันตัวตนสองขั้นตอน"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["approver", "coordinator"]


@pytest.fixture
def at_mayor(thungpho):
    agency, users, document = thungpho
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    for who in ("head", "palad"):
        memo = services.memo_act(
            memo=memo, step_order=memo.current_step, request=as_request(users[who]), decision="comment", comment="ok"
        )
    return memo, users


def client_for(user, *, confirmed_minutes_ago: float | None = None) -> Client:
    """Logged in; with a second factor confirmed that many minutes ago (None: never in this session)."""
    client = Client()
    client.force_login(user)
    if confirmed_minutes_ago is not None:
        device = TOTPDevice.objects.create(user=user, name="โทรศัพท์", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        at = timezone.now() - dt.timedelta(minutes=confirmed_minutes_ago)
        session[twofactor.SESSION_KEY] = at.timestamp()
        session.save()
    return client


def approve(client, memo):
    data = {"act-step_order": 3, "act-round": memo.round, "act-decision": "acknowledge", "act-comment": ""}
    with mock.patch.object(finalize_memo, "delay"):
        return client.post(reverse("reports:memo_act", args=[memo.pk]), data)


def test_when_not_required_the_step_is_acted_on_and_recorded_without_a_second_factor(at_mayor):
    memo, users = at_mayor
    assert approve(client_for(users["mayor"]), memo).status_code == 302
    event = MemoEvent.objects.get(memo=memo, action="act", step=3)
    assert event.detail["second_factor"] is False
    memo.refresh_from_db()
    assert memo.status == Memo.Status.APPROVED
    assert memo_snapshot(memo)["steps"][2]["esign"]["second_factor"] is False
    assert not any(LINE in page for page in pages_text(memo_preview(memo)))


def test_when_required_a_fresh_second_factor_is_recorded_and_printed(at_mayor, required):
    memo, users = at_mayor
    assert approve(client_for(users["mayor"], confirmed_minutes_ago=2), memo).status_code == 302
    event = MemoEvent.objects.get(memo=memo, action="act", step=3)
    assert event.detail["second_factor"] is True
    memo.refresh_from_db()
    snapshot = memo_snapshot(memo)
    assert snapshot["steps"][2]["esign"]["second_factor"] is True
    assert snapshot["steps"][0]["esign"]["second_factor"] is False  # the head acted without one
    pages = pages_text(memo_preview(memo))
    assert sum(page.count(LINE) for page in pages) == 1
    assert any(f"{thai_digits(event.reference)}{LINE}" in page for page in pages)
    html = client_for(users["mayor"], confirmed_minutes_ago=1).get(reverse("reports:memo", args=[memo.pk]))
    assert f"({LINE})" in html.content.decode()


@pytest.mark.parametrize("minutes_ago", [16, None])
def test_when_required_a_stale_or_missing_confirmation_sends_the_approver_to_confirm_first(
    at_mayor, required, minutes_ago
):
    memo, users = at_mayor
    client = client_for(users["mayor"], confirmed_minutes_ago=minutes_ago if minutes_ago else 16)
    if minutes_ago is None:  # confirmed once at sign-in, then the timestamp is lost
        session = client.session
        del session[twofactor.SESSION_KEY]
        session.save()
    response = approve(client, memo)
    assert response.status_code == 302
    assert response["Location"] == twofactor.verify_url(reverse("reports:memo", args=[memo.pk]) + "#act")
    step = MemoStep.objects.get(memo=memo, order=3)
    assert step.acted_at is None and not MemoEvent.objects.filter(memo=memo, step=3).exists()
    returned = client.post(
        reverse("reports:memo_return", args=[memo.pk]),
        {"return-step_order": 3, "return-round": 1, "return-reason": "แก้ไข"},
    )
    assert returned.status_code == 302 and returned["Location"].startswith(reverse("accounts:two_factor_verify"))
    memo.refresh_from_db()
    assert memo.status == Memo.Status.SUBMITTED


def test_a_fresh_second_factor_is_recorded_even_where_not_required(at_mayor):
    memo, users = at_mayor
    approve(client_for(users["mayor"], confirmed_minutes_ago=5), memo)
    assert MemoEvent.objects.get(memo=memo, action="act", step=3).detail["second_factor"] is True


def test_a_return_records_the_second_factor_too(at_mayor, required):
    memo, users = at_mayor
    response = client_for(users["mayor"], confirmed_minutes_ago=1).post(
        reverse("reports:memo_return", args=[memo.pk]),
        {"return-step_order": 3, "return-round": 1, "return-reason": "แก้ไขตัวเลข"},
    )
    assert response.status_code == 302
    assert MemoEvent.objects.get(memo=memo, action="return").detail["second_factor"] is True
