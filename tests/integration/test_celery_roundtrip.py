"""A task goes through Redis to a real worker, which writes to PostgreSQL."""

import time
from decimal import Decimal

import pytest
from celery.result import EagerResult
from django.core.management import call_command

from assessments.models import Assessment
from assessments.tasks import recompute_assessment_scores

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_recomputes_seed_001_scores_sent_through_the_broker(celery_worker_process):
    call_command("load_catalogue", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assessment = Assessment.objects.get(agency__name="วังประจัน", fiscal_year=2564)
    Assessment.objects.filter(pk=assessment.pk).update(score_total=None, grade="", computed_at=None)

    result = recompute_assessment_scores.delay(assessment.pk)

    assert not isinstance(result, EagerResult)  # sent to the broker, not run in this process
    assert wait_for(lambda: Assessment.objects.get(pk=assessment.pk).computed_at is not None)
    assessment.refresh_from_db()
    assert (assessment.score_total, assessment.grade) == (Decimal("81.86"), "B")


def test_a_task_for_a_deleted_assessment_is_harmless(celery_worker_process):
    call_command("load_catalogue", year=2564, verbosity=0)
    from assessments.models import FrameworkVersion
    from tests.factories import AssessmentFactory

    assessment = AssessmentFactory(framework=FrameworkVersion.objects.get(year=2564))
    recompute_assessment_scores.delay(987654321)
    recompute_assessment_scores.delay(assessment.pk)

    # The worker survives the missing id and processes the next task.
    assert wait_for(lambda: Assessment.objects.get(pk=assessment.pk).computed_at is not None)
    assert celery_worker_process.poll() is None
