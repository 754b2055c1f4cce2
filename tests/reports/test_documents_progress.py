"""The progress report PDF (reports.documents, kind "progress"): snapshot, layouts, typography.

Rendered with the real WeasyPrint and read back with pypdf.  Extracted text is compared after
removing whitespace (pypdf puts raised marks and line ends anywhere) and NFC normalisation.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from ita_portal import thai
from measures.models import Measure, MeasurePlan, Progress
from reports.documents import KINDS, render_pdf

ARABIC = re.compile(r"[0-9]")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def pages_text(content: bytes) -> list[str]:
    return [squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages]


def appears(text: str, pages: list[str]) -> bool:
    """`text` (squashed) is on one page, or is a table cell split across two consecutive pages:
    a split row's cells are extracted cell by cell, so its start ends one page's cell and its end
    starts the same cell on the next page."""
    wanted = squash(text)
    if any(wanted in page for page in pages):
        return True
    return any(
        wanted[:cut] in first and wanted[cut:] in second
        for first, second in itertools.pairwise(pages)
        for cut in range(1, len(wanted))
    )


def snapshot_for(agency, fiscal_year: int, round_: int, layout: str) -> dict:
    return KINDS["progress"].build_snapshot(agency=agency, fiscal_year=fiscal_year, round=round_, layout=layout)


def measure_rows(snapshot: dict) -> list[dict]:
    return [line for line in snapshot["lines"] if line["type"] == "measure"]


def check_page_furniture(pages: list[str], snapshot: dict, headers: list[str], *alternatives: list[str]) -> None:
    """Thai page numbers; every table page starts with a header (`headers` or one of `alternatives`,
    for documents with several tables); Thai digits in everything generated."""
    total = len(pages)
    assert total > 1
    for number, text in enumerate(pages[1:], start=2):
        # Page numbers in Thai digits, never Arabic.
        assert f"หน้า{thai.thai_digits(number)}จาก{thai.thai_digits(total)}" in text
        assert not re.search(r"หน้า[0-9]|จาก[0-9]", text)
        # The table header repeats on every table page.
        assert any(all(squash(h) in text for h in header_set) for header_set in (headers, *alternatives)), number
    # The cover is all generated text: Thai digits only.
    assert not ARABIC.search(pages[0])
    for key in ("fiscal_year_line", "round_line", "period_line"):
        assert not ARABIC.search(snapshot[key])
    assert all(not ARABIC.search(row["number_text"]) for row in measure_rows(snapshot))


@pytest.mark.django_db
def test_thungpho_12_month_report_seed000(demo):
    agency = demo["ทุ่งโพธิ์"]
    snapshot = snapshot_for(agency, 2566, 12, "seed000")
    assert json.loads(json.dumps(snapshot)) == snapshot  # JSON-serialisable as it is

    pdf = render_pdf("progress", snapshot)
    assert pdf.content.startswith(b"%PDF")
    pages = pages_text(pdf.content)
    assert pdf.pages == len(pages) > 1
    text = "".join(pages)

    # Cover (page 1).
    cover = pages[0]
    for expected in (
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณพ.ศ.๒๕๖๖",
        "(รอบ๑๒เดือน)",
        "ระหว่างวันที่๑ตุลาคม๒๕๖๕–๓๐กันยายน๒๕๖๖",
        "องค์การบริหารส่วนตำบลทุ่งโพธิ์",
        "อำเภอจุฬารัตน์จังหวัดนครราชสีมา",
        "จัดทำโดยสำนักปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์",
    ):
        assert expected in cover, expected

    # Tool and indicator headings as in seed 000.
    headings = [line["text"] for line in snapshot["lines"] if line["type"] != "measure"]
    assert "๒.๑ มาตรการยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)" in headings
    assert "๒.๒ มาตรการยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)" in headings
    assert "๒.๓ มาตรการยกระดับการเปิดเผยข้อมูลสาธารณะ (OIT)" in headings
    assert "การปฏิบัติหน้าที่" in headings and "การเปิดเผยข้อมูล" in headings
    for heading in headings:
        assert squash(heading) in text, heading

    # Every measure with its number, and the round's results.
    rows = measure_rows(snapshot)
    assert len(rows) == Measure.objects.filter(plan__agency=agency, plan__fiscal_year=2566).count() == 10
    for row in rows:
        assert appears(f"{row['number_text']}. {row['title']}", pages), row["number"]
        assert appears(row["summary"], pages), row["number"]
    assert rows[0]["number_text"] == "๑"
    assert "ดำเนินการส่งเจ้าหน้าที่อบรมเกี่ยวกับการปฏิบัติงานและการให้บริการ" in text

    check_page_furniture(
        pages,
        snapshot,
        [
            "มาตรการ/แนวทาง",
            "ขั้นตอน/วิธีการปฏิบัติ",
            "หน่วยงานผู้รับผิดชอบ",
            "ระยะเวลาดำเนินการ",
            "สรุปผลดำเนินการ",
            "ผลลัพธ์/ความสำเร็จ",
        ],
    )


@pytest.mark.django_db
def test_khuankalong_report_seed002(demo):
    agency = demo["ควนกาหลง"]
    snapshot = snapshot_for(agency, 2564, 12, "seed002")
    pdf = render_pdf("progress", snapshot)
    pages = pages_text(pdf.content)
    assert "องค์การบริหารส่วนตำบลควนกาหลง" in pages[0]
    assert "อำเภอควนกาหลงจังหวัดสตูล" in pages[0]
    assert "ประจำปีงบประมาณพ.ศ.๒๕๖๔" in pages[0]
    assert "(รอบ๑๒เดือน)" in pages[0]
    # Five columns, no tool grouping.
    assert [c["label"] for c in snapshot["columns"]] == [
        "มาตรการ/แนวทาง",
        "วิธีดำเนินการ",
        "ระยะเวลาดำเนินการ",
        "ผู้รับผิดชอบ",
        "ผลการดำเนินการ",
    ]
    assert {line["type"] for line in snapshot["lines"]} == {"measure"}
    rows = measure_rows(snapshot)
    assert len(rows) == 7
    for row in rows:
        assert appears(f"{row['number_text']}. {row['title']}", pages), row["number"]
        for paragraph in row["result"].splitlines():
            assert appears(paragraph, pages), row["number"]
    check_page_furniture(pages, snapshot, ["มาตรการ/แนวทาง", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ผลการดำเนินการ"])


@pytest.mark.django_db
def test_robwiang_report_seed004_with_indicator_summaries(demo):
    snapshot = snapshot_for(demo["รอบเวียง"], 2566, 12, "seed004")
    assert len(snapshot["columns"]) == 7
    # The main table holds the measures; the indicator follow-ups go to per-tool summaries.
    assert (
        len(measure_rows(snapshot))
        == Measure.objects.filter(plan__agency=demo["รอบเวียง"], section=Measure.Section.MEASURE).count()
    )
    groups = snapshot["followups"]
    assert [g["heading"] for g in groups] == [
        "สรุปการประเมิน IIT เพื่อยกระดับการประเมิน",
        "สรุปการประเมิน EIT เพื่อยกระดับการประเมิน",
        "สรุปการประเมิน OIT เพื่อยกระดับการประเมิน",
    ]
    first = groups[0]["rows"][0]
    assert (first["indicator"], first["score_text"]) == ("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "คะแนน ๙๕.๑๗")
    assert groups[2]["rows"][0]["score_text"] == "คะแนน ๑๐๐"
    assert [s["checked"] for s in first["statuses"]] == [True, False, False]

    pages = pages_text(render_pdf("progress", snapshot).content)
    text = "".join(pages)
    for group in groups:
        assert squash(group["heading"]) in text
        for row in group["rows"]:
            assert appears(f"{row['indicator']} {row['score_text']}", pages), row["indicator"]
    assert "☑ดำเนินการแล้วเสร็จ" in text and "☐อยู่ระหว่างดำเนินการ" in text
    check_page_furniture(
        pages,
        snapshot,
        ["ลำดับ", "มาตรการ/กิจกรรม", "วิธีดำเนินการ"],
        ["ตัวชี้วัด", "แนวทางในการยกระดับการประเมิน", "ความก้าวหน้าผลการดำเนินการ"],
    )


@pytest.mark.django_db
def test_six_month_round_title_and_period(demo):
    snapshot = snapshot_for(demo["จันทบเพชร"], 2566, 6, "seed000")
    assert snapshot["round_line"] == "(รอบ ๖ เดือน)"
    assert snapshot["period_line"] == "ระหว่างวันที่ ๑ ตุลาคม ๒๕๖๕ – ๓๑ มีนาคม ๒๕๖๖"
    rows = measure_rows(snapshot)
    assert rows and any(row["summary"] for row in rows)  # seed 003 reports the 6-month round


@pytest.mark.django_db
def test_snapshot_is_frozen(demo):
    agency = demo["ทุ่งโพธิ์"]
    snapshot = json.loads(json.dumps(snapshot_for(agency, 2566, 12, "seed000")))
    first = Measure.objects.get(plan__agency=agency, plan__fiscal_year=2566, number=1)
    old_title = first.title
    first.title = "มาตรการที่แก้ไขภายหลังการออกรายงาน"
    first.save()
    Progress.objects.filter(measure=first).update(summary="ผลที่แก้ไขภายหลัง")

    pages = pages_text(render_pdf("progress", snapshot).content)
    text = "".join(pages)
    assert appears(old_title, pages)
    assert "แก้ไขภายหลัง" not in text
    fresh = snapshot_for(agency, 2566, 12, "seed000")
    assert measure_rows(fresh)[0]["title"] == "มาตรการที่แก้ไขภายหลังการออกรายงาน"


@pytest.mark.django_db
def test_year_without_plan_is_refused_in_thai(demo):
    agency = demo["ทุ่งโพธิ์"]
    assert not MeasurePlan.objects.filter(agency=agency, fiscal_year=2599).exists()
    with pytest.raises(ValidationError) as error:
        snapshot_for(agency, 2599, 12, "seed000")
    message = error.value.messages[0]
    assert "ไม่มีแผนมาตรการ" in message and "๒๕๙๙" in message
    assert not ARABIC.search(message)


@pytest.mark.django_db
def test_bad_round_and_layout_are_refused(demo):
    agency = demo["ทุ่งโพธิ์"]
    with pytest.raises(ValidationError):
        snapshot_for(agency, 2566, 9, "seed000")
    with pytest.raises(ValidationError):
        snapshot_for(agency, 2566, 12, "nope")


def test_registry():
    kind = KINDS["progress"]
    assert kind.needs_round
    assert kind.layout_keys == ["seed000", "seed002", "seed004"]
    assert set(KINDS) == {"progress"}


def test_abbreviations_are_kept_whole_in_the_body_only():
    from reports.documents.render import keep_whole

    html = "<head><title>พ.ศ.๒๕๖๖</title></head><body><td>ทางอบต.ฯ ประจำปี พ.ศ. ๒๕๖๖ &amp; ป.ป.ช.</td></body>"
    out = keep_whole(html)
    assert out.startswith("<head><title>พ.ศ.๒๕๖๖</title></head>")
    assert '<span class="nw">อบต.ฯ</span>' in out
    assert '<span class="nw">พ.ศ. ๒๕๖๖</span>' in out
    assert '<span class="nw">ป.ป.ช.</span>' in out
