"""How many password-reset e-mails an address and a client may ask for in an hour (kept in the cache).

The cache is per process unless CACHES points at a shared one (Redis): with several web workers each
counts on its own, so the limit is per worker. Over the limit the request is answered exactly as any
other, so the page tells nobody whether an address exists or was throttled.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _count(key: str) -> int:
    """Add one to the key's count in this hour's window; the count after adding."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return 1


def reset_allowed(*, email: str, ip: str | None) -> bool:
    """Count one reset request for the address and the client; False once either is over its hourly limit."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    by_email = _count(f"accounts:reset:email:{digest}")
    by_ip = _count(f"accounts:reset:ip:{ip or 'unknown'}")
    return by_email <= settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR and by_ip <= settings.PASSWORD_RESET_PER_IP_PER_HOUR
