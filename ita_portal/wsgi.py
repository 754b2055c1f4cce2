"""WSGI entry point (gunicorn ita_portal.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
application = get_wsgi_application()

# Load every view module now, then move everything loaded so far out of the garbage collector's
# reach: otherwise each full collection rescans Django and the app, and one request in twenty
# takes twice as long (bench/RESULTS.md: plan page p95 144 → 94 ms on PostgreSQL).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - imports the views
gc.collect()
gc.freeze()
