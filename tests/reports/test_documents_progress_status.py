"""What the progress reports print besides the plan (issue 16 items 3 and 5): each measure's status for
the round in every layout, the evidence links when asked for (never broken mid-URL), the status summary
after the table, and the agency's own wording, kept in each document's snapshot.

Rendered with the real WeasyPrint and read back with pypdf (tests/reports/pdf_helpers.py).
"""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader

from assessments import document_wording
from measures.models import Measure, Progress
from reports import services
from reports.documents import KINDS, render_pdf
from reports.documents.evidence import short_url
from reports.models import GeneratedDocument
from tests.factories import EvidenceFactory
from tests.reports.pdf_helpers import appears, measure_rows, pages_text, squash

pytestmark = pytest.mark.django_db

# (agency, fiscal year) of each layout's seed.
SEEDS = {
    "seed000": ("ทุ่งโพธิ์", 2566),
    "seed002": ("ควนกาหลง", 2564),
    "seed003": ("จันทบเพชร", 2566),
    "seed004": ("รอบเวียง", 2566),
}
LONG_URL = "https://www.robwiang.go.th/public/files/ita/2566/o35-report-measures-12-month-round-final.pdf"
# Where the rendered PDFs go for a look (pdftoppm -png -r 60): ITA_PDF_DIR=/tmp/pdfs pytest …
PDF_DIR = os.environ.get("ITA_PDF_DIR")


def snapshot_for(agency, fiscal_year: int, layout: str, **options) -> dict:
    return KINDS["progress"].build_snapshot(agency=agency, fiscal_year=fiscal_year, round=12, layout=layout, **options)


def rendered(snapshot: dict, name: str) -> bytes:
    content = render_pdf("progress", snapshot).content
    if PDF_DIR:
        os.makedirs(PDF_DIR, exist_ok=True)
        with open(os.path.join(PDF_DIR, f"{name}.pdf"), "wb") as handle:
            handle.write(content)
    return content


def link_targets(content: bytes) -> list[str]:
    targets = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/URI"):
                targets.append(str(action["/URI"]))
    return targets


def progress_of(agency, fiscal_year: int, number: int) -> Progress:
    measure = Measure.objects.get(plan__agency=agency, plan__fiscal_year=fiscal_year, number=number)
    return Progress.objects.get_or_create(measure=measure, round=12)[0]


@pytest.mark.parametrize("layout", sorted(SEEDS))
def test_every_layout_prints_each_measures_status_for_the_round(demo, layout):
    name, year = SEEDS[layout]
    agency = demo[name]
    progress = progress_of(agency, year, 1)
    Progress.objects.filter(pk=progress.pk).update(status=Progress.Status.IN_PROGRESS)
    snapshot = snapshot_for(agency, year, layout)
    pages = pages_text(rendered(snapshot, f"status-{layout}"))
    text = "".join(pages)

    rows = measure_rows(snapshot) + [row for group in snapshot["followups"] for row in group["rows"]]
    first = next(row for row in rows if row["number"] == 1)
    assert first["status_label"] == "อยู่ระหว่างดำเนินการ"
    labels = {label for _value, label in Progress.Status.choices}
    for row in rows:
        assert row["status_label"] in labels | {"ยังไม่ได้รายงานผล"}
    if layout in ("seed000", "seed002"):
        # A "สถานะ" column at the end of the table, each row's status in it.
        assert snapshot["columns"][-1] == {"key": "status", "label": "สถานะ", "width": 9}
        for row in rows:
            assert appears(row["status_label"], pages), row["number"]
    elif layout == "seed003":
        for row in rows:
            assert appears(f"สถานะ: {row['status_label']}", pages), row["number"]
    else:
        # seed 004's ☑/☐ lines under each summary of the main table too.
        assert "summary_status" in [column["key"] for column in snapshot["columns"]]
        assert [s["checked"] for s in first["statuses"]] == [False, False, True]
        assert "☑อยู่ระหว่างดำเนินการ" in text
    assert squash("อยู่ระหว่างดำเนินการ") in text


