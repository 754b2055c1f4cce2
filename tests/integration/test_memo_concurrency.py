"""Two people (or two tabs) at the same moment, on PostgreSQL: one approval per step, one number per memo."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from assessments.models import Agency
from reports.memos import services
from reports.models import GeneratedDocument, Memo, MemoEvent, MemoStep

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def thungpho_live(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_catalogue", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    agency = Agency.objects.get(name="ทุ่งโพธิ์")
    users = {u.username.split(".")[1]: u for u in get_user_model().objects.filter(username__startswith="thungpho.")}
    document = GeneratedDocument(
        agency=agency,
        kind="progress",
        fiscal_year=2566,
        round=12,
        layout="seed000",
        version=1,
        status=GeneratedDocument.Status.DONE,
        pages=1,
        sha256="0" * 64,
    )
    document.file.save("report.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    document.save()
    return agency, users, document


def draft(agency, users, document) -> Memo:
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    return services.memo_create(
        agency=agency, request=services.Request(users["legal"]), data=data, documents=[document]
    )


def at_once(count: int, work) -> list:
    """Run work(i) in `count` threads released together; returns each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # collected and checked by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_double_click_approves_a_step_once(thungpho_live):
    agency, users, document = thungpho_live
    memo = services.memo_submit(memo=draft(agency, users, document), request=services.Request(users["legal"]))

    def approve(i: int):
        copy = Memo.objects.get(pk=memo.pk)  # each "tab" loaded the page before either click
        return services.memo_act(
            memo=copy, step_order=1, request=services.Request(users["head"]), decision="comment", comment=f"คลิก {i}"
        )

    results = at_once(4, approve)
    done = [r for r in results if isinstance(r, Memo)]
    refused = [r for r in results if isinstance(r, services.MemoConflict)]
    assert len(done) == 1 and len(refused) == 3, results
    assert MemoEvent.objects.filter(memo=memo, action="act").count() == 1
    step = MemoStep.objects.get(memo=memo, round=1, order=1)
    assert step.comment == done[0].steps.get(round=1, order=1).comment
    assert Memo.objects.get(pk=memo.pk).current_step == 2


def test_concurrent_submissions_get_distinct_numbers_without_gaps(thungpho_live):
    agency, users, document = thungpho_live
    memos = [draft(agency, users, document) for _ in range(8)]

    results = at_once(8, lambda i: services.memo_submit(memo=memos[i], request=services.Request(users["legal"])))
    assert all(isinstance(r, Memo) for r in results), results
    numbers = sorted(Memo.objects.filter(agency=agency).values_list("number_seq", flat=True))
    assert numbers == list(range(1, 9))


def test_a_memo_submitted_twice_at_once_is_submitted_once(thungpho_live):
    agency, users, document = thungpho_live
    memo = draft(agency, users, document)

    results = at_once(
        3, lambda i: services.memo_submit(memo=Memo.objects.get(pk=memo.pk), request=services.Request(users["legal"]))
    )
    assert sum(isinstance(r, Memo) for r in results) == 1, results
    memo.refresh_from_db()
    assert memo.round == 1 and memo.number_seq == 1
    assert MemoStep.objects.filter(memo=memo).count() == 3
