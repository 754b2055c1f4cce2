"""GET /health/: is the database, the Celery broker and the file storage usable? For load balancers and monitoring.

200 with every check "ok", else 503 naming what failed.  Public (a load balancer does not log in)
and reveals nothing but the three words; error details go to the log.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "inline"  # no broker configured: tasks run in the web process
    from ita_portal.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _storage() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    for name, check in (("database", _database), ("broker", _broker), ("storage", _storage)):
        try:
            checks[name] = check() or "ok"
        except Exception:
            logger.exception("health check %s failed", name)
            checks[name] = "error"
    healthy = all(value != "error" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
