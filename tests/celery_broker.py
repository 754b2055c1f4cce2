"""Point this process's Celery app at another broker for one test (a closed port, a private redis-server)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from ita_portal.celery import app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _drop_connections() -> None:
    # Not force_close_all(): kombu keeps one pool per broker URL for the whole process, and a closed
    # one would be handed out again ("Acquire on closed pool").
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Send tasks to `url` (not run inline) until the block ends; the app's connection pools are rebuilt."""
    saved = (app.conf.broker_url, app.conf.task_always_eager, settings.CELERY_BROKER_URL)
    saved_environ = os.environ.get("CELERY_BROKER_URL")
    _drop_connections()
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url, app.conf.task_always_eager, settings.CELERY_BROKER_URL = url, False, url
    try:
        yield
    finally:
        _drop_connections()
        if saved_environ is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environ
        app.conf.broker_url, app.conf.task_always_eager, settings.CELERY_BROKER_URL = saved
