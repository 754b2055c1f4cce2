"""Template context: the bell's count of unread notifications in the top bar."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def bell(request: HttpRequest) -> dict[str, Any]:
    """`notification_unread_count`: counted once, and only if a template shows it; nothing for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from notifications.selectors import unread_count

    return {"notification_unread_count": SimpleLazyObject(lambda: unread_count(user))}
