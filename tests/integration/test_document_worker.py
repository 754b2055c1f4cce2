"""A document requested in the portal is rendered by a real worker through the broker."""

import time

import pytest
from django.core.management import call_command
from django.db import transaction

from assessments.models import Agency, Membership
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
