"""Helpers for the failure drills: a private redis-server, private workers, a long document.

Nothing here touches the shared PostgreSQL or Redis: each drill gets its own redis-server on a
free port (killed and started again at will) and its own `celery worker` processes.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pikepdf
import psutil
import pytest
from django.core.management import call_command
from django.db import transaction

from assessments.models import Agency, Membership
from ita_portal.celery import app as celery_app
from reports import services
from reports.models import GeneratedDocument
from tests.celery_broker import free_port
from tests.factories import MembershipFactory
from tests.integration.conftest import ROOT, _test_database_url

Status = GeneratedDocument.Status


def wait_for(predicate, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


class PrivateRedis:
    """A throw-away redis-server on its own port, without persistence (like a Redis that restarts empty)."""

    def __init__(self, tmp_path: Path) -> None:
        if shutil.which("redis-server") is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = tmp_path / f"redis-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--logfile",
                str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        if not wait_for(self.answers, 10):
            pytest.fail(f"redis-server did not start on port {self.port}; see {self.log}")

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


class Worker:
    """`celery worker` against the test database and a private broker; killed with SIGKILL, whole or a child."""

    def __init__(self, broker_url: str, name: str, log: Path, *, pool: str = "prefork", **env: str) -> None:
        self.name = name
        self.log = log
        handle = open(log, "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ita_portal",
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                name,
            ],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": _test_database_url(), "CELERY_BROKER_URL": broker_url, **env},
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the whole worker can be SIGKILLed
        )
        handle.close()

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not celery_app.control.ping(timeout=1, destination=[self.name]):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"celery worker {self.name} did not start; see {self.log}")

    def children(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children(recursive=True)

    def kill_children(self) -> list[int]:
        children = self.children()
        for child in children:
            child.send_signal(signal.SIGKILL)
        return [child.pid for child in children]

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"


def long_document_agency(extra_measures: int) -> tuple[Agency, object]:
    """อบต.ทุ่งโพธิ์ of the demo data with `extra_measures` more measures in its 2566 plan, and a coordinator."""
    from measures.models import Measure, MeasurePlan

    call_command("load_catalogue", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    agency = Agency.objects.get(name="ทุ่งโพธิ์")
    plan = MeasurePlan.objects.get(agency=agency, fiscal_year=2566)
    sources = list(plan.measures.order_by("number"))
    first = len(sources) + 1
    copies = []
    for number in range(first, first + extra_measures):
        source = sources[number % len(sources)]
        copies.append(Measure(plan=plan, number=number, title=f"{source.title} (ชุดที่ {number})", steps=source.steps))
    Measure.objects.bulk_create(copies)
    coordinator = MembershipFactory(agency=agency, role=Membership.Role.COORDINATOR).user
    return agency, coordinator


def request_document(agency: Agency, user) -> GeneratedDocument:
    with transaction.atomic():
        return services.document_request(
            agency=agency, kind="progress", fiscal_year=2566, round=12, layout="seed002", user=user
        )


def status_of(document: GeneratedDocument) -> str:
    return GeneratedDocument.objects.filter(pk=document.pk).values_list("status", flat=True).get()


def assert_valid_pdf(document: GeneratedDocument) -> None:
    document.refresh_from_db()
    assert document.status == Status.DONE, document.error
    with document.file.open("rb") as handle:
        content = handle.read()
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert len(pdf.pages) == document.pages >= 2
    assert hashlib.sha256(content).hexdigest() == document.sha256
