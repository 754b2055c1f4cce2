"""Long documents: cut into parts, rendered apart (in parallel with a broker), joined and numbered."""

from __future__ import annotations

import copy
import io
import re

import pytest
from pypdf import PdfReader

from ita_portal import thai
from reports import services
from reports.documents import KINDS
from reports.documents.parts import PART_ROWS, SINGLE_PART_ROWS, table_parts
from reports.documents.render import PART_BREAK, html_parts, join_parts, render_html, render_part
from reports.models import DocumentPart, GeneratedDocument
from tests.reports.pdf_helpers import appears, check_page_furniture, pages_text, squash


def lines_with(rows: int, *, every: int = 7) -> list[dict]:
    """A table body: a tool heading, then an indicator heading before every `every` rows."""
    lines: list[dict] = [{"type": "tool", "text": "IIT"}]
    for n in range(1, rows + 1):
        if n % every == 1:
            lines.append({"type": "indicator", "text": f"ตัวชี้วัด {n}"})
        lines.append({"type": "measure", "number": n})
    return lines


def test_a_short_table_is_one_part():
    lines = lines_with(SINGLE_PART_ROWS)
    assert table_parts(lines) == [lines]


@pytest.mark.parametrize("rows", [SINGLE_PART_ROWS + 1, 100, 137, 500])
def test_a_long_table_is_cut_into_balanced_parts_of_whole_rows(rows):
    lines = lines_with(rows)
    parts = table_parts(lines)
    assert [line for part in parts for line in part] == lines  # nothing lost, order kept
    sizes = [sum(1 for line in part if line["type"] == "measure") for part in parts]
    assert len(parts) == -(-rows // PART_ROWS)
    assert max(sizes) - min(sizes) <= len(parts)
    for part in parts:
        assert part[-1]["type"] == "measure"  # a heading never ends a part: it goes with its rows


def test_html_parts_are_whole_documents_with_the_same_head():
    html = f"<html><head><style>p{{}}</style></head><body><p>ปก</p>{PART_BREAK}<p>ตาราง</p>{PART_BREAK}</body></html>"
    parts = html_parts(html)
    assert len(parts) == 2
    assert all(part.startswith("<html><head><style>p{}</style></head><body>") for part in parts)
    assert all(part.endswith("</body></html>") for part in parts)
    assert "ปก" in parts[0] and "ตาราง" in parts[1]


def test_joined_parts_are_numbered_from_page_two_in_thai_digits_on_each_page_size():
    portrait = render_part('<html><body style="font-family: Sarabun"><p>หน้าปก</p></body></html>')
    landscape = render_part(
        "<html><head><style>@page { size: A4 landscape }</style></head>"
        '<body style="font-family: Sarabun"><p>หนึ่ง</p><p style="break-before: page">สอง</p></body></html>'
    )
    joined = join_parts([portrait.content, landscape.content])
    assert joined.pages == 3
    reader = PdfReader(io.BytesIO(joined.content))
    texts = [squash(page.extract_text()) for page in reader.pages]
    assert texts[0] == "หน้าปก"
    assert texts[1:] == ["หนึ่ง-๒-", "สอง-๓-"]
    for page in reader.pages[1:]:
        width = float(page.mediabox.width)
        found: list[tuple[float, float]] = []

        def visit(text, cm, tm, font, size, found=found):
            if re.fullmatch(r"-\s*[๐-๙]+\s*-", text.strip()):
                # the text's origin in page space: the text matrix, then the current transformation
                found.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_text=visit)
        assert found, "no page number"
        (x, y) = found[0]
        height = float(page.mediabox.height)
        # centred over the text block (3 cm left, 2 cm right margins) of this page, portrait or landscape
        text_centre = (3 + (width * 2.54 / 72 - 2)) / 2 * 72 / 2.54
        assert text_centre - 20 < x < text_centre
        assert y > height - 2 * 72 / 2.54  # within 2 cm of the top edge


def long_snapshot(demo, rows: int) -> dict:
    """ทุ่งโพธิ์'s 12-month report with its measure rows repeated up to `rows`."""
    snapshot = KINDS["progress"].build_snapshot(agency=demo["ทุ่งโพธิ์"], fiscal_year=2566, round=12, layout="seed000")
    measures = [line for line in snapshot["lines"] if line["type"] == "measure"]
    lines = []
    for n in range(rows):
        row = copy.deepcopy(measures[n % len(measures)])
        row["number_text"] = thai.thai_digits(n + 1)
        row["title"] = f"{row['title']} (ชุดที่ {thai.thai_digits(n + 1)})"
        lines.append(row)
    snapshot["lines"] = lines
    return snapshot


