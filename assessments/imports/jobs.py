"""Confirmed imports that run in a worker, with a page that follows them (like generated documents).

- `import_job_start` takes the confirmed upload from the session, moves its
  file to imports/jobs/ and queues the task; the request answers at once.
- `import_job_run` (the task) claims the job with a conditional update, parses
  the file again (reporting the rows checked), and writes in ONE transaction
  that also marks the job done: the rows and "done" commit together or not at
  all. On PostgreSQL the run holds an advisory lock on its connection, which
  the server frees when the worker dies: that is how another process tells a
  live import from a dead one (`import_job_refresh`).
- A failed import keeps its file and says in Thai that nothing was written;
  `import_job_retry` queues it again, `import_job_cancel` deletes the file.
Without a broker (the embedded default) the task runs inline in the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from assessments.imports import kinds
from assessments.imports.agencies import onboarding_import
from assessments.imports.common import ImportRefused
from assessments.imports.pending import job_file, pending_hand_over
from assessments.imports.results import results_sheet_import
from assessments.models import ImportJob
from assessments.permissions import is_system_admin
from assessments.selectors import User

logger = logging.getLogger(__name__)

Status = ImportJob.Status
# Where advisory locks do not exist (SQLite, the embedded default, where the task runs inside the
# request), a run silent for longer than the task's hard time limit has died.
SILENT_TOO_LONG = timedelta(seconds=1900)
# A run that reported within this time is alive whatever its lock says.
RECENT = timedelta(seconds=20)
LOCK_NAMESPACE = 7701  # pg_advisory_lock(namespace, job id): held by the connection running the import
# A queued job whose message no worker took within this time may be sent again by its owner.
QUEUED_TOO_LONG = timedelta(minutes=5)
NOTHING_WRITTEN = "ไม่มีข้อมูลใดถูกบันทึก ไฟล์ยังเก็บไว้ กด “นำเข้าอีกครั้ง” ได้เมื่อพร้อม"
WORKER_DIED = f"การนำเข้าหยุดกลางคันเพราะงานเบื้องหลังหยุดทำงาน {NOTHING_WRITTEN}"
BROKER_DOWN = "ระบบงานเบื้องหลังยังไม่พร้อม จึงยังไม่เริ่มนำเข้า ไฟล์ยังเก็บไว้ กด “นำเข้าอีกครั้ง” ได้ภายหลัง"


@dataclass(frozen=True)
class Runner:
    parse: Callable[..., Any]
    write: Callable[..., Any]
    summary: Callable[[Any], dict[str, Any]]


RUNNERS: dict[str, Runner] = {
    ImportJob.Kind.RESULTS: Runner(kinds.parse_results, results_sheet_import, kinds.results_summary),
    ImportJob.Kind.AGENCIES: Runner(kinds.parse_agencies, onboarding_import, kinds.agencies_summary),
}


def import_jobs_for_user(user: User) -> QuerySet[ImportJob]:
    """The imports a user may follow: their own; a system administrator sees every one."""
    jobs = ImportJob.objects.select_related("user")
    return jobs if is_system_admin(user) else jobs.filter(user=user)


def import_job_of_upload(token: str, user: User) -> ImportJob | None:
    """The import an upload was already confirmed into, if it was (a second click, a back button)."""
    return ImportJob.objects.filter(token=token, user=user).first() if token.isalnum() else None


def import_job_start(
    *, session: SessionBase, token: str, kind: str, meta: dict[str, Any], user: User
) -> ImportJob | None:
    """Queue the confirmed upload `token`; None when it was already confirmed or cancelled."""
    existing = ImportJob.objects.filter(token=token).first()
    if existing is not None:
        return existing if existing.user_id == user.pk else None
    if pending_hand_over(session, token) is None:
        return None
    job = ImportJob.objects.create(
        kind=kind, user=user, token=token, filename=meta["filename"], meta=meta, phase="รอคิว"
    )
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def import_job_retry(*, job: ImportJob, user: User) -> bool:
    """Queue again a failed import, one whose worker died, or one no worker took; False if it cannot be."""
    _check_owner(job, user)
    job = import_job_refresh(job)
    now = timezone.now()
    again = ImportJob.objects.filter(pk=job.pk, status=Status.FAILED)
    if job.status == Status.QUEUED and job.dispatched_at and job.dispatched_at < now - QUEUED_TOO_LONG:
        again = ImportJob.objects.filter(pk=job.pk, status=Status.QUEUED, dispatched_at=job.dispatched_at)
    elif job.status == Status.QUEUED and job.dispatched_at is None:
        again = ImportJob.objects.filter(pk=job.pk, status=Status.QUEUED, dispatched_at__isnull=True)
    if not job_file(job.token).exists():
        return False
    if not again.update(status=Status.QUEUED, error="", phase="รอคิว", dispatched_at=None, rows_done=0):
        return False
    transaction.on_commit(lambda: _dispatch(job.pk))
    return True


def import_job_cancel(*, job: ImportJob, user: User) -> bool:
    """Give up a job that is not running or done: its file is deleted and nothing is written."""
    _check_owner(job, user)
    job = import_job_refresh(job)
    if not ImportJob.objects.filter(pk=job.pk, status__in=[Status.QUEUED, Status.FAILED]).update(
        status=Status.CANCELLED, phase="", finished_at=timezone.now()
    ):
        return False
    job_file(job.token).unlink(missing_ok=True)
    return True


def import_job_refresh(job: ImportJob) -> ImportJob:
    """The job as it stands; a running import whose worker died is marked failed (its file kept)."""
    job.refresh_from_db()
    if job.status != Status.RUNNING or not _died(job):
        return job
    if ImportJob.objects.filter(pk=job.pk, status=Status.RUNNING, attempts=job.attempts).update(
        status=Status.FAILED, error=WORKER_DIED, phase="", finished_at=timezone.now()
    ):
        logger.warning("import job %s: its worker %s died", job.pk, job.worker)
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int, worker: str = "") -> ImportJob | None:
    """Run one queued import (the task); idempotent: a job that is not queued is left alone."""
    if not _lock(job_id):
        return None  # another worker runs it
    try:
        return _run(job_id, worker)
    finally:
        _unlock(job_id)


def _run(job_id: int, worker: str) -> ImportJob | None:
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        worker=worker[:200],
        phase="กำลังอ่านไฟล์",
        rows_done=0,
        error="",
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    runner = RUNNERS[job.kind]
    try:
        data = job_file(job.token).read_bytes()
        preview = runner.parse(data=data, meta=job.meta, agency=None, progress=_reporter(job))
        if not preview.ok:
            errors = "; ".join(str(e) for e in preview.errors[:5])
            raise ImportRefused(f"ข้อมูลในระบบเปลี่ยนไปหลังการตรวจสอบ ไฟล์นี้จึงยังนำเข้าไม่ได้: {errors}")
        _beat(job, phase="กำลังบันทึก", rows_done=job.rows_total)
        with transaction.atomic():
            result = runner.write(preview=preview, user=job.user)
            ImportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
                status=Status.DONE, result=runner.summary(result), phase="", finished_at=timezone.now()
            )
    except FileNotFoundError:
        _fail(job, "ไม่พบไฟล์ของการนำเข้านี้แล้ว ไม่มีข้อมูลใดถูกบันทึก กรุณาอัปโหลดไฟล์ใหม่")
    except ImportRefused as exc:
        _fail(job, f"{exc} {NOTHING_WRITTEN}")
    except Exception:
        logger.exception("import job %s failed", job_id)
        _fail(job, f"บันทึกไม่สำเร็จเพราะระบบขัดข้อง {NOTHING_WRITTEN}")
    else:
        job_file(job.token).unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def _dispatch(job_id: int) -> None:
    from assessments.tasks import run_import
    from ita_portal.celery import app

    if not ImportJob.objects.filter(pk=job_id, status=Status.QUEUED, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now()
    ):
        return
    try:
        run_import.delay(job_id)
    except Exception as exc:
        if app.conf.task_always_eager:
            logger.exception("run_import(%s) failed inline", job_id)
            return
        logger.warning("run_import(%s) not sent, the broker is unreachable: %s", job_id, exc)
        ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(dispatched_at=None, error=BROKER_DOWN)


def _reporter(job: ImportJob) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        job.rows_total = total
        _beat(job, phase="กำลังตรวจข้อมูล", rows_done=done)

    return report


def _beat(job: ImportJob, *, phase: str, rows_done: int) -> None:
    ImportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        phase=phase, rows_done=rows_done, rows_total=job.rows_total, heartbeat_at=timezone.now()
    )


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        status=Status.FAILED, error=message, phase="", finished_at=timezone.now()
    )


def _died(job: ImportJob) -> bool:
    now = timezone.now()
    if job.heartbeat_at is not None and job.heartbeat_at > now - RECENT:
        return False  # it reported moments ago (or was just claimed)
    if connection.vendor != "postgresql":
        return job.heartbeat_at is None or job.heartbeat_at < now - SILENT_TOO_LONG
    if not _lock(job.pk):
        return False  # the worker that runs it still holds its lock
    _unlock(job.pk)
    return True


def _lock(job_id: int) -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, job_id])
        return bool(cursor.fetchone()[0])


def _unlock(job_id: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, job_id])


def _check_owner(job: ImportJob, user: User) -> None:
    if job.user_id != user.pk and not is_system_admin(user):
        raise PermissionDenied("การนำเข้านี้เป็นของผู้อื่น")
