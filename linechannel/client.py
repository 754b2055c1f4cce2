"""Push client for the LINE Messaging API, the interface the notifications app calls.

- `is_enabled()`: LINE_CHANNEL_ACCESS_TOKEN and LINE_CHANNEL_SECRET are both set; otherwise the channel is off.
- `push_text(user=, text=, retry_key=)`: one short text to the user's linked LINE account, through
  `POST {LINE_API_BASE}/v2/bot/message/push`. Raises `LineNotLinked` (no LINE account, or LINE off: do not
  retry), `LineUnavailable` (network, 5xx, 429, monthly quota reached: retry later, `retry_after` seconds
  when known) or `LineRejected` (400/401/403…: the request itself is wrong; do not retry).

The same `retry_key` always becomes the same `X-Line-Retry-Key` UUID, so a push retried after a timeout is
delivered once: LINE answers 409 to a key it has already accepted, which counts here as sent. The key is
also the unique key of a `LineMessage` row, so a second call after a success does nothing and a push
counts once against the monthly quota however many times it is retried.

Quota: LINE_MONTHLY_QUOTA pushes per calendar month (Asia/Bangkok) minus LINE_QUOTA_RESERVE. A push takes
one unit with a conditional UPDATE (`used < allowed`), so concurrent workers cannot pass it; a refused
push raises `LineUnavailable` with a Thai message and, once a month, e-mails `quota_warning_recipients()`.
A unit is given back when LINE certainly did not accept the push (429, 4xx); after a 5xx or a timeout
it stays taken, since LINE may have sent the message.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ita_portal.thai import thai_digits
from linechannel.models import LineAccount, LineMessage, LineQuotaMonth

logger = logging.getLogger(__name__)

TEXT_LIMIT = 5000  # LINE's limit for one text message object
TIMEOUT_SECONDS = 10
ATTEMPTS = 2  # in-process tries for a network error or a 5xx, with the same retry key
RETRY_AFTER_DEFAULT = 60.0  # a 429 without Retry-After
_RETRY_KEY_NAMESPACE = uuid.UUID("5f0c1d6e-7a51-4c3e-9a55-1f6d3b2e8c41")


class LineError(Exception):
    """Base of the errors `push_text` raises."""


class LineUnavailable(LineError):
    """LINE cannot take the push now (network, 5xx, 429, quota reached): try again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LineNotLinked(LineError):
    """The user has not linked a LINE account (or LINE is not configured): nothing to retry."""


class LineRejected(LineError):
    """LINE refused the request itself (400, 401, 403 …): retrying the same request will not help."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def is_enabled() -> bool:
    """LINE is on when both the channel access token and the channel secret are given."""
    return bool(settings.LINE_CHANNEL_ACCESS_TOKEN and settings.LINE_CHANNEL_SECRET)


def retry_key_uuid(retry_key: str) -> str:
    """The X-Line-Retry-Key for a caller's key: a UUID derived from it, the same on every retry."""
    return str(uuid.uuid5(_RETRY_KEY_NAMESPACE, retry_key))


def current_month() -> str:
    """The quota month, "YYYY-MM" of the Bangkok calendar (TIME_ZONE)."""
    return timezone.localtime().strftime("%Y-%m")


def quota_allowed() -> int:
    return max(settings.LINE_MONTHLY_QUOTA - settings.LINE_QUOTA_RESERVE, 0)


def quota_used(month: str | None = None) -> int:
    row = LineQuotaMonth.objects.filter(month=month or current_month()).first()
    return row.used if row else 0


