"""The LINE Official Account channel, through the linechannel app when it is installed and configured.

linechannel.client offers is_enabled(), push_text(*, user, text, retry_key) and the errors
LineUnavailable (try again later, maybe after retry_after seconds), LineNotLinked (the person has
not linked LINE) and LineRejected (LINE refused the request itself: retrying cannot help).
"""

from __future__ import annotations

from typing import Any

try:  # the LINE app is optional: without it the channel is simply off
    from linechannel import client
except ImportError:  # pragma: no cover - depends on the deployment
    client = None  # type: ignore[assignment]


class NotLinked(Exception):
    """Nowhere to send (no LINE linked, no e-mail address): nothing to send, and trying again cannot help."""


class Unavailable(Exception):
    """LINE could not take the message now: the delivery waits and is tried again."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Rejected(Exception):
    """LINE refused the request itself; the delivery is failed (an administrator can send it again)."""


def is_enabled() -> bool:
    return client is not None and bool(client.is_enabled())


def is_linked(user: Any) -> bool:
    """Whether the person linked a LINE account (their LINE preference is on by default only then)."""
    return is_enabled() and client.linked_line_user_id(user) is not None


def retry_key(delivery_id: int) -> str:
    """The same key for every try of one delivery: LINE shows a push it already accepted once (409)."""
    return f"notifications-delivery:{delivery_id}"


def push(*, user: Any, text: str, delivery_id: int) -> None:
    """Push one text message; raises NotLinked, Unavailable or Rejected (linechannel's errors translated)."""
    if not is_enabled():
        raise NotLinked("LINE ยังไม่ได้ตั้งค่าในระบบนี้")
    try:
        client.push_text(user=user, text=text, retry_key=retry_key(delivery_id))
    except client.LineUnavailable as exc:
        raise Unavailable(str(exc) or "LINE ไม่พร้อมรับข้อความ", retry_after=exc.retry_after) from exc
    except client.LineNotLinked as exc:
        raise NotLinked(str(exc) or "ผู้ใช้ยังไม่ได้เชื่อมบัญชี LINE") from exc
    except client.LineRejected as exc:
        raise Rejected(str(exc)) from exc
