"""Time the round dashboard and the XLSX / CSV export for plans of growing size
(run by hand: .venv/bin/python bench/bench_reports.py).

Uses whatever DATABASE_URL points at, inside a transaction that is rolled back, so it leaves
no data behind; the ITA catalogue must be loaded (manage.py load_catalogue) for indicators.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assessments.models import Agency, Department, FrameworkVersion, Indicator  # noqa: E402
from measures import dashboard, export  # noqa: E402
from measures.models import Evidence, Measure, MeasurePlan, Progress, Round  # noqa: E402


class Rollback(Exception):
    pass


def build_plan(size: int) -> MeasurePlan:
    framework = FrameworkVersion.objects.filter(year=2566).first()
    agency = Agency.objects.create(name=f"ทดสอบสมรรถนะ{size}", type=Agency.Type.SAO, district="เมือง", province="ทดสอบ")
    departments = [Department.objects.create(agency=agency, name=f"กองที่ {n}", order=n) for n in range(4)]
    indicators = list(Indicator.objects.filter(framework=framework)) if framework else []
    plan = MeasurePlan.objects.create(agency=agency, fiscal_year=2566, framework=framework)
    for n in range(size):
        measure = Measure.objects.create(plan=plan, number=n + 1, title=f"มาตรการที่ {n + 1} " + "ข้อความ" * 40)
        measure.departments.set(departments[: 1 + n % 3])
        if indicators:
            measure.indicators.set([indicators[n % len(indicators)]])
        for round_ in Round.values:
            progress = Progress.objects.create(
                measure=measure, round=round_, status=Progress.Status.values[n % 3], summary="สรุป" * 60
            )
            Evidence.objects.create(progress=progress, url=f"https://example.go.th/{n}/{round_}")
    return plan


def timed(label: str, action: Callable[[], object]) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
    print(f"{label:<28} {elapsed * 1000:8.0f} ms  {len(queries):6d} queries")


if __name__ == "__main__":
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    today = datetime.date(2023, 10, 2)
    for size in (60, 300):
        try:
            with transaction.atomic():
                plan = build_plan(size)
                timed(
                    f"dashboard ({size} measures)",
                    lambda plan=plan: dashboard.plan_dashboard(plan, round_=12, today=today),
                )
                timed(f"export_xlsx ({size} measures)", lambda plan=plan: export.export_xlsx(plan))
                timed(f"export_csv ({size} measures)", lambda plan=plan: export.export_csv(plan))
                raise Rollback
        except Rollback:
            pass