def quota_warning_recipients() -> list[str]:
    """E-mail addresses of the system administrators (active staff users) who get the quota warning."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return sorted({u.email for u in users})


def linked_line_user_id(user: AbstractBaseUser) -> str | None:
    account = LineAccount.objects.filter(user=user, unlinked_at__isnull=True).only("line_user_id").first()
    return account.line_user_id if account else None


def push_text(*, user: AbstractBaseUser, text: str, retry_key: str) -> None:
    """Push one short text message to the user's linked LINE account, at most once per `retry_key`."""
    if not is_enabled():
        raise LineNotLinked("LINE ยังไม่ได้ตั้งค่าในระบบนี้")
    to = linked_line_user_id(user)
    if to is None:
        raise LineNotLinked("ผู้ใช้ยังไม่ได้เชื่อมบัญชี LINE")
    text = text.strip()
    if not text:
        raise ValueError("ข้อความ LINE ว่าง")
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    message = _claim(user=user, retry_key=retry_key)
    if message is None:
        return  # sent before under this key
    body = {"to": to, "messages": [{"type": "text", "text": text}]}
    headers = {"X-Line-Retry-Key": retry_key_uuid(retry_key)}
    for attempt in range(1, ATTEMPTS + 1):
        try:
            status, response_headers, payload = _request("POST", "/v2/bot/message/push", body=body, headers=headers)
        except OSError as exc:  # URLError, timeouts and refused connections are all OSError
            logger.warning("LINE push %s: network error (attempt %s): %s", message.pk, attempt, exc)
            if attempt < ATTEMPTS:
                time.sleep(0.2 * attempt)
                continue
            _keep_pending(message, f"network: {exc}")
            raise LineUnavailable("ติดต่อ LINE ไม่ได้") from exc
        if status in (200, 409):  # 409: LINE accepted this retry key before
            LineMessage.objects.filter(pk=message.pk).update(status=LineMessage.Status.SENT, sent_at=timezone.now())
            return
        if status == 429:
            _release(message, "429")
            raise LineUnavailable(
                "LINE จำกัดอัตราการส่ง (429)", retry_after=_retry_after(response_headers) or RETRY_AFTER_DEFAULT
            )
        if status >= 500:
            logger.warning("LINE push %s: HTTP %s (attempt %s)", message.pk, status, attempt)
            if attempt < ATTEMPTS:
                time.sleep(0.2 * attempt)
                continue
            _keep_pending(message, f"HTTP {status}")
            raise LineUnavailable(f"LINE ขัดข้อง (HTTP {status})", retry_after=_retry_after(response_headers))
        detail = payload[:300].decode("utf-8", "replace")
        logger.error("LINE push %s rejected: HTTP %s %s", message.pk, status, detail)
        _release(message, f"HTTP {status} {detail}")
        raise LineRejected(f"LINE ปฏิเสธคำขอ (HTTP {status})", status=status)


