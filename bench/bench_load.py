"""Time the catalogue load and the demo load (run by hand: .venv/bin/python bench/bench_load.py).

Uses whatever DATABASE_URL points at; flushes that database first, so never
point it at real data.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(label: str, *args: str, **kwargs: object) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        call_command(*args, stdout=open(os.devnull, "w"), **kwargs)  # noqa: SIM115
        elapsed = time.perf_counter() - start
    print(f"{label:<28} {elapsed * 1000:8.0f} ms  {len(queries):6d} queries")


if __name__ == "__main__":
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    call_command("flush", interactive=False, verbosity=0)
    timed("load_catalogue (first)", "load_catalogue")
    timed("load_catalogue (again)", "load_catalogue")
    timed("seed_demo (first)", "seed_demo")
    timed("seed_demo (again)", "seed_demo")
