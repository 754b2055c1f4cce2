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
