"""Server time of the OIT workspace page, its dashboard and one answer page (issue 14's bar: p95 < 100 ms
with 26 items × 3 URLs × history). Run by hand:

    .venv/bin/python bench/oit/run.py                  # SQLite (a throw-away in-memory database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_bench_oit .venv/bin/python bench/oit/run.py

It builds a throw-away database with Django's test-database machinery (on PostgreSQL the database is
named ita_bench_oit, created and dropped here), so it never touches real data. The data go in through
the services, as people would put them: one agency with three departments, its 2568 result (so the
dashboard predicts a total), the 2569 workspace opened by `workspace_open`, every one of the 26 answers
assigned, filled with 3 URLs and then changed about ten times (fills, checks, reassignments), and every
Link row given a link-check result (most pass; some 404, some off the agency's site).

Then, for each page, 20 warm-up requests, `gc.collect(); gc.freeze()` as `ita_portal/wsgi.py` does
(BENCH_GC_FREEZE=0 to skip), and REQUESTS (200) timed GETs through the whole Django stack with the test
client, logged in as the coordinator, production settings (DEBUG=0, cached templates). Prints p50, p95
and max in ms and the SQL queries of one request. A page whose p95 misses the target is profiled
(cProfile, 50 requests) and the functions that take the time are printed.
"""

from __future__ import annotations

import cProfile
import datetime
import gc
import io
import math
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ.setdefault("DEBUG", "0")  # production settings: cached template loader
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")

import django  # noqa: E402 — after the environment is set

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REQUESTS = int(os.environ.get("REQUESTS", 200))
WARM_UP = 20
TARGET_MS = 100.0
CHANGES = 10  # history rows per answer, about
PG_NAME = "ita_bench_oit"


def build() -> tuple[object, object, object]:
    """The agency, its coordinator and the 2569 workspace, filled in as described in the module docstring."""
    from django.core.management import call_command
    from django.utils import timezone

    from assessments.models import FrameworkVersion
    from oit.models import Answer, Link
    from oit.services import AssignData, FillData, answer_assign, answer_check, answer_fill, workspace_open
    from tests.factories import AgencyFactory, DepartmentFactory, MembershipFactory, UserFactory, scored_assessment

    call_command("load_catalogue", verbosity=0)
    agency = AgencyFactory(name="ทดสอบความเร็วโอไอที", website_domain="bench.go.th")
    departments = [DepartmentFactory(agency=agency, name=n) for n in ("สำนักปลัด", "กองคลัง", "กองช่าง")]
    coordinator = UserFactory(username="bench.coordinator", first_name="สมศรี", last_name="ประสานงาน")
    MembershipFactory(user=coordinator, agency=agency, role="coordinator", position_title="นิติกร")
    staff = []
    for n, department in enumerate(departments):
        user = UserFactory(username=f"bench.staff{n}", first_name="เจ้าหน้าที่", last_name=department.name)
        MembershipFactory(user=user, agency=agency, role="staff", department=department)
        staff.append(user)
    scored_assessment(
        framework=FrameworkVersion.objects.get(year=2568),
        agency=agency,
        fiscal_year=2568,
        indicators={n: "88" for n in range(1, 9)},
        items={f"O{n}": "100" for n in range(1, 27)},
    )
    workspace = workspace_open(agency=agency, fiscal_year=2569, user=coordinator)
    due = datetime.date(2569 - 543, 3, 31)

    def fresh(answer: Answer) -> Answer:
        return Answer.objects.select_related("workspace__agency").get(pk=answer.pk)

    answers = list(workspace.answers.select_related("item").order_by("item__order"))
    for i, answer in enumerate(answers):
        code = answer.item.code
        department, person = departments[i % 3], staff[i % 3]
        urls = [f"https://www.bench.go.th/ita/2569/{code.lower()}/{page}" for page in ("index", "report.pdf", "more")]
        assign = AssignData([department], person, due, f"สิ่งที่ข้อ {code} ต้องการ")
        answer = answer_assign(answer=fresh(answer), user=coordinator, data=assign, expected_version=answer.version)
        # About ten changes: drafts, a reassignment, a check that sends it back, the fix, the final check.
        for n in range(CHANGES - 4):
            status = "drafting" if n < CHANGES - 5 else "review"
            text = f"ข้อมูลข้อ {code} ฉบับร่างที่ {n + 1} อยู่ที่หน้า ITA ของเว็บไซต์หลัก ปีงบประมาณ ๒๕๖๙"
            data = FillData("yes", urls[: 1 + n % 3] if n < 2 else urls, text, status)
            answer = answer_fill(answer=fresh(answer), user=person, data=data, expected_version=answer.version)
        assign = AssignData([department, departments[(i + 1) % 3]], person, due, f"สิ่งที่ข้อ {code} ต้องการ (แก้)")
        answer = answer_assign(answer=fresh(answer), user=coordinator, data=assign, expected_version=answer.version)
        answer = answer_check(
            answer=fresh(answer), user=coordinator, result="fix", comment="เพิ่มรายงานเดือนล่าสุด",
            expected_version=answer.version,
        )  # fmt: skip
        data = FillData("yes", urls, f"ข้อมูลข้อ {code} ครบ ๑๒ เดือน ปีงบประมาณ ๒๕๖๙", "review")
        answer = answer_fill(answer=fresh(answer), user=person, data=data, expected_version=answer.version)
        if i % 2 == 0:  # half the items are checked and ready
            answer_check(
                answer=fresh(answer), user=coordinator, result="passed", comment="", expected_version=answer.version
            )

    # Link-check results on every Link row: most pass, some are 404, some are off the agency's site.
    now = timezone.now()
    for n, link in enumerate(Link.objects.filter(answer__workspace=workspace).order_by("pk")):
        broken, foreign = n % 11 == 3, n % 13 == 5
        reasons = ["ลิงก์เสีย (404)"] if broken else ["ไม่อยู่บนเว็บไซต์หลักของหน่วยงาน"] if foreign else []
        Link.objects.filter(pk=link.pk).update(
            checked_at=now,
            check_ok=not (broken or foreign),
            http_status=404 if broken else 200,
            redirects=[] if n % 4 else [link.url + "/"],
            final_url=link.url,
            content_type="application/pdf" if link.url.endswith(".pdf") else "text/html; charset=utf-8",
            on_agency_domain=not foreign,
            mentions_year=not broken,
            reasons=reasons,
        )
    return agency, coordinator, workspace


