"""A national results sheet of 50,000 rows, confirmed, and its worker killed while it writes (issue 18, item 2).

Real processes: the upload and confirmation go through Django; the import runs in a `celery worker`
on a private Redis, writing to the PostgreSQL test database; the worker is SIGKILLed in the middle
of the write. PostgreSQL rolls the transaction back and frees the import's advisory lock, so the
job page says the import stopped and nothing was written; the file is still there, and sending it
again to a new worker imports every row once.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.imports.pending import job_file
from assessments.models import Agency, Assessment, ImportJob, IndicatorScore
from tests.assessments.fixtures.imports_helpers import national_sheet
from tests.factories import UserFactory
from tests.integration.drills import wait_for, worker_name
from tests.integration.test_failure_drills import redis_server, worker_log, workers  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROWS = 50_000


def job_status(job_id: int) -> tuple[str, str]:
    return ImportJob.objects.filter(pk=job_id).values_list("status", "phase").get()


def test_a_worker_killed_during_a_big_import_leaves_the_file_confirmable_and_no_partial_rows(
    redis_server,  # noqa: F811
    workers,  # noqa: F811
    settings,
):
    from django.core.management import call_command

    call_command("load_catalogue", year=2564, verbosity=0)
    admin = UserFactory(username="national.admin", is_staff=True)
    client = Client()
    client.force_login(admin)
    url = reverse("assessments:import_results")
    upload = client.post(
        url,
        {
            "fiscal_year": 2564,
            "file": SimpleUploadedFile("national.xlsx", national_sheet(ROWS)),
            "create_missing": "on",
        },
    )
    assert upload.status_code == 200 and upload.context["token"], "the 50,000-row sheet has no errors"
    worker = workers(redis_server.url, worker_name("import"))

    token = upload.context["token"]
    confirmed = client.post(url, {"action": "confirm", "token": token, "many_agencies": "1"})  # 50,000 > 10,000

    job = ImportJob.objects.get()
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("assessments:import_job", args=[job.pk])
    assert job_status(job.pk)[0] in ("queued", "running"), "the request does not hold the import"
    assert wait_for(lambda: job_status(job.pk)[1] == "กำลังบันทึก", 120), job_status(job.pk)
    wait_for(lambda: False, 2)  # well inside the write of 50,000 agencies, assessments and 500,000 scores
    worker.kill()

    # The page asks PostgreSQL whether the import's lock is still held: free once the server saw the
    # connection drop, and then the job is marked failed.
    assert wait_for(lambda: "หยุดกลางคัน" in client.get(confirmed["Location"]).content.decode(), 60, step=1)
    page = client.get(confirmed["Location"]).content.decode()
    assert "หยุดกลางคัน" in page and "ไม่มีข้อมูลใดถูกบันทึก" in page and "นำเข้าอีกครั้ง" in page
    assert not Agency.objects.exists() and not Assessment.objects.exists() and not IndicatorScore.objects.exists()
    assert job_file(job.token).exists(), "the file is kept for another try"

    workers(redis_server.url, worker_name("import-again"))
    client.post(reverse("assessments:import_job_action", args=[job.pk]), {"action": "retry"})

    assert wait_for(lambda: job_status(job.pk)[0] in ("done", "failed"), 300), job_status(job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert Agency.objects.count() == ROWS and Assessment.objects.count() == ROWS
    assert IndicatorScore.objects.count() == ROWS * 10
    assert not job_file(job.token).exists()
