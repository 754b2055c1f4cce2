"""Onboard 8,000 agencies and their coordinators: from the upload to the last invitation queued (run by hand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/bench_onboarding.py

On a throw-away test database (Django's test-database machinery; on PostgreSQL its name ends in
_onboarding). Through the whole Django stack as a system administrator: the upload (parse, check
every row, render the preview), the confirmation (the file handed to the worker's folder, the job
queued on the real broker), then the worker's part run here exactly as the task runs it
(`import_job_run`: parse again, one transaction writing 8,000 agencies, accounts, memberships,
invitations and audit rows, then 8,000 invitation tasks published to the broker). The queue is
checked to hold every invitation and then emptied: no worker consumes it, so no mail is sent.
Without CELERY_BROKER_URL the tasks run inline and the e-mails go to the console backend.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("EMAIL_BACKEND", "locmem")
warnings.filterwarnings("ignore", "No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

AGENCIES = int(os.environ.get("AGENCIES", 8000))
HEADER = ["ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "โทรศัพท์", "รหัสหนังสือ", "เว็บไซต์", "ชื่อผู้ประสานงาน", "อีเมลผู้ประสานงาน"]
WRITTEN = ["อบต.", "เทศบาลตำบล", "ทม.", "องค์การบริหารส่วนตำบล"]


def write_file(directory: Path) -> Path:
    path = directory / "agencies.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(AGENCIES):
            writer.writerow(
                [
                    f"{WRITTEN[n % 4]}ทดสอบ{n}",
                    f"อำเภอที่{n % 880}",
                    f"จังหวัดที่{n % 77}",
                    f"๐ ๗๔๗๑ {n:04d}",
                    f"ทส {n:05d}",
                    f"https://www.test{n}.go.th/",
                    f"นางสาวผู้ประสาน ที่{n}",
                    f"coordinator{n}@example.org",
                ]
            )
    return path


def main() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from assessments.imports.jobs import import_job_run
    from assessments.models import ImportJob
    from ita_portal.celery import app
    from members.models import Invitation
    from tests.factories import UserFactory

    setup_test_environment()
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
            f"test_{settings.DATABASES['default']['NAME']}_onboarding"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = "eager (no broker)" if app.conf.task_always_eager else settings.CELERY_BROKER_URL
    try:
        with tempfile.TemporaryDirectory(prefix="onboarding_bench_") as tmp:
            path = write_file(Path(tmp))
            settings.MEDIA_ROOT = Path(tmp) / "media"
            settings.ALLOWED_HOSTS = ["testserver"]
            client = Client()
            client.force_login(UserFactory(username="bench-admin", is_staff=True))
            print(f"{engine}, {broker}: {AGENCIES:,} agencies ({path.stat().st_size / 2**20:.1f} MB CSV)")
            start = time.perf_counter()
            preview = client.post("/agencies/onboard/", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
            uploaded = time.perf_counter()
            assert preview.status_code == 200 and preview.context["token"], preview.context["preview"].errors[:3]
            done = client.post("/agencies/onboard/", {"action": "confirm", "token": preview.context["token"]})
            confirmed = time.perf_counter()
            assert done.status_code == 302, done.status_code
            job = ImportJob.objects.get()
            if job.status == ImportJob.Status.QUEUED:  # a real broker: play the worker's part here
                import_job_run(job_id=job.pk, worker="bench")
            finished = time.perf_counter()
            job.refresh_from_db()
            assert job.status == ImportJob.Status.DONE, job.error
            queued = _queued_invitations(app)
            print(f"  upload → preview page           {uploaded - start:6.2f} s")
            print(f"  confirm → job page (request)     {confirmed - uploaded:6.2f} s")
            print(f"  worker: parse, write, queue mail {finished - confirmed:6.2f} s")
            print(f"  upload → last invitation queued  {finished - start:6.2f} s")
            print(f"  invitations {Invitation.objects.count():,}, messages on the broker {queued}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _queued_invitations(app) -> str:
    if app.conf.task_always_eager:
        return "— (sent inline)"
    with app.connection_for_write() as conn:
        count = conn.default_channel.queue_declare(queue="celery", passive=True).message_count
        conn.default_channel.queue_purge("celery")
    return f"{count:,} (purged)"


if __name__ == "__main__":
    main()