def nearest_rank(times: list[float], fraction: float) -> float:
    return times[max(0, math.ceil(len(times) * fraction) - 1)]


def count_queries(client: Client, path: str) -> int:
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def time_page(client: Client, path: str) -> list[float]:
    for _ in range(WARM_UP):
        client.get(path)
    if os.environ.get("BENCH_GC_FREEZE", "1") != "0":
        gc.collect()
        gc.freeze()  # what a pre-forking server does after loading the app (ita_portal/wsgi.py)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    gc.unfreeze()
    return sorted(times)


def profile(client: Client, path: str, requests: int = 50) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(30)
    out.write("\n--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(20)
    return out.getvalue()


def main() -> int:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if engine != "sqlite3":
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = PG_NAME
        connection.settings_dict.setdefault("TEST", {})["NAME"] = PG_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    missed = False
    try:
        started = time.perf_counter()
        agency, coordinator, workspace = build()
        from oit.models import Answer, AnswerHistory, Link

        answers = Answer.objects.filter(workspace=workspace)
        print(
            f"{engine}: built in {time.perf_counter() - started:.1f} s — {answers.count()} answers, "
            f"{Link.objects.filter(answer__workspace=workspace).count()} links, "
            f"{AnswerHistory.objects.filter(answer__workspace=workspace).count()} history rows"
        )
        client = Client()
        client.force_login(coordinator)
        answer = answers.get(item__code="O11")
        pages = [
            ("workspace", f"/agencies/{agency.pk}/oit/2569/"),
            ("dashboard", f"/agencies/{agency.pk}/oit/2569/dashboard/"),
            ("answer O11", f"/oit/answers/{answer.pk}/"),
        ]
        rows = []
        for name, path in pages:
            queries = count_queries(client, path)
            size = len(client.get(path).content)
            times = time_page(client, path)
            p95 = nearest_rank(times, 0.95)
            rows.append((name, path, queries, size, statistics.median(times), p95, times[-1]))
        print(f"{REQUESTS} requests per page after {WARM_UP} warm-up, gc.freeze: "
              f"{os.environ.get('BENCH_GC_FREEZE', '1') != '0'}")  # fmt: skip
        print(f"{'page':<12} {'queries':>7} {'KiB':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
        for name, _path, queries, size, p50, p95, top in rows:
            print(f"{name:<12} {queries:7d} {size / 1024:5.0f} {p50:7.1f} {p95:7.1f} {top:7.1f}")
        for name, path, _q, _s, _p50, p95, _top in rows:
            if p95 >= TARGET_MS or os.environ.get("BENCH_PROFILE"):
                missed = missed or p95 >= TARGET_MS
                print(f"\n=== {name}: p95 {p95:.1f} ms — cProfile of 50 requests ===")
                print(profile(client, path))
        print("target (p95 < 100 ms on every page):", "NOT met" if missed else "met")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
