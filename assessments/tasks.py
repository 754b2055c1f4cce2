"""Background work for assessments: thin tasks that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from assessments.models import Assessment
from assessments.scoring import assessment_recompute


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=10, soft_time_limit=100, time_limit=120)
def recompute_assessment_scores(self, assessment_id: int) -> str | None:
    """Recompute one assessment's cached scores (after imports); idempotent."""
    assessment = Assessment.objects.select_related("framework").filter(pk=assessment_id).first()
    if assessment is None:
        return None
    sheet = assessment_recompute(assessment=assessment)
    return None if sheet.total is None else str(sheet.total)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=10, soft_time_limit=1700, time_limit=1800)
def framework_rescore(self, framework_id: int) -> int:
    """Score again every result of a framework whose items, weights or rating rules were corrected; idempotent."""
    count = 0
    for assessment in Assessment.objects.select_related("framework").filter(framework_id=framework_id).iterator():
        assessment_recompute(assessment=assessment)
        count += 1
    return count


@shared_task(bind=True, acks_late=True, soft_time_limit=1700, time_limit=1800)
def run_import(self, job_id: int) -> str | None:
    """Run one confirmed background import (assessments.imports.jobs); a job already taken is left alone.

    No automatic retry: a failed import keeps its file and its owner chooses to send it again.
    """
    from assessments.imports.jobs import import_job_run

    job = import_job_run(job_id=job_id, worker=self.request.hostname or "")
    return None if job is None else job.status
