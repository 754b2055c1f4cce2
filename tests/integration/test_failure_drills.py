"""Failures survived: a worker killed mid-render, Redis down and back (issue 8, item 3).

Each drill runs its own redis-server and workers (tests/integration/drills.py); the document goes
through the real broker to real `celery worker` processes writing to the PostgreSQL test database.
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import GeneratedDocument
from reports.views import QUEUE_UNAVAILABLE
from tests.celery_broker import celery_broker
from tests.integration.conftest import ROOT
from tests.integration.drills import (
    PrivateRedis,
    Worker,
    assert_valid_pdf,
    long_document_agency,
    request_document,
    status_of,
    wait_for,
    worker_name,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

Status = GeneratedDocument.Status
DEADLINE = 90  # seconds for a document to end done after the failure
EXTRA_MEASURES = 400  # a few seconds of rendering on one pool process: time to kill it in the middle


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        with celery_broker(server.url):
            yield server
    finally:
        server.kill()


@pytest.fixture
def worker_log(request):
    (ROOT / "var").mkdir(exist_ok=True)
    log = ROOT / "var" / f"celery-drill-{request.node.name[:60]}.log"
    log.write_text("")
    return log


@pytest.fixture
def workers(worker_log):
    started: list[Worker] = []

    def start(broker_url: str, name: str, **env: str) -> Worker:
        worker = Worker(broker_url, name, worker_log, **env)
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()


def ends_done_or_failed(document: GeneratedDocument) -> bool:
    return status_of(document) in (Status.DONE, Status.FAILED)


def test_a_pool_process_killed_mid_render_still_ends_done(redis_server, workers, worker_log):
    agency, coordinator = long_document_agency(EXTRA_MEASURES)
    worker = workers(redis_server.url, worker_name("drill-child"))

    document = request_document(agency, coordinator)
    assert wait_for(lambda: status_of(document) == Status.RENDERING, 60), "the worker never started rendering"
    killed = worker.kill_children()
    assert killed, "the prefork worker has no pool process to kill"

    assert wait_for(lambda: ends_done_or_failed(document), DEADLINE, step=0.5), (
        f"still {status_of(document)} {DEADLINE} s after its pool process was killed"
    )
    assert_valid_pdf(document)
    assert document.attempts >= 2  # rendered again after the kill, not finished by the killed process
    assert "WorkerLostError" in worker_log.read_text()
    assert worker.process.poll() is None  # the worker itself lives on with a new pool process
    document.file.storage.delete(document.file.name)


def test_a_whole_worker_killed_mid_render_is_taken_back_when_it_starts_again(redis_server, workers, worker_log):
    agency, coordinator = long_document_agency(EXTRA_MEASURES)
    name = worker_name("drill-whole")
    first = workers(redis_server.url, name)

    document = request_document(agency, coordinator)
    assert wait_for(lambda: status_of(document) == Status.RENDERING, 60), "the worker never started rendering"
    first.kill()  # SIGKILL to the main process and its pool: nothing acknowledges or gives back the message
    time.sleep(2)
    assert status_of(document) == Status.RENDERING  # orphaned: Redis would hold its message for an hour

    started = time.monotonic()
    workers(redis_server.url, name)  # systemd starts it again under the same name
    assert wait_for(lambda: ends_done_or_failed(document), DEADLINE, step=0.5), (
        f"still {status_of(document)} {DEADLINE} s after the worker was started again"
    )
    assert_valid_pdf(document)
    print(f"done {time.monotonic() - started:.1f} s after the new worker started")
    assert "left rendering by a dead worker go back to the queue" in worker_log.read_text()
    document.file.storage.delete(document.file.name)


def test_with_redis_down_pages_work_generate_says_so_in_thai_and_the_document_is_rendered_when_it_returns(
    redis_server, workers, worker_log
):
    from reports import documents

    agency, coordinator = long_document_agency(0)
    workers(redis_server.url, worker_name("drill-redis"), REPORTS_SWEEP_SECONDS="3")
    client = Client()
    client.force_login(coordinator)

    redis_server.kill()

    plan = client.get(reverse("measures:plan", args=[agency.pk, 2566]))
    assert plan.status_code == 200
    listing = client.get(reverse("reports:documents", args=[agency.pk]))
    assert listing.status_code == 200
    health = client.get("/health/")
    assert health.status_code == 503
    assert health.json() == {"status": "error", "database": "ok", "broker": "error", "storage": "ok"}

    layout = documents.KINDS["progress"].layouts[0][0]
    form = {"kind": "progress", "fiscal_year": "2566", "round": "12", "layout": layout}
    started = time.monotonic()
    response = client.post(reverse("reports:document_new", args=[agency.pk]), form)
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 5, f"generate took {elapsed:.1f} s with Redis down"
    document = GeneratedDocument.objects.get(agency=agency)
    assert (document.status, document.dispatched_at, document.error) == (Status.QUEUED, None, "")
    page = client.get(response["Location"]).content.decode()
    assert QUEUE_UNAVAILABLE in page and "ไว้แล้ว แต่" in page

    time.sleep(4)  # a sweep or two while Redis is still down: nothing is lost, nothing fails
    assert status_of(document) == Status.QUEUED

    redis_server.start()  # same port, empty: the worker reconnects and its sweep sends the document
    started = time.monotonic()
    assert wait_for(lambda: ends_done_or_failed(document), DEADLINE, step=0.5), (
        f"still {status_of(document)} {DEADLINE} s after Redis came back"
    )
    print(f"done {time.monotonic() - started:.1f} s after Redis came back")
    assert_valid_pdf(document)
    assert "sent 1 queued document(s) to the broker again" in worker_log.read_text()  # by the sweep
    assert client.get("/health/").status_code == 200
    document.file.storage.delete(document.file.name)
