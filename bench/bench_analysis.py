"""Server time of the analysis page of อบต.วังประจัน's ITA 2564 (seed 001, 43 items) (run by hand).

    .venv/bin/python bench/bench_analysis.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_bench .venv/bin/python bench/bench_analysis.py

Builds a throw-away test database (Django's test-database machinery) with the catalogue and the
demo data, so it never touches real data. Requests go through the whole Django stack with the
test client and production settings (DEBUG=0: cached template loader). The first request draws
both charts with matplotlib (cold chart cache, and the first use of matplotlib and pythainlp in
the process); it is reported on its own, then REQUESTS requests are timed with the charts cached.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REQUESTS = int(os.environ.get("REQUESTS", 100))


def build():
    from django.core.management import call_command

    from assessments.models import Agency, Membership

    call_command("load_catalogue", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    agency = Agency.objects.get(name="วังประจัน")
    coordinator = Membership.objects.filter(agency=agency, role="coordinator").first().user
    return agency, coordinator


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        agency, coordinator = build()
        client = Client()
        client.force_login(coordinator)
        url = f"/agencies/{agency.pk}/results/2564/"
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        cache.clear()
        start = time.perf_counter()
        client.get(url)
        cold_charts = (time.perf_counter() - start) * 1000  # charts redrawn, libraries already loaded

        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        times = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"{engine}: analysis page, {len(response.content) // 1024} KiB, {len(queries)} queries")
        print(f"  first request (cold process, charts drawn): {cold:7.1f} ms")
        print(f"  charts drawn again (warm process):          {cold_charts:7.1f} ms")
        print(
            f"  {REQUESTS} requests, charts cached: median {statistics.median(times):6.1f} ms  "
            f"p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
