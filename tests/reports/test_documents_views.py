"""Every document view × every role: own agency, another agency, the overseer, anonymous; GET and POST."""

# ruff: noqa: F811  (the fixtures imported from test_documents_support are then requested by name)
import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import GeneratedDocument
from tests.reports.test_documents_support import fake_kinds, login, world  # noqa: F401

Status = GeneratedDocument.Status

READ = {"coordinator": 200, "staff": 200, "approver": 200, "overseer": 200, "other_agency": 404, "anonymous": 302}
CREATE = {"coordinator": 200, "staff": 403, "approver": 403, "overseer": 403, "other_agency": 404, "anonymous": 302}
ROLES = list(READ)
FORM = {"kind": "progress", "fiscal_year": "2567", "round": "12", "layout": "landscape"}


@pytest.fixture
def done(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(
            agency=world.plan.agency,
            kind="progress",
            fiscal_year=2567,
            round=12,
            layout="portrait",
            user=world.users["coordinator"],
        )
    document.refresh_from_db()
    return document


@pytest.fixture
def failed(world, done):
    GeneratedDocument.objects.filter(pk=done.pk).update(status=Status.FAILED, error="สร้างเอกสารไม่สำเร็จ: พัง")
    done.refresh_from_db()
    return done


def urls(world, document):
    agency_id = world.plan.agency_id
    return {
        "list": (reverse("reports:documents", args=[agency_id]), READ),
        "new": (reverse("reports:document_new", args=[agency_id]), CREATE),
        "status": (reverse("reports:document", args=[document.pk]), READ),
        "download": (reverse("reports:document_download", args=[document.pk]), READ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["list", "new", "status", "download"])
def test_get_is_allowed_exactly_for_the_right_roles(world, done, login, view, role):
    url, expected = urls(world, done)[view]
    response = login(world.users[role]).get(url)
    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_may_generate(world, login, role, django_capture_on_commit_callbacks):
    url = reverse("reports:document_new", args=[world.plan.agency_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.users[role]).post(url, FORM)
    if role == "coordinator":
        document = GeneratedDocument.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:document", args=[document.pk])
        assert (document.layout, document.round, document.status) == ("landscape", 12, Status.DONE)
    else:
        assert response.status_code == CREATE[role]
        assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_may_retry(world, failed, login, role, django_capture_on_commit_callbacks):
    url = reverse("reports:document_retry", args=[failed.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.users[role]).post(url)
    failed.refresh_from_db()
    if role == "coordinator":
        assert response.status_code == 302
        assert failed.status == Status.DONE
    else:
        assert response.status_code == {**CREATE, "other_agency": 404}[role]
        assert failed.status == Status.FAILED


@pytest.mark.parametrize("view", ["list", "status", "download"])
def test_read_only_views_refuse_post(world, done, login, view):
    url, _ = urls(world, done)[view]
    assert login(world.users["coordinator"]).post(url).status_code == 405


def test_retry_refuses_get(world, failed, login):
    url = reverse("reports:document_retry", args=[failed.pk])
    assert login(world.users["coordinator"]).get(url).status_code == 405


def test_ids_of_another_agency_reveal_nothing(world, done, login):
    client = login(world.users["other_agency"])
    for url, _ in urls(world, done).values():
        response = client.get(url)
        assert response.status_code == 404
        assert "ทุ่งทดลอง" not in response.content.decode()
        assert done.sha256 not in response.content.decode()


def test_a_refusal_is_explained_in_thai(world, login):
    response = login(world.users["staff"]).get(reverse("reports:document_new", args=[world.plan.agency_id]))
    assert "ผู้ประสานงาน" in response.content.decode()


def test_the_list_shows_every_version_newest_first(world, done, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.users["coordinator"]).post(
            reverse("reports:document_new", args=[world.plan.agency_id]), {**FORM, "layout": "portrait"}
        )
    response = login(world.users["staff"]).get(reverse("reports:documents", args=[world.plan.agency_id]))
    html = response.content.decode()
    second = GeneratedDocument.objects.get(version=2)
    assert html.index(reverse("reports:document", args=[second.pk])) < html.index(
        reverse("reports:document", args=[done.pk])
    )
    assert done.sha256[:12] in html and second.sha256[:12] in html
    assert "รายงานผลการดำเนินงาน" in html
    assert reverse("reports:document_download", args=[done.pk]) in html
    assert "สร้างเอกสาร</button>" not in html  # staff see the list, not the form


def test_the_coordinator_sees_the_form_on_the_list(world, login):
    html = login(world.users["coordinator"]).get(reverse("reports:documents", args=[world.plan.agency_id]))
    assert "สร้างเอกสาร</button>" in html.content.decode()


def test_nothing_to_print_shows_the_thai_error_on_the_form(world, login):
    response = login(world.users["coordinator"]).post(
        reverse("reports:document_new", args=[world.plan.agency_id]), {**FORM, "fiscal_year": "2560"}
    )
    assert response.status_code == 200
    assert "ไม่มีแผนมาตรการ" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_a_missing_round_is_shown_on_its_field(world, login):
    response = login(world.users["coordinator"]).post(
        reverse("reports:document_new", args=[world.plan.agency_id]), {**FORM, "round": ""}
    )
    assert response.status_code == 200
    assert "ต้องเลือกรอบ" in response.content.decode()


def test_a_pending_page_polls_itself_and_has_a_noscript_refresh(world, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        login(world.users["coordinator"]).post(reverse("reports:document_new", args=[world.plan.agency_id]), FORM)
    GeneratedDocument.objects.update(dispatched_at=timezone.now())  # sent to the broker, not yet taken
    document = GeneratedDocument.objects.get()
    url = reverse("reports:document", args=[document.pk])
    html = login(world.users["staff"]).get(url).content.decode()
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 500ms"' in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "<html" in html


def test_htmx_gets_only_the_status_fragment(world, done, login):
    url = reverse("reports:document", args=[done.pk])
    html = login(world.users["staff"]).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="document-status"')
    assert "hx-trigger" not in html  # done: polling stops
    assert done.sha256 in html
    assert reverse("reports:document_download", args=[done.pk]) in html


def test_a_finished_document_downloads_and_its_coordinator_can_send_it_in_a_memo(world, done, login):
    url = reverse("reports:document", args=[done.pk])
    download = reverse("reports:document_download", args=[done.pk])
    propose = f"{reverse('reports:memo_new', args=[world.plan.agency_id])}?documents={done.pk}"

    html = login(world.users["coordinator"]).get(url).content.decode()
    staff_html = login(world.users["staff"]).get(url).content.decode()

    # The button says "download", so it saves the file (the view answers inline for the memo's links).
    assert f'href="{download}" download>' in html
    assert propose in html and "เสนอผ่านบันทึกข้อความ" in html
    assert propose not in staff_html


def test_a_failed_document_shows_the_thai_error_and_retry_for_the_coordinator(world, failed, login):
    url = reverse("reports:document", args=[failed.pk])
    html = login(world.users["coordinator"]).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "สร้างเอกสารไม่สำเร็จ: พัง" in html and "ลองใหม่" in html and "hx-trigger" not in html
    staff_html = login(world.users["staff"]).get(url).content.decode()
    assert "สร้างเอกสารไม่สำเร็จ: พัง" in staff_html and "ลองใหม่" not in staff_html


def test_the_download_is_the_pdf_inline_with_a_thai_name(world, done, login):
    response = login(world.users["overseer"]).get(reverse("reports:document_download", args=[done.pk]))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="progress-')
    assert "filename*=UTF-8''%E0%B8%A3%E0%B8%B2%E0%B8%A2" in disposition  # ราย…
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_document_not_done_cannot_be_downloaded(world, failed, login):
    response = login(world.users["coordinator"]).get(reverse("reports:document_download", args=[failed.pk]))
    assert response.status_code == 404


def test_a_lost_file_is_a_404(world, done, login):
    done.file.storage.delete(done.file.name)
    response = login(world.users["coordinator"]).get(reverse("reports:document_download", args=[done.pk]))
    assert response.status_code == 404


def test_an_abandoned_rendering_offers_retry_to_the_coordinator(world, done, login):
    from datetime import timedelta

    from django.utils import timezone

    GeneratedDocument.objects.filter(pk=done.pk).update(
        status=Status.RENDERING, started_at=timezone.now() - timedelta(minutes=10)
    )
    html = login(world.users["coordinator"]).get(reverse("reports:document", args=[done.pk])).content.decode()
    assert "ลองใหม่" in html and "นานผิดปกติ" in html


def test_a_link_can_fill_the_form_in_and_the_years_with_data_are_listed(world, login):
    client = login(world.users["coordinator"])
    url = reverse("reports:documents", args=[world.plan.agency_id])
    html = client.get(url + "?kind=plan&fiscal_year=2566&round=6").content.decode()
    assert '<option value="plan" selected>' in html
    assert 'name="fiscal_year" value="2566"' in html
    assert '<option value="6" selected>' in html
    assert "มีแผนมาตรการปี ๒๕๖๗" in html and "มีผลการประเมินปี" not in html
    # Without a query the form proposes the latest plan year.
    assert 'name="fiscal_year" value="2567"' in client.get(url).content.decode()
