"""When the broker is down or a worker dies: documents stay queued, say so in Thai, and are sent again."""

# ruff: noqa: F811  (the fixtures imported from test_documents_support are then requested by name)
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import GeneratedDocument
from reports.views import QUEUE_UNAVAILABLE
from tests.celery_broker import celery_broker, free_port
from tests.reports.test_documents_support import RENDERED, fake_kinds, login, world  # noqa: F401

Status = GeneratedDocument.Status
FORM = {"kind": "progress", "fiscal_year": "2567", "round": "12", "layout": "portrait"}


def request(world):
    return services.document_request(
        agency=world.plan.agency, kind="progress", fiscal_year=2567, round=12, layout="portrait", user=None
    )


@pytest.mark.django_db(transaction=True)
def test_generate_with_the_broker_unreachable_keeps_the_document_queued_and_says_so_in_thai(world, login):
    client = login(world.users["coordinator"])
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):  # nothing listens there
        started = time.monotonic()
        response = client.post(reverse("reports:document_new", args=[world.plan.agency_id]), FORM, follow=True)
        elapsed = time.monotonic() - started
    assert elapsed < 10, f"generate took {elapsed:.1f} s with the broker down"
    document = GeneratedDocument.objects.get()
    assert (document.status, document.dispatched_at, document.error) == (Status.QUEUED, None, "")
    html = response.content.decode()
    assert f"รับคำขอสร้างเอกสาร ฉบับที่ ๑ ไว้แล้ว แต่{QUEUE_UNAVAILABLE}" in html
    assert html.count(QUEUE_UNAVAILABLE) == 2  # the message, and the status card until it is sent
    assert 'hx-trigger="every 5s"' in html
    assert RENDERED == []


@pytest.mark.django_db(transaction=True)
def test_generate_with_the_broker_up_says_only_that_the_request_was_taken(world, login):
    response = login(world.users["coordinator"]).post(
        reverse("reports:document_new", args=[world.plan.agency_id]), FORM, follow=True
    )
    html = response.content.decode()
    assert "รับคำขอสร้างเอกสาร ฉบับที่ ๑ แล้ว" in html and QUEUE_UNAVAILABLE not in html
    assert GeneratedDocument.objects.get().status == Status.DONE  # no broker configured: rendered inline


def test_the_sweep_sends_a_document_the_broker_never_got(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    assert services.document_is_unsent(document)
    assert services.document_sweep() == 1
    document.refresh_from_db()
    assert document.status == Status.DONE and document.dispatched_at is not None
    assert services.document_sweep() == 0


def test_the_sweep_leaves_a_document_sent_a_moment_ago(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    GeneratedDocument.objects.filter(pk=document.pk).update(dispatched_at=timezone.now())
    assert services.document_sweep() == 0
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.QUEUED


def test_the_sweep_sends_again_a_message_lost_long_ago(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        dispatched_at=timezone.now() - services.LOST_QUEUED - timedelta(seconds=1)
    )
    assert services.document_sweep() == 1
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.DONE


def test_the_sweep_renders_again_a_document_left_rendering_too_long(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    assert services.document_claim(document_id=document.pk, task_id="t1", worker="w1@host")
    GeneratedDocument.objects.filter(pk=document.pk).update(
        started_at=timezone.now() - services.STALE_RENDERING - timedelta(seconds=1)
    )
    assert services.document_sweep() == 1
    document.refresh_from_db()
    assert (document.status, document.attempts) == (Status.DONE, 2)


def test_a_worker_started_again_takes_back_what_it_was_rendering_and_only_that(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        mine, theirs = request(world), request(world)
    assert services.document_claim(document_id=mine.pk, task_id="t1", worker="w1@host")
    assert services.document_claim(document_id=theirs.pk, task_id="t2", worker="w2@host")
    assert services.document_sweep(restarted_worker="w1@host") == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Status.DONE
    assert (theirs.status, theirs.render_worker) == (Status.RENDERING, "w2@host")


def test_the_same_task_delivered_again_takes_its_document_back_and_another_does_not(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    assert services.document_claim(document_id=document.pk, task_id="t1", worker="w1@host")
    assert not services.document_claim(document_id=document.pk, task_id="t2", worker="w1@host")
    assert services.document_claim(document_id=document.pk, task_id="t1", worker="w1@host")
    assert GeneratedDocument.objects.get(pk=document.pk).attempts == 2


def test_a_retried_document_is_sent_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.FAILED, error="สร้างเอกสารไม่สำเร็จ: พัง", dispatched_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.document_retry(document=document, user=world.users["coordinator"])
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.DONE


def test_rendering_now_numbers_versions_like_a_request(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request(world)
    document = services.document_render_now(
        agency=world.plan.agency, kind="progress", fiscal_year=2567, round=12, layout="portrait", user=None
    )
    assert (document.version, document.status) == (2, Status.DONE)
