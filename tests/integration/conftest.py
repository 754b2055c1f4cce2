"""A real `celery worker` process for tests marked `integration`.

It runs against the same PostgreSQL test database as the test (the name is
only known after pytest-django created it) and the Redis broker from
CELERY_BROKER_URL. Tests that use it must commit their data
(`django_db(transaction=True)`) so the worker can see it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from ita_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.fail("integration tests need DATABASE_URL=postgres://… (see .ci/run)")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    if not settings.CELERY_BROKER_URL:
        pytest.fail("integration tests need CELERY_BROKER_URL=redis://… (see .ci/run)")
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "celery-worker-test.log", "w")  # noqa: SIM115
    # No periodic sweep: it would send the failure drills' documents to this worker (their own
    # workers on a private Redis must be the ones that recover them).
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "REPORTS_SWEEP_SECONDS": "0"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ita_portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--purge",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"celery worker did not start; see {log.name}")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
