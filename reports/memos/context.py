"""Template context: how many memos wait for the signed-in user (the "รอพิจารณา" badge in the top bar)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def inbox(request: HttpRequest) -> dict[str, Any]:
    """`memo_inbox_count`: counted once, and only if a template shows it; nothing at all for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from reports.memos.selectors import inbox_count

    return {"memo_inbox_count": SimpleLazyObject(lambda: inbox_count(user))}
