"""Import a generated national results sheet of 8,000 agencies (run by hand).

    .venv/bin/python bench/bench_import.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_bench .venv/bin/python bench/bench_import.py

For CSV and XLSX, on a throw-away test database (Django's test-database
machinery, so it never touches real data; on PostgreSQL its name ends in _imports): the first import, which creates
every agency and assessment, and a re-import of the same file, which updates
them. Each is timed in two phases, parse + validate (results_sheet_parse) and
the write (results_sheet_import: one transaction, bulk writes, scores computed
in memory). Then the same again under tracemalloc for each phase's peak of
Python allocations; then upload and confirm through the whole Django stack
(test client, preview page rendered). The process's peak RSS (ru_maxrss) is printed last.
"""

from __future__ import annotations

import csv
import os
import resource
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
warnings.filterwarnings("ignore", "No directory at")  # WhiteNoise: no collectstatic in a benchmark

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

AGENCIES = int(os.environ.get("AGENCIES", 8000))
YEAR = 2564
HEADER = ["ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", *[f"ตัวชี้วัดที่ {n}" for n in range(1, 11)], "IIT", "EIT", "OIT", "คะแนนรวม"]
WRITTEN = [("อบต.", "องค์การบริหารส่วนตำบล"), ("ทต.", "เทศบาลตำบล"), ("ทม.", "เทศบาลเมือง")]
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def rows() -> list[list[str]]:
    """8,000 agencies over 77 provinces and about 880 districts, names written the ways people write them."""
    out = []
    for n in range(AGENCIES):
        short, full = WRITTEN[n % 3 if n % 10 else 0]
        name = (full if n % 2 else short) + f"ทดสอบ{n}"
        scores = [f"{60 + (n * 7 + i * 3) % 40}.{(n + i) % 100:02d}" for i in range(10)]
        if n % 5 == 0:
            scores = [s.translate(THAI) for s in scores]  # Thai digits in a fifth of the rows
        out.append([name, f"อ.อำเภอที่{n % 880}", f"จังหวัดที่{n % 77}", *scores, "", "", "", ""])
    return [["ผลการประเมิน ITA ทั้งประเทศ"], [], HEADER, *out]


def write_files(directory: Path) -> dict[str, Path]:
    table = rows()
    csv_path = directory / "national.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(table)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in table:
        sheet.append(row)
    xlsx_path = directory / "national.xlsx"
    workbook.save(xlsx_path)
    return {"CSV": csv_path, "XLSX": xlsx_path}


def run(path: Path, *, memory: bool) -> list[tuple[str, float, float | None, int]]:
    """(phase, seconds, tracemalloc peak MB or None, queries) for parse and write."""
    from assessments.imports.results import results_sheet_import, results_sheet_parse
    from assessments.models import FrameworkVersion

    framework = FrameworkVersion.objects.get(year=YEAR)
    data = path.read_bytes()
    measured = []
    preview = None
    for phase in ("parse + validate", "write"):
        if memory:
            tracemalloc.start()
        queries = [0]

        def count(execute, sql, params, many, context, queries=queries):
            queries[0] += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            if phase == "write":
                result = results_sheet_import(preview=preview, user=None)
            else:
                preview = results_sheet_parse(data=data, filename=path.name, framework=framework, create_missing=True)
                assert not preview.errors, preview.errors[:5]
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if memory else None
        if memory:
            tracemalloc.stop()
        measured.append((phase, seconds, peak, queries[0]))
    assert result.assessments_created + result.assessments_updated == AGENCIES
    return measured


def through_the_view(path: Path, media: Path) -> list[tuple[str, float]]:
    """Upload (parse, preview page) and confirm (parse again, write, redirect) through the whole Django stack."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.factories import UserFactory

    settings.MEDIA_ROOT = media
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(UserFactory(username="bench-admin", is_staff=True))
    fields = {"fiscal_year": YEAR, "file": SimpleUploadedFile(path.name, path.read_bytes()), "create_missing": "on"}
    start = time.perf_counter()
    preview = client.post("/results/import/", fields)
    uploaded = time.perf_counter() - start
    assert preview.status_code == 200 and preview.context["token"], preview.status_code
    start = time.perf_counter()
    done = client.post("/results/import/", {"action": "confirm", "token": preview.context["token"]})
    confirmed = time.perf_counter() - start
    assert done.status_code == 302, done.status_code
    return [("upload → preview page", uploaded), ("confirm → result", confirmed)]


def wipe() -> None:
    from assessments.models import Agency

    Agency.objects.filter(name__startswith="ทดสอบ").delete()


def main() -> None:
    setup_test_environment()
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        # Our own test database, so a colleague's benchmark on the same server is never clobbered.
        test = settings.DATABASES["default"].setdefault("TEST", {})
        test["NAME"] = f"test_{settings.DATABASES['default']['NAME']}_imports"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    try:
        from django.core.management import call_command

        call_command("load_catalogue", verbosity=0)
        with tempfile.TemporaryDirectory(prefix="imports_bench_") as tmp:
            files = write_files(Path(tmp))
            sizes = ", ".join(f"{k} {p.stat().st_size / 2**20:.1f} MB" for k, p in files.items())
            print(f"{engine}: {AGENCIES:,} agencies ({sizes})")
            for memory in (False, True):
                for kind, path in files.items():
                    wipe()
                    for label in ("first import", "re-import"):
                        for phase, seconds, peak, queries in run(path, memory=memory):
                            what = f"peak {peak:6.1f} MB (tracemalloc)" if memory else f"{seconds:6.2f} s"
                            print(f"  {kind:<4} {label:<12} {phase:<16} {what}  {queries:4d} queries")
            wipe()
            for kind, path in files.items():
                wipe()
                for step, seconds in through_the_view(path, Path(tmp) / "media"):
                    print(f"  {kind:<4} view, new agencies  {step:<22} {seconds:6.2f} s")
            wipe()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak RSS of the whole run (ru_maxrss): {rss:.0f} MB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
