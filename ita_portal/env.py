"""Typed readers for settings taken from the environment.

Every reader names the variable in its error, so a bad value stops the
process at start-up with a message an operator can act on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    return (os.environ if environ is None else environ).get(name)


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    """An empty value means "not set" (the .env template lists every variable empty): the default."""
    value = _raw(name, environ)
    if value is None or not value.strip():
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None, *, minimum: int | None = None) -> int:
    value = _raw(name, environ)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [part.strip() for part in value.split(",") if part.strip()]


def env_database(name: str, default: str, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Parse a database URL (postgres://… or sqlite:///…) into Django's dict."""
    value = env_str(name, default, environ) or default
    if not value.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not supported; use postgres://user@host:port/name or sqlite:///path."
        )
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} cannot be parsed: {exc}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={value!r} names no database.")
    if config["ENGINE"].endswith("sqlite3"):
        # SQLite creates the file but not its folder (var/ is not in a fresh clone).
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config.pop("CONN_HEALTH_CHECKS", None)
        config["CONN_MAX_AGE"] = 0
        # WAL lets the dev server and an eager task read while another request writes.
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    return config


def env_broker(name: str, environ: Mapping[str, str] | None = None) -> str:
    """Empty means "no broker": Celery tasks then run eagerly in the web process."""
    value = env_str(name, "", environ)
    if value and not value.startswith(("redis://", "rediss://", "amqp://", "memory://")):
        raise ImproperlyConfigured(f"{name}={value!r} is not a broker URL; use redis://host:6379/0 or leave it unset.")
    return value


def env_path(name: str, default: Path, environ: Mapping[str, str] | None = None) -> Path:
    value = env_str(name, "", environ)
    path = Path(value) if value else default
    if path.exists() and not path.is_dir():
        raise ImproperlyConfigured(f"{name}={str(path)!r} exists but is not a directory.")
    return path


def env_email_backend(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    aliases = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
    }
    value = env_str(name, default, environ) or default
    backend = aliases.get(value, value)
    if backend not in aliases.values():
        raise ImproperlyConfigured(f"{name}={value!r} is not an e-mail backend; use console, smtp, locmem or file.")
    return backend


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from a local .env file without overriding real variables.

    `make run` writes one with a generated SECRET_KEY; production sets real variables.
    """
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition("=")
        if not sep or not key.strip().isidentifier():
            raise ImproperlyConfigured(f"{path}:{number}: expected KEY=VALUE, got {line!r}")
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))
