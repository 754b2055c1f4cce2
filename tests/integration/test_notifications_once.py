"""Once and only once on PostgreSQL + Redis (issue 17, item 5): two workers and beat computing the same
reminders at the same time send each one once; concurrent claims of one delivery send it once."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from assessments.models import Membership
from notifications.models import Delivery
from notifications.services import delivery_send, notify
from reports.models import ApprovalChain, Memo, MemoEvent, MemoStep
from tests.celery_broker import celery_broker
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.integration.conftest import ROOT, _test_database_url
from tests.integration.drills import PrivateRedis, Worker, wait_for, worker_name

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MEMOS = 12


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL (DATABASE_URL=postgres://…, see .ci/run)")


def _stalled_memos(count: int) -> int:
    """`count` memos waiting 10 days at their first step: each reminds its approver and (2N) the coordinator."""
    agency = AgencyFactory(name="ทุ่งไม่ซ้ำ")
    coordinator = MembershipFactory(
        agency=agency, role=Membership.Role.COORDINATOR, user=UserFactory(username="once.c", email="c@example.go.th")
    ).user
    approver = MembershipFactory(
        agency=agency, role=Membership.Role.APPROVER, user=UserFactory(username="once.a", email="a@example.go.th")
    ).user
    chain = ApprovalChain.objects.create(agency=agency, name="สายเดียว")
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    for n in range(1, count + 1):
        memo = Memo.objects.create(
            agency=agency, chain=chain, division="สำนักปลัด", subject=f"เรื่องที่ {n}", to="นายก",
            requester=coordinator, requester_name="นิติกร", requester_position="นิติกร", number_year=2570,
            number_seq=n, status=Memo.Status.SUBMITTED, round=1, current_step=1,
        )  # fmt: skip
        MemoStep.objects.create(memo=memo, round=1, order=1, position_title="ปลัด", user=approver, decisions=["agree"])
        event = MemoEvent.objects.create(memo=memo, action=MemoEvent.Action.SUBMIT, round=1)
        MemoEvent.objects.filter(pk=event.pk).update(at=ten_days_ago)
    return 2 * count  # e-mails: one to the approver and one to the coordinator per memo


def _messages_written(directory) -> int:
    """Messages the file e-mail backend wrote (each begins with its own Subject: header)."""
    return sum(
        sum(1 for line in path.read_text(errors="replace").splitlines() if line.startswith("Subject:"))
        for path in directory.iterdir()
    )


def test_two_workers_and_beat_at_once_send_no_reminder_twice(tmp_path):
    _postgres_only()
    expected = _stalled_memos(MEMOS)
    outbox = tmp_path / "mail"
    outbox.mkdir()
    log = ROOT / "var" / "celery-notifications-drill.log"
    (ROOT / "var").mkdir(exist_ok=True)
    log.write_text("")
    redis_server = PrivateRedis(tmp_path)
    redis_server.start()
    env = {
        # Each worker's sweep computes today's reminders at once (hour 0) and then every second looks for
        # deliveries due; beat sends the daily task every second besides.
        "REPORTS_SWEEP_SECONDS": "1",
        "NOTIFICATIONS_REMINDER_HOUR": "0",
        "EMAIL_BACKEND": "file",
        "EMAIL_FILE_PATH": str(outbox),
    }
    workers: list[Worker] = []
    beat = None
    try:
        with celery_broker(redis_server.url):
            for prefix in ("once-a", "once-b"):
                workers.append(Worker(redis_server.url, worker_name(prefix), log, **env))
            for worker in workers:
                worker.wait_ready()
            with open(log, "a") as handle:
                beat = subprocess.Popen(
                    [
                        sys.executable, "-m", "celery", "-A", "tests.integration.beat_every_second", "beat",
                        "--loglevel=INFO", "--schedule", str(tmp_path / "beat-schedule"),
                    ],
                    cwd=ROOT,
                    env={
                        **os.environ, **env, "DATABASE_URL": _test_database_url(),
                        "CELERY_BROKER_URL": redis_server.url,
                    },
                    stdout=handle,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip

            def all_sent() -> bool:
                sent = Delivery.objects.filter(channel="email", status=Delivery.Status.SENT).count()
                return sent >= expected

            assert wait_for(all_sent, 90, step=0.5), f"not all reminders were sent; see {log}"
            # Let beat and the sweeps go on computing the same day for a while: nothing more may go out.
            beat_sent = "Sending due task notifications-send-reminders-daily"
            assert wait_for(lambda: log.read_text().count(beat_sent) >= 6, 60, step=0.5), f"beat did not run; see {log}"
            threading.Event().wait(3)
    finally:
        if beat is not None:
            beat.terminate()
            beat.wait(timeout=30)
        for worker in workers:
            worker.stop()
        redis_server.kill()
    assert Delivery.objects.filter(channel="email").count() == expected
    assert Delivery.objects.filter(channel="inapp").count() == expected
    assert _messages_written(outbox) == expected
    assert re.search(r"send_reminders_daily\[[-0-9a-f]+\] succeeded", log.read_text())  # beat's runs did run


def test_concurrent_notify_and_claims_of_one_delivery_make_one_row_and_one_mail():
    _postgres_only()
    person = UserFactory(username="race", email="race@example.go.th")
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def worker() -> None:
        barrier.wait()
        try:
            notify(user=person, kind="reminders", occasion="race:1", title="ทดสอบ")
            delivery = Delivery.objects.get(user=person, channel="email")
            barrier.wait()
            outcomes.append(delivery_send(delivery_id=delivery.pk).status)
        finally:
            connection.close()

    with pytest.MonkeyPatch.context() as patch:  # the threads send, not the on-commit queue
        patch.setattr("notifications.services.queue_sends", lambda ids: None)
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert Delivery.objects.filter(user=person).count() == 2
    assert sorted(outcomes) == ["", "", "", "sent"]
    assert len(mail.outbox) == 1
