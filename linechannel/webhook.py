"""LINE's webhook: the signature check and the events the portal answers (a text message holding a link code)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from typing import Any

from django.conf import settings
from django.db import transaction

from linechannel.services import LinkResult, line_link_by_code
from linechannel.tasks import line_reply

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
LINKED_TEXT = "เชื่อมบัญชี LINE กับ ITA Portal แล้ว ท่านจะได้รับการแจ้งเตือนทางช่องนี้"
INVALID_TEXT = "รหัสไม่ถูกต้อง ใช้ไปแล้ว หรือหมดอายุ กรุณาขอรหัสใหม่ที่หน้า “LINE” ของ ITA Portal แล้วส่งมาอีกครั้ง"


def signature(body: bytes, secret: str) -> str:
    """X-Line-Signature of a body: base64 of HMAC-SHA256 under the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def signature_valid(body: bytes, given: str) -> bool:
    secret = settings.LINE_CHANNEL_SECRET
    return bool(secret and given) and hmac.compare_digest(signature(body, secret).encode(), given.encode())


def handle_events(payload: Any) -> int:
    """Link the senders of valid codes and queue the replies; the number of events handled."""
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        raise ValueError("no events list")
    handled = 0
    for event in events:
        text, line_user_id, reply_token = _text_message(event)
        if text is None or not line_user_id:
            continue  # follow, unfollow, stickers, group chats …: not ours
        result, _ = line_link_by_code(line_user_id=line_user_id, text=text)
        if result is LinkResult.NOT_A_CODE:
            continue
        handled += 1
        if reply_token:
            answer = LINKED_TEXT if result is LinkResult.LINKED else INVALID_TEXT
            transaction.on_commit(lambda token=reply_token, answer=answer: line_reply.delay(token, answer))
    return handled


def _text_message(event: Any) -> tuple[str | None, str, str]:
    """(text, userId, replyToken) of a one-to-one text message event, else (None, "", "")."""
    if not isinstance(event, dict) or event.get("type") != "message":
        return None, "", ""
    message, source = event.get("message"), event.get("source")
    if not isinstance(message, dict) or not isinstance(source, dict) or source.get("type") != "user":
        return None, "", ""
    text = message.get("text") if message.get("type") == "text" else None
    if not isinstance(text, str) or len(text) > 100:
        return None, "", ""
    user_id, token = source.get("userId"), event.get("replyToken")
    return text, user_id if isinstance(user_id, str) else "", token if isinstance(token, str) else ""