@pytest.mark.django_db
def test_a_long_report_renders_in_parts_with_continuous_numbers_and_headers(demo):
    snapshot = long_snapshot(demo, SINGLE_PART_ROWS + 20)
    parts = html_parts(render_html("progress", snapshot))
    assert len(parts) == 1 + 2  # the cover, then the table in two parts
    rendered = [render_part(part) for part in parts]
    joined = join_parts([r.content for r in rendered])
    assert joined.pages == sum(r.pages for r in rendered)
    pages = pages_text(joined.content)
    headers = [column["label"] for column in snapshot["columns"]]
    check_page_furniture(pages, snapshot, headers)
    for row in snapshot["lines"]:
        assert appears(row["title"], pages), row["title"]


@pytest.fixture
def in_parallel(monkeypatch):
    """The broker path: parts are sent as tasks (which run inline here, as the unit tests' Celery is eager)."""
    monkeypatch.setattr(services, "_parts_in_parallel", lambda: True)


def queued(demo, snapshot: dict) -> GeneratedDocument:
    return GeneratedDocument.objects.create(
        agency=demo["ทุ่งโพธิ์"],
        kind="progress",
        fiscal_year=2566,
        round=12,
        layout="seed000",
        version=1,
        snapshot=snapshot,
    )


@pytest.mark.django_db
def test_parts_sent_to_workers_are_joined_once_in_order(demo, in_parallel, monkeypatch):
    snapshot = long_snapshot(demo, SINGLE_PART_ROWS + 20)
    document = queued(demo, snapshot)
    stored: list[int] = []
    original = services._store_part

    def spy(document, attempt, index, rendered):
        stored.append(index)
        return original(document, attempt, index, rendered)

    monkeypatch.setattr(services, "_store_part", spy)
    services.document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert document.parts_total == 3 and sorted(stored) == [0, 1, 2]
    assert not DocumentPart.objects.exists()  # the parts are gone once joined
    with document.file.open("rb") as handle:
        pages = pages_text(handle.read())
    assert len(pages) == document.pages
    assert pages[1].endswith("-๒-") and pages[-1].endswith(f"-{thai.thai_digits(len(pages))}-")
    # A late duplicate of a part (a redelivered task) changes nothing.
    sha = document.sha256
    assert services.document_render_part(document_id=document.pk, attempt=document.attempts, index=1) is None
    document.refresh_from_db()
    assert document.sha256 == sha and not DocumentPart.objects.exists()


@pytest.mark.django_db
def test_a_part_of_an_older_attempt_is_ignored(demo, in_parallel, monkeypatch):
    snapshot = long_snapshot(demo, SINGLE_PART_ROWS + 20)
    document = queued(demo, snapshot)
    # The other workers never answer: only part 0 (rendered by the first task) is stored.
    monkeypatch.setattr("reports.tasks.render_document_part.delay", lambda *args: None)
    assert services.document_render(document_id=document.pk) is None
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.RENDERING
    assert list(DocumentPart.objects.values_list("attempt", "index")) == [(1, 0)]
    # A newer attempt took the document over (e.g. retried after the worker died).
    GeneratedDocument.objects.filter(pk=document.pk).update(attempts=2)
    assert services.document_render_part(document_id=document.pk, attempt=1, index=1) is None
    assert DocumentPart.objects.count() == 1


@pytest.mark.django_db
def test_a_failing_part_fails_the_document_with_the_error(demo, in_parallel, monkeypatch):
    snapshot = long_snapshot(demo, SINGLE_PART_ROWS + 20)
    document = queued(demo, snapshot)
    real = services._render_part
    calls = []

    def broken(html):
        calls.append(html)
        if len(calls) == 2:
            raise RuntimeError("ฟอนต์เสีย")
        return real(html)

    monkeypatch.setattr(services, "_render_part", broken)
    from reports.tasks import render_document_part

    monkeypatch.setattr(render_document_part, "max_retries", 0)  # its retries are used up
    with pytest.raises(RuntimeError):
        services.document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert "ฟอนต์เสีย" in document.error
