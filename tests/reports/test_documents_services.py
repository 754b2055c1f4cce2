"""Requesting, rendering and retrying generated documents (model, service, task)."""

# ruff: noqa: F811  (the fixtures imported from test_documents_support are then requested by name)
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reports import services
from reports.models import GeneratedDocument
from reports.tasks import render_document
from tests.reports.test_documents_support import RENDERED, fake_kinds, fake_render, login, world  # noqa: F401

Status = GeneratedDocument.Status


def request(world, user_key="coordinator", **overrides):
    fields = {"kind": "progress", "fiscal_year": 2567, "round": 12, "layout": "portrait"} | overrides
    return services.document_request(agency=world.plan.agency, user=world.users[user_key], **fields)


def test_a_request_freezes_the_snapshot_and_renders_a_pdf_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = request(world)
        assert document.status == Status.QUEUED
    document.refresh_from_db()
    assert document.status == Status.DONE
    assert document.snapshot["measures"] == ["การใช้ทรัพย์สินของราชการ"]
    content = document.file.read()
    assert content.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.pages == 1
    assert document.render_seconds is not None and document.render_seconds >= 0
    assert document.attempts == 1
    assert document.started_at and document.finished_at
    assert document.file.name.startswith(f"documents/{world.plan.agency_id}/")
    assert document.requested_by == world.users["coordinator"]


def test_nothing_is_queued_before_the_transaction_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = request(world)
    assert len(callbacks) == 1
    document.refresh_from_db()
    assert document.status == Status.QUEUED and not document.file


