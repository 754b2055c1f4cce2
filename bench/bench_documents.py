"""Click to downloadable PDF: the 12-month report of 20, 100 and 500 measures, with real workers.

    .venv/bin/python bench/bench_documents.py [--sizes 20,100,500] [--runs 3] [--concurrency 2]

Needs PostgreSQL and Redis on loopback (as .ci/run).  It creates a throw-away database
`ita_bench_docs`, loads the catalogue and the demo data, and builds one agency per size whose
plan repeats the demo agencies' measures (their real texts and 12-month results) up to the size.
Then it starts `celery worker` (prefork, --concurrency) on that database and, as the agency's
coordinator through the whole Django stack (test client): POSTs "สร้างเอกสาร", polls the status
page until the document is done, and downloads it.  The time is from the POST to the last byte
of the download.  The page polls every 0.5 s in the browser; the time a person waits is this
time rounded up to the next poll.

Also measured in the same run, on the same HTML: WeasyPrint in one process (render_pdf), and a
warm headless Chromium (Playwright, /usr/bin/chromium) printing that HTML; and the peak resident
memory (VmHWM) of every worker process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "ita_bench_docs"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/7")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="ita-bench-media-"))
os.environ.setdefault("LOG_LEVEL", "WARNING")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def recreate_database() -> None:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")
    connection.close()


def build(sizes: list[int]) -> dict[int, tuple]:
    """One agency per size, its 2566 plan made of copies of the demo measures; returns size → (agency, user)."""
    from django.core.management import call_command

    from assessments.models import Agency, Membership
    from measures.models import Measure, MeasurePlan, Progress
    from tests.factories import MembershipFactory

    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    template_plan = MeasurePlan.objects.get(agency__name="ทุ่งโพธิ์", fiscal_year=2566)
    sources = list(
        Measure.objects.filter(section=Measure.Section.MEASURE)
        .prefetch_related("items", "indicators", "departments", "progress")
        .order_by("plan__agency__name", "number")
    )
    built = {}
    for size in sizes:
        agency = Agency.objects.create(
            name=f"ทดสอบ{size}", type=Agency.Type.SAO, district="จุฬารัตน์", province="นครราชสีมา"
        )
        plan = MeasurePlan.objects.create(
            agency=agency, fiscal_year=2566, framework=template_plan.framework, intro=template_plan.intro
        )
        for number in range(1, size + 1):
            source = sources[(number - 1) % len(sources)]
            measure = Measure.objects.create(
                plan=plan,
                number=number,
                title=source.title,
                steps=source.steps,
                responsible_text=source.responsible_text or "สำนักปลัด",
                period_start=source.period_start,
                period_end=source.period_end,
                period_text=source.period_text,
                monitoring=source.monitoring,
            )
            measure.items.set(source.items.all())
            measure.indicators.set(source.indicators.all())
            result = next((p for p in source.progress.all() if p.round == 12), None)
            Progress.objects.create(
                measure=measure,
                round=12,
                status=result.status if result else Progress.Status.DONE,
                summary=result.summary if result else "ดำเนินการแล้วเสร็จ",
                outcome=result.outcome if result else "",
            )
        user = MembershipFactory(agency=agency, role=Membership.Role.COORDINATOR).user
        built[size] = (agency, user)
    return built


def start_worker(concurrency: int) -> subprocess.Popen:
    from ita_portal.celery import app

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ita_portal",
            "worker",
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--purge",
            "-n",
            f"bench-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=1):
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit("celery worker did not start")
    time.sleep(3)  # each pool process warms up WeasyPrint and the fonts (worker_process_init)
    return process


def worker_memory(process: subprocess.Popen) -> list[tuple[int, int]]:
    """(pid, peak RSS in MB) of the worker and its pool processes."""
    pids = [process.pid]
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if children.exists():
        pids += [int(pid) for pid in children.read_text().split()]
    result = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                result.append((pid, int(line.split()[1]) // 1024))
    return result


def click_to_download(client, agency, layout: str) -> tuple[float, int, float]:
    """POST สร้างเอกสาร → poll → download; returns (seconds, pages, render_seconds recorded)."""
    from reports.models import GeneratedDocument

    started = time.perf_counter()
    response = client.post(
        f"/agencies/{agency.pk}/documents/new/",
        {"kind": "progress", "fiscal_year": 2566, "round": 12, "layout": layout},
    )
    assert response.status_code == 302, response.status_code
    status_url = response["Location"]
    posted = time.perf_counter()
    while True:
        page = client.get(status_url, headers={"HX-Request": "true"})
        assert page.status_code == 200
        if "ดาวน์โหลด PDF" in page.content.decode():
            break
        if "สร้างเอกสารไม่สำเร็จ" in page.content.decode():
            sys.exit(f"failed: {page.content.decode()[:500]}")
        time.sleep(0.05)
    document = GeneratedDocument.objects.filter(agency=agency).order_by("-pk").first()
    done = time.perf_counter()
    download = client.get(f"/documents/{document.pk}/download/")
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    finished = time.perf_counter()
    phases = f"post {posted - started:.2f} + wait {done - posted:.2f} + download {finished - done:.2f}"
    return finished - started, document.pages, document.render_seconds, phases


def chromium_seconds(html: str, runs: int) -> float:
    from playwright.sync_api import sync_playwright

    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as handle:
        handle.write(html)
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(Path(handle.name).as_uri())
        page.pdf(prefer_css_page_size=True)  # warm
        for _ in range(runs):
            t0 = time.perf_counter()
            page.goto(Path(handle.name).as_uri())
            page.pdf(prefer_css_page_size=True)
            times.append(time.perf_counter() - t0)
        browser.close()
    os.unlink(handle.name)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20,100,500")
    parser.add_argument("--layouts", default="seed000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    recreate_database()
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    built = build(sizes)
    from reports.documents import KINDS, render_pdf
    from reports.documents.render import render_html, warm_up

    warm_up()
    worker = start_worker(args.concurrency)
    print(
        f"{'measures':>8} {'layout':<8} {'pages':>5} {'click→download':>15} {'render (worker)':>16} "
        f"{'one process':>12} {'chromium':>9} {'ratio':>6}"
    )
    try:
        for size in sizes:
            agency, user = built[size]
            client = Client()
            client.force_login(user)
            for layout in args.layouts.split(","):
                click_to_download(client, agency, layout)  # warm: templates, the worker's pool
                results = [click_to_download(client, agency, layout) for _ in range(args.runs)]
                seconds = statistics.median(r[0] for r in results)
                pages = results[0][1]
                recorded = statistics.median(r[2] for r in results)
                snapshot = KINDS["progress"].build_snapshot(agency=agency, fiscal_year=2566, round=12, layout=layout)
                singles = []
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    render_pdf("progress", snapshot)
                    singles.append(time.perf_counter() - t0)
                single = statistics.median(singles)
                chromium = None if args.no_chromium else chromium_seconds(render_html("progress", snapshot), args.runs)
                ratio = f"{seconds / chromium:.1f}×" if chromium else "—"
                chromium_text = f"{chromium:.2f} s" if chromium else "—"
                print(
                    f"{size:>8} {layout:<8} {pages:>5} {seconds:>13.2f} s {recorded:>14.2f} s "
                    f"{single:>10.2f} s {chromium_text:>9} {ratio:>6}   [{results[0][3]}]",
                    flush=True,
                )
        print("worker peak RSS (MB):", worker_memory(worker))
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
