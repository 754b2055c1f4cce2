"""Server time of the plan page with 200 measures and both rounds reported (run by hand).

    .venv/bin/python bench/bench_plan_page.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_bench .venv/bin/python bench/bench_plan_page.py

It builds a throw-away test database (Django's test-database machinery), so it
never touches real data. Requests go through the whole Django stack with the
test client: middleware, session, queries, templates.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ.setdefault("DEBUG", "0")  # production settings: cached template loader
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

MEASURES = int(os.environ.get("MEASURES", 200))
REQUESTS = int(os.environ.get("REQUESTS", 100))


def build():
    from django.core.management import call_command

    from measures.models import Evidence, Progress
    from tests.factories import DepartmentFactory, MeasureFactory, MembershipFactory, PlanFactory

    call_command("load_catalogue", verbosity=0)
    from assessments.models import FrameworkVersion

    framework = FrameworkVersion.objects.get(year=2565)
    plan = PlanFactory(fiscal_year=2566, framework=framework)
    departments = [DepartmentFactory(agency=plan.agency, name=n) for n in ("สำนักปลัด", "กองคลัง", "กองช่าง")]
    items = list(framework.items.all())
    for n in range(MEASURES):
        measure = MeasureFactory(plan=plan, number=n + 1, title=f"มาตรการที่ {n + 1} การใช้ทรัพย์สินของราชการ")
        measure.departments.set([departments[n % 3]])
        item = items[n % len(items)]
        measure.items.set([item])
        measure.indicators.set([item.indicator])
        for round_, status in ((6, "done"), (12, "in_progress")):
            progress = Progress.objects.create(measure=measure, round=round_, status=status, summary="ดำเนินการแล้ว")
            Evidence.objects.create(progress=progress, url=f"https://example.go.th/{n}/{round_}")
    staff = MembershipFactory(agency=plan.agency, role="staff", department=departments[0]).user
    return plan, staff


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        plan, staff = build()
        client = Client()
        client.force_login(staff)
        url = f"/agencies/{plan.agency_id}/plans/{plan.fiscal_year}/?round=12"
        for path in (url, url + "&per_page=200"):
            client.get(path)  # warm up: templates, pythainlp, connections
            queries: list[str] = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                response = client.get(path)
            rows = response.content.decode().count('id="measure-')
            times = []
            if os.environ.get("BENCH_GC_FREEZE"):
                gc.collect()
                gc.freeze()  # what a pre-forking server does after loading the app
            for _ in range(REQUESTS):
                start = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
            print(
                f"{engine:<10} {MEASURES} measures, {rows:3d} rows/page, {len(queries):2d} queries: "
                f"median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms "
                f"({REQUESTS} requests)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