def test_later_edits_to_measures_never_change_a_generated_document(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = request(world)
    world.measure.title = "แก้ไขภายหลัง"
    world.measure.save()
    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert document.status == Status.DONE
    assert document.snapshot["measures"] == ["การใช้ทรัพย์สินของราชการ"]
    assert RENDERED[-1]["measures"] == ["การใช้ทรัพย์สินของราชการ"]
    sha = document.sha256
    render_document.delay(document.pk)  # a re-run changes nothing
    document.refresh_from_db()
    assert document.sha256 == sha


def test_generating_again_makes_a_new_version_and_keeps_the_old(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = request(world)
    world.measure.title = "มาตรการฉบับใหม่"
    world.measure.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = request(world)
        other_round = request(world, round=6)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version, other_round.version) == (1, 2, 1)
    assert first.status == second.status == Status.DONE
    assert first.file.name != second.file.name
    assert first.snapshot["measures"] == ["การใช้ทรัพย์สินของราชการ"]
    assert second.snapshot["measures"] == ["มาตรการฉบับใหม่"]
    assert first.file.read() != second.file.read()


def test_versions_of_a_kind_without_round_increase_too(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = request(world, kind="plan", round=12)
        second = request(world, kind="plan", round=None)
    assert (first.round, second.round) == (None, None)
    assert (first.version, second.version) == (1, 2)


def test_the_task_is_idempotent(world, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        document = request(world)
    document.refresh_from_db()
    calls = []
    monkeypatch.setattr(services, "_render", lambda *a: calls.append(a))
    assert render_document.delay(document.pk).get() is None
    assert calls == []
    again = GeneratedDocument.objects.get(pk=document.pk)
    assert (again.status, again.sha256, again.attempts, again.file.name) == (
        Status.DONE,
        document.sha256,
        1,
        document.file.name,
    )


def test_the_task_ignores_an_unknown_id(db):
    assert render_document.delay(987654321).get() is None


def test_a_document_another_worker_is_rendering_is_left_alone(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    assert services.document_claim(document_id=document.pk)
    assert not services.document_claim(document_id=document.pk)
    assert services.document_render(document_id=document.pk) is None


def test_an_abandoned_rendering_is_taken_again(world, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RENDERING, started_at=timezone.now() - timedelta(minutes=10)
    )
    render_document.delay(document.pk)
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.DONE


def test_a_failing_render_is_retried_twice_then_failed_with_the_thai_error(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []

    def broken(kind_key, snapshot):
        calls.append(kind_key)
        raise RuntimeError("ฟอนต์หาย")

    monkeypatch.setattr(services, "_render", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = request(world)  # the inline run's error is recorded, not raised into the request
    document.refresh_from_db()
    assert len(calls) == 3
    assert document.status == Status.FAILED
    assert document.error == "สร้างเอกสารไม่สำเร็จ: ฟอนต์หาย"
    assert document.attempts == 3
    assert not document.file


def test_a_render_that_succeeds_on_retry_is_done(world, django_capture_on_commit_callbacks, monkeypatch):
    calls = []

    def flaky(kind_key, snapshot):
        calls.append(kind_key)
        if len(calls) == 1:
            raise OSError("ดิสก์เต็มชั่วคราว")
        return fake_render(kind_key, snapshot)

    monkeypatch.setattr(services, "_render", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        document = request(world)
    document.refresh_from_db()
    assert (document.status, document.error, document.attempts) == (Status.DONE, "", 2)


def test_a_validation_error_while_rendering_is_not_retried(world, django_capture_on_commit_callbacks, monkeypatch):
    calls = []

    def invalid(kind_key, snapshot):
        calls.append(kind_key)
        raise ValidationError("ไม่มีข้อมูลให้พิมพ์")

    monkeypatch.setattr(services, "_render", invalid)
    with django_capture_on_commit_callbacks(execute=True):
        document = request(world)
    document.refresh_from_db()
    assert len(calls) == 1
    assert (document.status, document.error) == (Status.FAILED, "สร้างเอกสารไม่สำเร็จ: ไม่มีข้อมูลให้พิมพ์")


def test_retry_requeues_a_failed_document_with_the_same_version_and_snapshot(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "_render", lambda *a: (_ for _ in ()).throw(RuntimeError("พัง")))
    with django_capture_on_commit_callbacks(execute=True):
        document = request(world)
    document.refresh_from_db()
    assert document.status == Status.FAILED
    world.measure.title = "แก้ไขภายหลัง"
    world.measure.save()
    monkeypatch.setattr(services, "_render", fake_render)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.document_retry(document=document, user=world.users["coordinator"])
    document.refresh_from_db()
    assert (document.status, document.version, document.error) == (Status.DONE, 1, "")
    assert RENDERED[-1]["measures"] == ["การใช้ทรัพย์สินของราชการ"]
    assert GeneratedDocument.objects.count() == 1
    assert not services.document_retry(document=document, user=world.users["coordinator"])


@pytest.mark.parametrize("user_key", ["staff", "approver", "overseer", "other_agency"])
def test_only_the_coordinator_may_request_or_retry(world, user_key):
    with pytest.raises(PermissionDenied, match="ผู้ประสานงาน"):
        request(world, user_key=user_key)
    assert not GeneratedDocument.objects.exists()


def test_nothing_to_print_is_a_thai_validation_error_and_writes_nothing(world):
    with pytest.raises(ValidationError, match="ไม่มีแผนมาตรการ"):
        request(world, fiscal_year=2560)
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"kind": "memo"}, "kind"), ({"round": None}, "round"), ({"round": 3}, "round"), ({"layout": "a3"}, "layout")],
)
def test_a_bad_choice_is_refused_by_field(world, overrides, field):
    with pytest.raises(ValidationError) as info:
        request(world, **overrides)
    assert field in info.value.error_dict


def test_an_empty_layout_takes_the_kinds_first(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world, layout="")
    assert document.layout == "portrait"


def test_the_download_name_is_thai(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    assert services.document_filename(document) == "รายงานผลการดำเนินงาน_ทุ่งทดลอง_2567_รอบ12เดือน_ฉบับที่1.pdf"
    assert services.document_fallback_filename(document) == f"progress-{world.plan.agency_id}-2567-12m-v1.pdf"


def test_without_the_documents_package_there_are_no_kinds(monkeypatch):
    def missing():
        raise ModuleNotFoundError("No module named 'reports.documents'", name="reports.documents")

    monkeypatch.setattr(services, "_kinds", missing)
    assert services.document_kinds() == {}


def test_an_abandoned_rendering_may_be_retried_by_the_coordinator(world, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        document = request(world)
    GeneratedDocument.objects.filter(pk=document.pk).update(status=Status.RENDERING, started_at=timezone.now())
    document.refresh_from_db()
    assert not services.document_is_stale(document)
    assert not services.document_retry(document=document, user=world.users["coordinator"])
    GeneratedDocument.objects.filter(pk=document.pk).update(started_at=timezone.now() - timedelta(minutes=10))
    document.refresh_from_db()
    assert services.document_is_stale(document)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.document_retry(document=document, user=world.users["coordinator"])
    document.refresh_from_db()
    assert (document.status, document.attempts) == (Status.DONE, 1)
