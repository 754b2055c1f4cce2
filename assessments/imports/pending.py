"""The uploaded file, kept between the preview and the confirmation.

The bytes go to MEDIA_ROOT/imports/<token> (never trusted back from the
client); what the user chose (agency, year, options) stays in their session
under the same token. Confirming claims the file by renaming it, which the
file system does atomically: a second confirmation of the same upload, even
a concurrent one from another worker, finds nothing to claim.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "pending_imports"
MAX_PENDING_PER_SESSION = 5
# Uploads never confirmed are removed when anyone uploads after this many seconds.
STALE_AFTER = 24 * 60 * 60


def _directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(token: str) -> Path | None:
    try:
        return _directory() / uuid.UUID(hex=token).hex
    except (ValueError, TypeError, AttributeError):
        return None


def pending_save(session: SessionBase, *, data: bytes, meta: dict[str, Any]) -> str:
    """Keep the file and the user's choices; returns the token the confirm form carries."""
    _remove_stale()
    token = uuid.uuid4().hex
    (_directory() / token).write_bytes(data)
    pending = _remember(session, token, meta)
    for old in sorted(pending, key=lambda t: pending[t].get("saved_at", 0))[:-MAX_PENDING_PER_SESSION]:
        pending.pop(old)
        pending_discard(old)
    session[SESSION_KEY] = pending
    return token


def pending_meta(session: SessionBase, token: str) -> dict[str, Any] | None:
    """The choices saved with this session's upload, or None (not this session's, or already used)."""
    entry = session.get(SESSION_KEY, {}).get(token)
    return dict(entry) if isinstance(entry, dict) else None


def pending_claim(session: SessionBase, token: str) -> bytes | None:
    """The file's bytes, exactly once: the file is renamed away, read and deleted."""
    _forget(session, token)
    path = _path(token)
    if path is None:
        return None
    claimed = path.with_name(f"{path.name}.{uuid.uuid4().hex}.claimed")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    try:
        return claimed.read_bytes()
    finally:
        claimed.unlink(missing_ok=True)


def pending_restore(session: SessionBase, *, token: str, data: bytes, meta: dict[str, Any]) -> None:
    """Put back a claimed file whose write failed, so the same confirmation can be sent again."""
    path = _path(token)
    if path is None:
        return
    path.write_bytes(data)
    session[SESSION_KEY] = _remember(session, token, meta)


def pending_hand_over(session: SessionBase, token: str) -> Path | None:
    """Move the file to the worker's folder (imports/jobs), exactly once; the session forgets it.

    The background import reads it from there and deletes it only when the
    import is done, so a failed import can be confirmed again.
    """
    _forget(session, token)
    path = _path(token)
    if path is None:
        return None
    target = job_file(path.name)
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def job_file(token: str) -> Path:
    """Where a confirmed background import keeps its file until it is done."""
    path = _directory() / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path / uuid.UUID(hex=token).hex


def pending_forget(session: SessionBase, token: str) -> None:
    """Cancel an upload: forget the choices and delete the file."""
    _forget(session, token)
    pending_discard(token)


def pending_discard(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _remember(session: SessionBase, token: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The session's pending uploads with this one added (the caller stores it back)."""
    pending = dict(session.get(SESSION_KEY, {}))
    pending[token] = {**meta, "saved_at": time.time()}
    return pending


def _forget(session: SessionBase, token: str) -> None:
    pending = dict(session.get(SESSION_KEY, {}))
    pending.pop(token, None)
    session[SESSION_KEY] = pending


def _remove_stale() -> None:
    cutoff = time.time() - STALE_AFTER
    for path in _directory().iterdir():
        if path.is_dir():  # jobs/: kept until their import is done or cancelled
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:  # removed by another worker meanwhile
            continue
