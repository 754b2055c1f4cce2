"""LINE's webhook: only signed bodies are read; a valid code sent as a message links its sender."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linechannel import webhook
from linechannel.models import LineAccount, LinkCode
from linechannel.services import link_code_issue
from tests.factories import UserFactory
from tests.linechannel.server import SECRET, sign

pytestmark = pytest.mark.django_db

URL = reverse("linechannel:webhook")
SENDER = "U" + "1" * 32


def _event(text: str, *, user_id: str = SENDER, kind: str = "text") -> dict:
    return {
        "type": "message",
        "mode": "active",
        "timestamp": 1_700_000_000_000,
        "webhookEventId": "01H0000000000000000000000",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": "reply-" + text[:8],
        "source": {"type": "user", "userId": user_id},
        "message": {"id": "1", "type": kind, "text": text} if kind == "text" else {"id": "1", "type": kind},
    }


def _post(client, events: list[dict], *, signature: str | None = None, secret: str = SECRET):
    body = json.dumps({"destination": "Uoa", "events": events}, ensure_ascii=False).encode()
    headers = {"HTTP_X_LINE_SIGNATURE": signature if signature is not None else sign(body, secret)}
    return client.post(URL, body, content_type="application/json", **headers)


@pytest.fixture
def code(line_api, db):
    return link_code_issue(user=UserFactory())


def test_a_valid_code_from_a_signed_webhook_links_the_sender_and_replies_in_thai(
    client, line_api, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, [_event(code.code)])

    assert response.status_code == 200
    account = LineAccount.objects.get()
    assert (account.user, account.line_user_id, account.unlinked_at) == (code.user, SENDER, None)
    code.refresh_from_db()
    assert code.used_at is not None
    assert [r["messages"][0]["text"] for r in line_api.replies] == [webhook.LINKED_TEXT]
    assert line_api.replies[0]["replyToken"] == "reply-" + code.code
    assert "เชื่อมบัญชี LINE กับ ITA Portal แล้ว" in webhook.LINKED_TEXT


def test_a_code_typed_in_small_letters_with_a_space_still_links(client, line_api, code):
    typed = f" {code.code[:4].lower()} {code.code[4:].lower()} "

    assert _post(client, [_event(typed)]).status_code == 200

    assert LineAccount.objects.filter(user=code.user, line_user_id=SENDER).exists()


def test_a_bad_signature_is_refused_and_links_nothing(client, line_api, code):
    response = _post(client, [_event(code.code)], secret="not-the-channel-secret")

    assert response.status_code == 403
    assert response.content == b""
    assert not LineAccount.objects.exists()
    assert LinkCode.objects.get().used_at is None


def test_a_missing_signature_is_refused(client, line_api, code):
    assert _post(client, [_event(code.code)], signature="").status_code == 403
    assert not LineAccount.objects.exists()


def test_an_expired_code_links_nothing_and_says_so(client, line_api, code, django_capture_on_commit_callbacks):
    LinkCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, [_event(code.code)]).status_code == 200

    assert not LineAccount.objects.exists()
    assert [r["messages"][0]["text"] for r in line_api.replies] == [webhook.INVALID_TEXT]


def test_a_used_code_links_nothing_a_second_time(client, line_api, code):
    _post(client, [_event(code.code)])
    other_sender = "U" + "2" * 32

    assert _post(client, [_event(code.code, user_id=other_sender)]).status_code == 200

    assert list(LineAccount.objects.values_list("line_user_id", flat=True)) == [SENDER]


def test_a_newer_code_replaces_the_users_earlier_one(client, line_api, code):
    link_code_issue(user=code.user)

    _post(client, [_event(code.code)])

    assert not LineAccount.objects.exists()


def test_other_events_and_ordinary_chat_are_ignored_without_a_reply(
    client, line_api, code, django_capture_on_commit_callbacks
):
    follow = {"type": "follow", "replyToken": "r", "source": {"type": "user", "userId": SENDER}}
    group = _event(code.code) | {"source": {"type": "group", "groupId": "C1", "userId": SENDER}}
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, [follow, _event("สวัสดีครับ"), _event("", kind="sticker"), group, "junk"])

    assert response.status_code == 200
    assert not LineAccount.objects.exists()
    assert line_api.replies == []


def test_the_verify_button_of_the_console_gets_a_200(client, line_api):
    assert _post(client, []).status_code == 200


def test_a_line_account_linked_to_someone_else_moves_to_the_codes_owner(client, line_api, code):
    earlier = UserFactory()
    LineAccount.objects.create(user=earlier, line_user_id=SENDER, linked_at=timezone.now())

    _post(client, [_event(code.code)])

    assert LineAccount.objects.get(user=earlier).unlinked_at is not None
    assert LineAccount.objects.get(user=code.user).unlinked_at is None


def test_a_signed_body_that_is_not_json_is_a_400(client, line_api):
    body = b"not json"
    response = client.post(URL, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=sign(body))
    assert response.status_code == 400


def test_a_body_over_64_kb_is_refused_before_its_signature_is_checked(client, line_api):
    body = b"{" + b" " * webhook.MAX_BODY + b"}"
    response = client.post(URL, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=sign(body))
    assert response.status_code == 413


def test_the_webhook_takes_only_post(client, line_api):
    assert client.get(URL).status_code == 405


def test_the_webhook_is_not_found_while_line_is_off(client, db, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = settings.LINE_CHANNEL_SECRET = ""
    body = b'{"events": []}'
    assert client.post(URL, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=sign(body)).status_code == 404
