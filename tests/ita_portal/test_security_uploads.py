"""Uploaded evidence is judged by its content, and no file the portal sends is ever a web page or an SVG."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.models import Evidence, Progress
from tests.measures.conftest import PDF, world  # noqa: F401 (a fixture)

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("ผังกระบวนงาน.svg", SVG, "image/svg+xml"),
        ("ประกาศ.html", HTML, "text/html"),
        ("ประกาศ.pdf", HTML, "application/pdf"),  # the name and the browser's type say PDF; the bytes do not
        ("ภาพกิจกรรม.png", SVG, "image/png"),
    ],
)
def test_an_svg_or_html_file_is_refused_whatever_its_name_says(client, world, name, content, declared):  # noqa: F811
    client.force_login(world.users["staff_own"])
    response = client.post(
        reverse("measures:progress", args=[world.measure.pk, 12]),
        {"version": 0, "status": "done", "files": [SimpleUploadedFile(name, content, content_type=declared)]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"ไฟล์ “{name}” ไม่ใช่ชนิดที่รับ (รับเฉพาะ PDF, PNG, JPEG, Word (.docx) หรือ Excel (.xlsx))" in html
    assert not Progress.objects.filter(measure=world.measure, round=12).exists()
    assert not Evidence.objects.filter(original_name=name).exists()


def test_a_real_pdf_is_accepted_and_kept_with_the_type_found_in_it(client, world):  # noqa: F811
    client.force_login(world.users["staff_own"])
    client.post(
        reverse("measures:progress", args=[world.measure.pk, 12]),
        {"version": 0, "status": "done", "files": [SimpleUploadedFile("รายงาน.png", PDF, content_type="image/png")]},
    )
    evidence = Evidence.objects.get(original_name="รายงาน.png")
    assert evidence.content_type == "application/pdf"
    assert evidence.file.name.endswith("/รายงาน.pdf")  # stored under the extension of what it is


@pytest.mark.parametrize("stored_type", ["text/html", "image/svg+xml", ""])
def test_a_file_of_any_other_type_is_only_ever_a_download(client, world, stored_type):  # noqa: F811
    """Rows from before the content check (or edited by hand) are sent as attachments, never shown."""
    Evidence.objects.filter(pk=world.evidence.pk).update(content_type=stored_type)
    client.force_login(world.users["staff_own"])
    response = client.get(reverse("measures:evidence", args=[world.evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_generated_report_is_sent_as_what_it_is_a_pdf(client, thungpho):
    _agency, users, document = thungpho
    client.force_login(users["office"])
    response = client.get(reverse("reports:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"  # shown by the browser's PDF viewer, never as HTML
    assert response["Content-Disposition"].startswith(("inline;", "attachment;"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