def test_the_status_summary_after_the_table_counts_in_thai_digits(demo):
    agency = demo["ทุ่งโพธิ์"]
    measures = Measure.objects.filter(plan__agency=agency, plan__fiscal_year=2566).order_by("number")
    assert measures.count() == 10
    Progress.objects.filter(measure__in=measures, round=12).update(status=Progress.Status.DONE)
    Progress.objects.filter(measure=measures[0], round=12).update(status=Progress.Status.IN_PROGRESS)
    Progress.objects.filter(measure=measures[1], round=12).update(status=Progress.Status.NOT_STARTED)
    Progress.objects.filter(measure=measures[2], round=12).delete()
    snapshot = snapshot_for(agency, 2566, "seed000")
    summary = snapshot["status_summary"]
    assert summary["heading"] == document_wording.SUMMARY_HEADING
    assert [(item["label"], item["count_text"]) for item in summary["items"]] == [
        ("ดำเนินการแล้วเสร็จ", "๗ มาตรการ"),
        ("อยู่ระหว่างดำเนินการ", "๑ มาตรการ"),
        ("ยังไม่ได้ดำเนินการ", "๑ มาตรการ"),
        ("ยังไม่ได้รายงานผล", "๑ มาตรการ"),
    ]
    assert summary["total_text"] == "๑๐ มาตรการ"
    pages = pages_text(rendered(snapshot, "summary-seed000"))
    assert squash(document_wording.SUMMARY_HEADING) in pages[-1]
    assert "ดำเนินการแล้วเสร็จ๗มาตรการ" in pages[-1] and "รวม๑๐มาตรการ" in pages[-1]


def test_evidence_links_are_printed_only_when_asked_for_and_never_broken(demo):
    agency = demo["ทุ่งโพธิ์"]
    progress = progress_of(agency, 2566, 1)
    EvidenceFactory(progress=progress, title="ประกาศเผยแพร่บนเว็บไซต์", url=LONG_URL)
    EvidenceFactory(progress=progress, title="", url="https://a.go.th/2566")
    EvidenceFactory(progress=progress, title="", url="", file="evidence/1/x.pdf", original_name="รายงาน-2566-รอบ12.pdf")

    without = snapshot_for(agency, 2566, "seed000")
    assert without["options"] == {"evidence_links": False}
    assert all(row["evidence"] == [] for row in measure_rows(without))
    content = rendered(without, "evidence-off-seed000")
    assert "a.go.th/2566" not in "".join(pages_text(content))
    assert link_targets(content) == []

    snapshot = snapshot_for(agency, 2566, "seed000", evidence_links=True)
    assert snapshot["options"] == {"evidence_links": True}
    first = next(row for row in measure_rows(snapshot) if row["number"] == 1)
    assert [e["url"] for e in first["evidence"]] == [LONG_URL, "https://a.go.th/2566", ""]
    long_item = first["evidence"][0]
    assert long_item["url_display"] != LONG_URL and long_item["url_display"].endswith("final.pdf")
    assert "robwiang.go.th…" in long_item["url_display"] and len(long_item["url_display"]) <= 28

    content = rendered(snapshot, "evidence-on-seed000")
    pages = pages_text(content)
    text = "".join(pages)
    # ASCII digits as typed, each shown URL whole on its line; the long one's full URL is the link's target.
    assert "https://a.go.th/2566" in text
    assert squash(long_item["url_display"]) in text
    assert "รายงาน-2566-รอบ12.pdf" in text and "๒๕๖๖-รอบ" not in text
    assert LONG_URL in link_targets(content) and "https://a.go.th/2566" in link_targets(content)
    lines = [line for page in PdfReader(io.BytesIO(content)).pages for line in page.extract_text().splitlines()]
    assert any(long_item["url_display"] in line for line in lines)


def test_evidence_added_after_a_document_shows_in_the_next_one_only(demo):
    agency = demo["รอบเวียง"]
    progress = progress_of(agency, 2566, 1)
    old = snapshot_for(agency, 2566, "seed004", evidence_links=True)
    EvidenceFactory(progress=progress, title="คำสั่งมอบหมายงาน", url="https://robwiang.go.th/order-66.pdf")
    new = snapshot_for(agency, 2566, "seed004", evidence_links=True)
    rows = {row["number"]: row for row in measure_rows(new) + [r for g in new["followups"] for r in g["rows"]]}
    assert rows[1]["evidence"][-1]["url"] == "https://robwiang.go.th/order-66.pdf"
    old_rows = measure_rows(old) + [r for g in old["followups"] for r in g["rows"]]
    assert all(e["url"] != "https://robwiang.go.th/order-66.pdf" for row in old_rows for e in row["evidence"])
    assert "https://robwiang.go.th/order-66.pdf" in "".join(pages_text(rendered(new, "evidence-seed004")))


