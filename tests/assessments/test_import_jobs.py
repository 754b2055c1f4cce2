"""A results sheet is written by a worker and followed on its page; a failed write keeps the file confirmable."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.db.models import QuerySet
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from assessments.imports.jobs import import_job_refresh
from assessments.imports.pending import job_file
from assessments.models import Agency, Assessment, ImportJob
from tests.assessments.fixtures.imports_helpers import RESULTS_HEADER, csv_bytes, table_counts
from tests.factories import UserFactory

URL = "/results/import/"


@pytest.fixture
def admin(catalogue, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(username="sysadmin", is_staff=True)
    client.force_login(user)
    return user


def sheet(count: int, *, province: str = "น่าน") -> bytes:
    rows = [[f"อบต.ที่{n}", "เมือง", province, *["80"] * 10, "", "", "", ""] for n in range(count)]
    return csv_bytes([RESULTS_HEADER, *rows])


def preview(client, data: bytes):
    response = client.post(
        URL, {"fiscal_year": 2564, "file": SimpleUploadedFile("nan.csv", data), "create_missing": "on"}
    )
    assert response.status_code == 200
    return response


def confirm(client, response, **extra):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(URL, {"action": "confirm", "token": response.context["token"], **extra})


def act(client, job: ImportJob, action: str):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("assessments:import_job_action", args=[job.pk]), {"action": action})


def test_confirming_a_results_sheet_queues_it_and_its_page_shows_the_counts(client, admin):
    response = confirm(client, preview(client, sheet(3)))

    job = ImportJob.objects.get()
    assert response["Location"] == reverse("assessments:import_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert job.status == ImportJob.Status.DONE and job.user == admin
    assert "นำเข้าแล้ว" in page and "หน่วยงานที่สร้างใหม่" in page and "<strong>๓</strong>" in page
    assert Assessment.objects.filter(fiscal_year=2564).count() == 3
    assert not job_file(job.token).exists(), "the file is deleted once the import is done"


def test_a_failed_write_keeps_the_file_and_the_same_import_can_be_sent_again(client, admin, monkeypatch):
    upload = preview(client, sheet(3))
    before = table_counts()
    original = QuerySet.bulk_create

    def failing_bulk_create(self, objs, *args, **kwargs):
        if self.model is Assessment:
            raise DatabaseError("simulated: the connection dropped")
        return original(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", failing_bulk_create)
    response = confirm(client, upload)

    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == ImportJob.Status.FAILED
    assert "บันทึกไม่สำเร็จ" in page and "ไม่มีข้อมูลใดถูกบันทึก" in page and "นำเข้าอีกครั้ง" in page
    assert "นำเข้าไปแล้ว" not in page
    assert table_counts() == before, "no agency, assessment or score of the failed run is left"
    assert job_file(job.token).exists()

    monkeypatch.setattr(QuerySet, "bulk_create", original)
    act(client, job, "retry")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.attempts == 2
    assert Assessment.objects.filter(fiscal_year=2564).count() == 3


def test_confirming_the_same_upload_twice_leads_to_its_import_not_to_a_second_one(client, admin):
    upload = preview(client, sheet(2))
    confirm(client, upload)

    again = confirm(client, upload)

    assert again["Location"] == reverse("assessments:import_job", args=[ImportJob.objects.get().pk])
    assert Assessment.objects.filter(fiscal_year=2564).count() == 2


def test_cancelling_a_failed_import_deletes_its_file_and_writes_nothing(client, admin, monkeypatch):
    monkeypatch.setattr(QuerySet, "bulk_create", lambda *a, **k: (_ for _ in ()).throw(DatabaseError("down")))
    confirm(client, preview(client, sheet(2)))
    job = ImportJob.objects.get()

    act(client, job, "cancel")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert not job_file(job.token).exists()
    assert act(client, job, "retry").status_code == 302
    assert ImportJob.objects.get().status == ImportJob.Status.CANCELLED, "a cancelled import cannot come back"


def test_a_sheet_creating_more_agencies_than_the_limit_needs_an_explicit_confirmation(client, admin, settings):
    settings.IMPORT_MAX_NEW_AGENCIES = 2
    upload = preview(client, sheet(3))
    assert "เกินขีดจำกัด ๒ แห่ง" in upload.content.decode() and 'name="many_agencies"' in upload.content.decode()

    refused = confirm(client, upload)

    assert refused["Location"] == URL
    message = client.get(URL).content.decode()
    assert "จะสร้างหน่วยงานใหม่ ๓ แห่ง" in message and "ไม่มีข้อมูลใดถูกบันทึก" in message
    assert not Agency.objects.exists() and not ImportJob.objects.exists()

    confirm(client, upload, many_agencies="1")

    assert Agency.objects.count() == 3


def test_a_sheet_within_the_limit_needs_no_extra_confirmation(client, admin, settings):
    settings.IMPORT_MAX_NEW_AGENCIES = 3
    upload = preview(client, sheet(3))
    assert 'name="many_agencies"' not in upload.content.decode()
    confirm(client, upload)
    assert Agency.objects.count() == 3


def test_an_import_whose_worker_went_silent_is_marked_failed_with_its_file_kept(admin, settings):
    job_file("a" * 32).write_bytes(b"x")
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.RESULTS,
        status=ImportJob.Status.RUNNING,
        user=admin,
        token="a" * 32,
        filename="national.xlsx",
        heartbeat_at=timezone.now(),
        attempts=1,
    )
    assert import_job_refresh(job).status == ImportJob.Status.RUNNING

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        job = import_job_refresh(job)

    assert job.status == ImportJob.Status.FAILED
    assert "หยุดกลางคัน" in job.error and "ไม่มีข้อมูลใดถูกบันทึก" in job.error


def test_someone_elses_import_is_not_found(client, admin):
    confirm(client, preview(client, sheet(1)))
    job = ImportJob.objects.get()
    other = UserFactory(username="other.admin")
    client.force_login(other)

    assert client.get(reverse("assessments:import_job", args=[job.pk])).status_code == 404
    assert act(client, job, "cancel").status_code == 404


def test_the_job_page_asks_to_be_polled_only_while_the_import_runs(client, admin):
    confirm(client, preview(client, sheet(1)))
    job = ImportJob.objects.get()
    page = client.get(reverse("assessments:import_job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in page and 'http-equiv="refresh"' not in page

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now())
    page = client.get(reverse("assessments:import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page


def test_an_item_table_whose_write_failed_can_be_confirmed_again(client, demo, settings, tmp_path, monkeypatch):
    from assessments.imports import items as item_import
    from tests.assessments.fixtures.imports_helpers import SEED_001_CSV

    settings.MEDIA_ROOT = tmp_path
    agency = demo["วังประจัน"]
    coordinator = agency.memberships.get(role="coordinator").user
    client.force_login(coordinator)
    url = reverse("assessments:import_items", args=[agency.pk])
    upload = client.post(url, {"fiscal_year": 2564, "file": SimpleUploadedFile("oit.csv", SEED_001_CSV.read_bytes())})
    token = upload.context["token"]
    original = item_import.item_table_import

    def failing(**kwargs):
        raise DatabaseError("simulated")

    monkeypatch.setattr("assessments.views.imports.ITEMS", _with_write(failing))
    failed = client.post(url, {"action": "confirm", "token": token})
    assert "ไม่มีข้อมูลใดถูกบันทึก" in failed.content.decode() and "กดยืนยันอีกครั้งได้" in failed.content.decode()

    monkeypatch.setattr("assessments.views.imports.ITEMS", _with_write(original))
    done = client.post(url, {"action": "confirm", "token": token})

    assert done.status_code == 302 and "?done=" in done["Location"]


def _with_write(write):
    from dataclasses import replace

    from assessments.views import imports

    return replace(imports.ITEMS, write=write)
