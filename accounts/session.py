"""What the account pages keep in the session, so that ordinary pages pay no query for them.

Filled at login (the user_logged_in signal) and refreshed when the user changes it; a session from before
this module is filled on its first request.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.selectors import pickable_agencies, profile_of

MUST_CHANGE = "accounts_must_change_password"
AGENCIES = "accounts_agencies"  # [[pk, short name], …] when the user may pick among two or more
AGENCY = "accounts_agency"  # the pk of the agency picked, or None


def remember(request: HttpRequest, user: Any) -> None:
    """Read the user's profile and agencies into the session."""
    profile = profile_of(user)
    agencies = [[agency.pk, agency.short_name] for agency in pickable_agencies(user)]
    if len(agencies) < 2:
        agencies = []
    picked = profile.agency_id if profile else None
    request.session[MUST_CHANGE] = bool(profile and profile.must_change_password)
    request.session[AGENCIES] = agencies
    request.session[AGENCY] = picked if any(pk == picked for pk, _ in agencies) else None


def ensure(request: HttpRequest) -> None:
    if MUST_CHANGE not in request.session:
        remember(request, request.user)


def must_change_password(request: HttpRequest) -> bool:
    ensure(request)
    return bool(request.session[MUST_CHANGE])


def work_agency(request: HttpRequest) -> int | None:
    """The agency a member of several agencies picked to work in (None: they did not, or have one)."""
    if not request.user.is_authenticated:
        return None
    ensure(request)
    return request.session.get(AGENCY)


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember(request, user)
