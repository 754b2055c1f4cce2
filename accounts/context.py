"""Template context for the header: the agency picker of a member of several agencies."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts import session


def account(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    picked = session.work_agency(request)
    return {"work_agencies": request.session.get(session.AGENCIES, []), "work_agency": picked}
