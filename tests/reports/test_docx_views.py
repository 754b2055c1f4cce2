"""The Word downloads next to the PDF ones (reports/docx/views.py): a done document's and a memo's.

Every role × agency case is walked by tests/test_isolation.py (rules reports:document_docx and
reports:memo_docx); here: what the files are, where the links are, and what is refused.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from reports.documents import KINDS
from reports.docx import CONTENT_TYPE
from reports.models import GeneratedDocument
from tests.reports.memo_support import new_memo


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def report(thungpho):
    agency, _, document = thungpho
    document.snapshot = KINDS["progress"].build_snapshot(agency=agency, fiscal_year=2566, round=12, layout="seed000")
    document.save(update_fields=["snapshot"])
    return document


@pytest.mark.django_db
def test_a_done_document_is_offered_and_downloaded_as_word_from_its_snapshot(client, thungpho, report):
    _, users, _ = thungpho
    client.force_login(users["office"])
    url = reverse("reports:document_docx", args=[report.pk])

    for page in (reverse("reports:document", args=[report.pk]), reverse("reports:documents", args=[report.agency_id])):
        html = client.get(page).content.decode()
        assert url in html and "ดาวน์โหลด Word (.docx)" in html

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".docx" in disposition and "-v1.docx" in disposition
    text = text_of(response.content)
    assert "รายงานผลการดำเนินการ" in text and "องค์การบริหารส่วนตำบลทุ่งโพธิ์" in text


@pytest.mark.django_db
def test_word_is_refused_like_the_pdf_until_the_document_is_done_and_to_other_agencies(client, thungpho, report):
    _, users, _ = thungpho
    url = reverse("reports:document_docx", args=[report.pk])
    client.force_login(users["other_mayor"])
    assert client.get(url).status_code == 404

    client.force_login(users["office"])
    GeneratedDocument.objects.filter(pk=report.pk).update(status=GeneratedDocument.Status.RENDERING)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_a_broken_snapshot_sends_the_reader_back_with_a_thai_message(client, thungpho, report):
    _, users, _ = thungpho
    GeneratedDocument.objects.filter(pk=report.pk).update(snapshot={"kind": "progress"})
    client.force_login(users["office"])

    response = client.get(reverse("reports:document_docx", args=[report.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("reports:document", args=[report.pk])
    assert "สร้างไฟล์ Word ไม่สำเร็จ" in response.content.decode()


@pytest.mark.django_db
def test_the_memo_page_offers_the_memo_in_word(client, thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document, subject="ขอรายงานผลการดำเนินการ ฉบับ Word")
    client.force_login(users["legal"])
    url = reverse("reports:memo_docx", args=[memo.pk])

    assert url in client.get(reverse("reports:memo", args=[memo.pk])).content.decode()
    response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    assert ".docx" in response["Content-Disposition"]
    text = text_of(response.content)
    assert "บันทึกข้อความ" in text and "ขอรายงานผลการดำเนินการ ฉบับ Word" in text
    client.force_login(users["other_mayor"])
    assert client.get(url).status_code == 404
