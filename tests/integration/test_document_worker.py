"""A document requested in the portal is rendered by a real worker through the broker."""

import time

import pytest
from django.core.management import call_command
from django.db import transaction

from assessments.models import Agency, Membership
from ita_portal.thai import thai_digits
from reports import services
from reports.models import GeneratedDocument
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_the_worker_renders_a_requested_document(celery_worker_process):
    # The worker runs the real kinds of reports.documents (it cannot see a test's fakes).
    from reports import documents

    assert "progress" in documents.KINDS
    call_command("load_catalogue", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    agency = Agency.objects.get(name="ทุ่งโพธิ์")
    coordinator = MembershipFactory(agency=agency, role=Membership.Role.COORDINATOR).user
    layout = documents.KINDS["progress"].layouts[0][0]

    with transaction.atomic():
        document = services.document_request(
            agency=agency, kind="progress", fiscal_year=2566, round=12, layout=layout, user=coordinator
        )
    # on_commit sent the task to the broker; the worker renders it.
    assert wait_for(
        lambda: (
            GeneratedDocument.objects.get(pk=document.pk).status
            in (GeneratedDocument.Status.DONE, GeneratedDocument.Status.FAILED)
        )
    ), "the worker did not finish the document"
    document.refresh_from_db()
    try:
        assert document.status == GeneratedDocument.Status.DONE, document.error
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert len(document.sha256) == 64 and document.pages >= 1
        assert document.attempts == 1
    finally:
        if document.file:
            document.file.storage.delete(document.file.name)
    assert celery_worker_process.poll() is None


def test_a_long_document_is_rendered_in_parts_through_the_broker_and_joined(celery_worker_process):
    from measures.models import Measure, MeasurePlan
    from reports.documents.parts import SINGLE_PART_ROWS
    from reports.models import DocumentPart

    call_command("load_catalogue", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    agency = Agency.objects.get(name="ทุ่งโพธิ์")
    plan = MeasurePlan.objects.get(agency=agency, fiscal_year=2566)
    sources = list(plan.measures.order_by("number"))
    for number in range(len(sources) + 1, SINGLE_PART_ROWS + 21):
        source = sources[number % len(sources)]
        Measure.objects.create(plan=plan, number=number, title=f"{source.title} (ชุดที่ {number})", steps=source.steps)
    coordinator = MembershipFactory(agency=agency, role=Membership.Role.COORDINATOR).user

    with transaction.atomic():
        document = services.document_request(
            agency=agency, kind="progress", fiscal_year=2566, round=12, layout="seed002", user=coordinator
        )
    assert wait_for(
        lambda: (
            GeneratedDocument.objects.get(pk=document.pk).status
            in (GeneratedDocument.Status.DONE, GeneratedDocument.Status.FAILED)
        )
    ), "the worker did not finish the document"
    document.refresh_from_db()
    try:
        assert document.status == GeneratedDocument.Status.DONE, document.error
        assert document.parts_total == 3  # the cover and the table in two parts, each a task
        assert not DocumentPart.objects.filter(document=document).exists()
        from tests.reports.pdf_helpers import appears, pages_text

        with document.file.open("rb") as handle:
            pages = pages_text(handle.read())
        assert len(pages) == document.pages
        assert pages[-1].endswith(f"-{thai_digits(len(pages))}-")
        assert appears(f"(ชุดที่ {SINGLE_PART_ROWS + 20})", pages)
    finally:
        if document.file:
            document.file.storage.delete(document.file.name)