def remote_quota() -> tuple[int | None, int]:
    """LINE's own figures for this month: (limit or None when unlimited, messages consumed).

    `GET /v2/bot/message/quota` and `GET /v2/bot/message/quota/consumption`; raises LineUnavailable.
    """
    try:
        status_q, _, quota = _request("GET", "/v2/bot/message/quota")
        status_c, _, consumption = _request("GET", "/v2/bot/message/quota/consumption")
    except OSError as exc:
        raise LineUnavailable("ติดต่อ LINE ไม่ได้") from exc
    if status_q != 200 or status_c != 200:
        raise LineUnavailable(f"LINE ตอบ HTTP {status_q}/{status_c}")
    try:
        quota_data, consumption_data = json.loads(quota), json.loads(consumption)
        limit = int(quota_data["value"]) if quota_data.get("type") == "limited" else None
        return limit, int(consumption_data["totalUsage"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LineUnavailable("LINE ตอบรูปแบบที่ไม่รู้จัก") from exc


def reply_text(*, reply_token: str, text: str) -> bool:
    """Answer a webhook event with `POST /v2/bot/message/reply` (replies do not count against the quota).

    A reply token is good once and for a short time, so a failure is logged, not retried.
    """
    body = {"replyToken": reply_token, "messages": [{"type": "text", "text": text[:TEXT_LIMIT]}]}
    try:
        status, _, payload = _request("POST", "/v2/bot/message/reply", body=body)
    except OSError as exc:
        logger.warning("LINE reply: network error: %s", exc)
        return False
    if status != 200:
        logger.warning("LINE reply: HTTP %s %s", status, payload[:300].decode("utf-8", "replace"))
    return status == 200


# --- quota -------------------------------------------------------------------------------------------------


def _claim(*, user: AbstractBaseUser, retry_key: str) -> LineMessage | None:
    """The key's message row holding one quota unit; None when the key was sent already."""
    existing = LineMessage.objects.filter(retry_key=retry_key).first()
    if existing is not None and existing.status == LineMessage.Status.SENT:
        return None
    if existing is not None and existing.month:
        return existing  # pending after a 5xx or a timeout: its unit is still taken
    month = current_month()
    try:
        with transaction.atomic():
            LineQuotaMonth.objects.get_or_create(month=month)
            taken = LineQuotaMonth.objects.filter(month=month, used__lt=quota_allowed()).update(used=F("used") + 1)
            if not taken:
                raise _QuotaReached
            if existing is None:
                return LineMessage.objects.create(user=user, retry_key=retry_key, month=month)
            claimed = LineMessage.objects.filter(pk=existing.pk, month="").update(
                month=month, status=LineMessage.Status.PENDING, error=""
            )
            if not claimed:
                raise IntegrityError("claimed by another worker")
            existing.refresh_from_db()
            return existing
    except _QuotaReached:
        _warn_once(month)
        raise LineUnavailable(
            f"ข้อความ LINE ของเดือนนี้ใช้ครบโควตาแล้ว ({thai_digits(quota_allowed())} ข้อความ)"
            " ระบบหยุดส่งทาง LINE จนถึงต้นเดือนหน้า",
            retry_after=None,
        ) from None
    except IntegrityError:
        # Another worker is pushing under the same key right now: let the caller come back.
        raise LineUnavailable("กำลังส่งข้อความนี้อยู่แล้ว", retry_after=30.0) from None


class _QuotaReached(Exception):
    pass


def _release(message: LineMessage, error: str) -> None:
    """LINE did not accept the push: give its unit back and let a later call claim again."""
    with transaction.atomic():
        if (
            LineMessage.objects.filter(pk=message.pk, month=message.month)
            .exclude(month="")
            .update(month="", status=LineMessage.Status.FAILED, error=error[:300])
        ):
            LineQuotaMonth.objects.filter(month=message.month, used__gt=0).update(used=F("used") - 1)


def _keep_pending(message: LineMessage, error: str) -> None:
    LineMessage.objects.filter(pk=message.pk).update(error=error[:300])


def _warn_once(month: str) -> None:
    """E-mail the administrators the first time this month a push is refused for the quota."""
    if not LineQuotaMonth.objects.filter(month=month, warned_at__isnull=True).update(warned_at=timezone.now()):
        return
    recipients = quota_warning_recipients()
    logger.warning("LINE monthly quota reached for %s; warning %s", month, recipients)
    if not recipients:
        return
    allowed = quota_allowed()
    body = (
        f"ข้อความ LINE ของเดือนนี้ ({month}) ใช้ครบโควตาที่ตั้งไว้แล้ว: {thai_digits(allowed)} ข้อความ"
        f" (LINE_MONTHLY_QUOTA {thai_digits(settings.LINE_MONTHLY_QUOTA)}"
        f" หักสำรอง LINE_QUOTA_RESERVE {thai_digits(settings.LINE_QUOTA_RESERVE)})\n\n"
        "ระบบหยุดส่งการแจ้งเตือนทาง LINE จนถึงต้นเดือนหน้า การแจ้งเตือนทางอีเมลและในระบบยังส่งตามปกติ\n"
        "หากต้องการส่งต่อ ให้เปลี่ยนแพ็กเกจของบัญชี LINE Official Account แล้วเพิ่มค่า LINE_MONTHLY_QUOTA\n"
    )
    transaction.on_commit(
        lambda: send_mail(
            "ITA Portal: ข้อความ LINE ครบโควตาของเดือนแล้ว",
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=True,
        )
    )


# --- HTTP ----------------------------------------------------------------------------------------------------


def _request(
    method: str, path: str, *, body: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
) -> tuple[int, Mapping[str, str], bytes]:
    """One call to the Messaging API: (status, headers, first 64 KB of the body); network errors raise OSError."""
    request = urllib.request.Request(
        settings.LINE_API_BASE.rstrip("/") + path,
        data=json.dumps(body, ensure_ascii=False).encode() if body is not None else None,
        method=method,
        headers={
            "Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}",
            **({"Content-Type": "application/json"} if body is not None else {}),
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, response.headers, response.read(65536)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers, exc.read(65536)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = (headers.get("Retry-After") or "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
