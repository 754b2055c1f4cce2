"""Two-factor sign-in: who must use it, and when the second factor was last confirmed in a session.

The device checks themselves are django-otp's (TOTP and static recovery codes, each throttled by
django-otp after a wrong code). This module adds what django-otp does not keep: the time of the last
confirmation, so that acting on an approval step can ask for one within the last 15 minutes.

Other apps use only `required_for`, `verified_at`, `fresh` and `verify_url`; the views call
`mark_verified` after a device accepted a code.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from django.http import HttpRequest

# Seconds since the epoch (UTC) of the last confirmation in this session.
SESSION_KEY = "accounts_two_factor_verified_at"


def required_roles() -> frozenset[str]:
    """The membership roles TWO_FACTOR_REQUIRED_ROLES names (empty: nobody is required)."""
    return frozenset(getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", ()))


def required_for(user: Any) -> bool:
    """Whether the deployment requires two-factor sign-in of this user: an active membership in a named role."""
    roles = required_roles()
    if not roles or not getattr(user, "is_authenticated", False):
        return False
    from accounts.selectors import active_memberships

    return active_memberships(user).filter(role__in=roles).exists()


def verified_at(request: HttpRequest) -> datetime | None:
    """When the second factor was last confirmed in this session; None if never (or the OTP login is gone)."""
    user = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or not is_verified():
        return None
    raw = request.session.get(SESSION_KEY)
    if not isinstance(raw, (int, float)):
        return None
    return datetime.fromtimestamp(raw, tz=UTC)


def fresh(request: HttpRequest, minutes: int = 15) -> bool:
    """Whether the second factor was confirmed in this session within the last `minutes` minutes."""
    at = verified_at(request)
    if at is None:
        return False
    now = timezone.now()
    return now - timedelta(minutes=minutes) <= at <= now + timedelta(seconds=5)


def verify_url(next_url: str) -> str:
    """The page that asks for a code again and then returns to `next_url` (a local path)."""
    return f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': next_url})}"


def has_device(user: Any) -> bool:
    """Whether the user has set up a second factor (an authenticator app or recovery codes)."""
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def mark_verified(request: HttpRequest, device: Any) -> None:
    """Record in the session that `device` accepted a code now (django-otp's login plus our timestamp)."""
    from django_otp import login as otp_login

    # A new session key for the more trusted session, as at login (a key seen before cannot ride along).
    request.session.cycle_key()
    otp_login(request, device)
    request.session[SESSION_KEY] = timezone.now().timestamp()