def test_the_request_form_has_the_evidence_checkbox_and_keeps_the_choice_in_the_snapshot(demo, client, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    monkeypatch.setattr(services, "_dispatch", lambda *args, **kwargs: True)
    agency = demo["ทุ่งโพธิ์"]
    client.force_login(get_user_model().objects.get(username="thungpho.legal"))
    url = reverse("reports:document_new", args=[agency.pk])
    assert "แสดงลิงก์หลักฐาน" in client.get(url).content.decode()
    form = {"kind": "progress", "fiscal_year": "2566", "round": "12", "layout": "seed002"}
    assert client.post(url, {**form, "evidence_links": "on"}).status_code == 302
    assert client.post(url, form).status_code == 302
    documents = GeneratedDocument.objects.filter(agency=agency, kind="progress").order_by("version")
    assert [d.snapshot["options"]["evidence_links"] for d in documents] == [True, False]


def test_the_agency_wording_goes_into_a_new_document_and_an_old_one_keeps_its_own(demo):
    agency = demo["ทุ่งโพธิ์"]
    old = snapshot_for(agency, 2566, "seed000")
    agency.document_wording = document_wording.clean_wording(
        {
            "prepared_by": "สำนักปลัด (งานนิติกร)\nองค์การบริหารส่วนตำบลทุ่งโพธิ์",
            "progress_title": "รายงานผลการดำเนินงาน\nตามมาตรการส่งเสริมคุณธรรม",
            "summary_heading": "สรุปผลการดำเนินงาน",
            "signatories": "นายบัญชา เพชรอนันต์\nนิติกรชำนาญการ\n\n(นายศิวะกานท์ ชูทอง)\nหัวหน้าสำนักปลัด อบต.",
        }
    )
    agency.save(update_fields=["document_wording"])
    new = snapshot_for(agency, 2566, "seed000")
    assert new["prepared_by"] == ["สำนักปลัด (งานนิติกร)", "องค์การบริหารส่วนตำบลทุ่งโพธิ์"]
    assert new["title_lines"] == ["รายงานผลการดำเนินงาน", "ตามมาตรการส่งเสริมคุณธรรม"]
    assert new["heading"].startswith("รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ")
    assert new["signatories"] == [
        {"name": "(นายบัญชา เพชรอนันต์)", "lines": ["นิติกรชำนาญการ"]},
        {"name": "(นายศิวะกานท์ ชูทอง)", "lines": ["หัวหน้าสำนักปลัด อบต."]},
    ]
    pages = pages_text(rendered(new, "wording-seed000"))
    assert squash("จัดทำโดย สำนักปลัด (งานนิติกร)") in pages[0]
    assert squash("รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรม") in pages[0]
    assert squash("สรุปผลการดำเนินงาน") in pages[-1]
    assert squash("(ลงชื่อ)") in pages[-1] and squash("(นายบัญชา เพชรอนันต์) นิติกรชำนาญการ") in pages[-1]

    # The old document was made before: it renders with the wording it had.
    assert old["title_lines"] == document_wording.PROGRESS_TITLE_LINES and old["signatories"] == []
    old_pages = pages_text(rendered(old, "wording-old-seed000"))
    assert squash("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส") in old_pages[0]
    assert "(งานนิติกร)" not in old_pages[0] and "(ลงชื่อ)" not in "".join(old_pages)

    plan = KINDS["plan"].build_snapshot(agency=agency, fiscal_year=2566, layout="seed001")
    assert plan["prepared_by"][0] == "สำนักปลัด (งานนิติกร)" and len(plan["signatories"]) == 2


def test_the_wording_keeps_only_what_differs_from_the_portals_and_refuses_what_cannot_print():
    assert document_wording.clean_wording(dict(document_wording.DEFAULTS)) == {}
    assert document_wording.clean_wording({"plan_title": "  แผน \r\n ปฏิบัติการ  "}) == {"plan_title": "แผน\nปฏิบัติการ"}
    with pytest.raises(Exception) as error:
        document_wording.clean_wording({"signatories": "ก" * 1001})
    assert "ยาวเกิน" in str(error.value)


@pytest.mark.parametrize(
    ("url", "limit", "expected"),
    [
        ("https://a.go.th/x", 40, "https://a.go.th/x"),
        (LONG_URL, 40, "www.robwiang.go.th…"),
        (LONG_URL, 25, "robwiang.go.…"),
        (LONG_URL, 16, "robwian…"),
    ],
)
def test_a_long_url_is_shortened_to_its_host_and_end(url, limit, expected):
    shown = short_url(url, limit)
    assert shown.startswith(expected) and len(shown) <= limit
    assert shown == url or shown.endswith(url[-8:])


def test_the_word_copy_prints_the_status_evidence_summary_and_signatories(demo):
    from docx import Document

    from reports.docx import build_docx

    agency = demo["ควนกาหลง"]
    EvidenceFactory(progress=progress_of(agency, 2564, 1), title="", url=LONG_URL)
    agency.document_wording = {"signatories": "นายบัญชา เพชรอนันต์\nนิติกรชำนาญการ"}
    agency.save(update_fields=["document_wording"])
    snapshot = snapshot_for(agency, 2564, "seed002", evidence_links=True)
    document = Document(io.BytesIO(build_docx("progress", snapshot)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "สถานะ" in cells and any(LONG_URL in cell for cell in cells)
    first = next(row for row in measure_rows(snapshot) if row["number"] == 1)
    assert first["status_label"] in cells
    assert snapshot["status_summary"]["total_text"] in cells
    assert "(นายบัญชา เพชรอนันต์)" in paragraphs and "นิติกรชำนาญการ" in paragraphs
