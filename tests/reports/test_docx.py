"""Word (.docx) copies (reports.docx): each kind opens in LibreOffice and reads as its PDF; the
Word-level furniture (TH SarabunPSK, repeated headers, landscape sections, Thai page numbers).

The comparison converts every .docx in one LibreOffice run and reads both PDFs with
tests/reports/docx_support.py, which says what is set aside (page-number stamps, repeated
header rows, rows cut by a page break).  Needs `soffice` (libreoffice-writer-nogui): without it
the test fails, it is not skipped.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from ita_portal import thai
from reports.documents import KINDS, render_pdf
from reports.docx import build_docx
from reports.memos.final import memo_snapshot
from reports.memos.pdf import render_memo
from tests.reports import docx_support as support
from tests.reports.memo_support import new_memo
from tests.reports.test_memo_pdf import seed_snapshot

# (name, kind, agency, fiscal year, round, layout): the demo data's documents, one per layout.
CASES = [
    ("analysis", "analysis", "วังประจัน", 2564, None, ""),
    ("plan-seed001", "plan", "จันทบเพชร", 2566, None, "seed001"),
    ("plan-seed003", "plan", "จันทบเพชร", 2566, None, "seed003"),
    ("progress-seed000", "progress", "ทุ่งโพธิ์", 2566, 12, "seed000"),
    ("progress-seed002", "progress", "ควนกาหลง", 2564, 12, "seed002"),
    ("progress-seed003", "progress", "จันทบเพชร", 2566, 6, "seed003"),
    ("progress-seed004", "progress", "รอบเวียง", 2566, 12, "seed004"),
    ("oit", "oit", "รอบเวียง", 2569, None, ""),
]
MEMO_TITLE = "บันทึกข้อความ"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def snapshot(demo, kind: str, agency: str, year: int, round_: int | None, layout: str) -> dict:
    return KINDS[kind].build_snapshot(agency=demo[agency], fiscal_year=year, round=round_, layout=layout)


def svg_texts(svg: str) -> list[str]:
    """The words an SVG chart draws (its <text> elements), squashed."""
    root = ET.fromstring(svg)
    return [support.squash("".join(node.itertext())) for node in root.iter("{http://www.w3.org/2000/svg}text")]


def without_charts(text: str, doc: dict) -> str:
    """The analysis PDF's text less the words drawn in its two SVG charts (in Word the charts are
    pictures): WeasyPrint writes each chart's words together, in the SVG's order, after the text
    of the page the chart is on."""
    for chart in ("tool_chart", "indicator_chart"):
        words = "".join(svg_texts(doc[chart]))
        assert words in text, chart
        text = text.replace(words, "", 1)
    return text


@pytest.mark.django_db
def test_every_kind_as_docx_opens_in_libreoffice_and_reads_as_its_pdf(demo, thungpho, tmp_path):
    cases: dict[str, tuple[dict, bytes, bytes]] = {}
    for name, kind, agency, year, round_, layout in CASES:
        doc = snapshot(demo, kind, agency, year, round_, layout)
        cases[name] = (doc, build_docx(kind, doc), render_pdf(kind, doc).content)
    agency, users, document = thungpho
    drafted = memo_snapshot(new_memo(agency, users, document))  # a draft: the chain's blank blocks
    for name, memo in (("memo-draft", drafted), ("memo-signed", seed_snapshot())):
        cases[name] = (memo, build_docx("memo", memo), render_memo(memo).content)

    converted = support.convert({name: case[1] for name, case in cases.items()}, tmp_path)

    differences = []
    for name, (doc, docx, pdf) in cases.items():
        headers, rows = support.docx_tables(docx)
        pdf_pages, docx_pages = support.pdf_pages(pdf), support.pdf_pages(converted[name])
        if name.startswith("memo"):
            # The PDF's title is positioned over the Garuda's line, so WeasyPrint writes it after
            # the rest of page 1; Word has it first.
            assert pdf_pages[0].endswith(MEMO_TITLE) and docx_pages[0].startswith(MEMO_TITLE)
            pdf_pages[0] = pdf_pages[0].removesuffix(MEMO_TITLE)
            docx_pages[0] = docx_pages[0].removeprefix(MEMO_TITLE)
        expected = support.logical_text(pdf_pages, headers, rows)
        got = support.logical_text(docx_pages, headers, rows)
        if name == "analysis":
            expected = without_charts(expected, doc)
        assert len(got) > 500, name
        if expected != got:
            (tmp_path / f"{name}.expected").write_text(expected)
            (tmp_path / f"{name}.got").write_text(got)
            differences.append(f"{name} {support.first_difference(expected, got)}")
    assert not differences, "\n".join(differences)


def run_fonts(document) -> set[tuple[str | None, ...]]:
    fonts = set()
    for element in document.element.body.iter(f"{W}rFonts"):
        fonts.add(tuple(element.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")))
    return fonts


@pytest.mark.django_db
def test_the_docx_names_th_sarabunpsk_repeats_headers_turns_wide_tables_and_numbers_in_thai(demo):
    doc = snapshot(demo, "plan", "จันทบเพชร", 2566, None, "seed003")
    document = Document(io.BytesIO(build_docx("plan", doc)))

    # The font in every slot (Thai is a complex script: w:cs), in Normal and on every run.
    normal = document.styles["Normal"].element.rPr
    fonts = normal.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"TH SarabunPSK"}
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"  # 16 pt for Thai too
    assert normal.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    assert run_fonts(document) == {("TH SarabunPSK",) * 4}

    # The cover is portrait; the seed 003 table is landscape, as in the PDF; pages numbered in Thai.
    orientations = [section.orientation for section in document.sections]
    assert orientations[0] == WD_ORIENT.PORTRAIT and WD_ORIENT.LANDSCAPE in orientations
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers" for s in document.sections)
    assert document.sections[0].different_first_page_header_footer  # no number on the cover
    header = document.sections[0].header._element
    assert "PAGE" in "".join(header.itertext()) and support.squash(header.xpath("string(.)")).startswith("-")

    # The header row repeats on every page and never splits; the columns are the PDF's.
    table = document.tables[0]
    first = table.rows[0]._tr.trPr
    assert first.find(qn("w:tblHeader")) is not None and first.find(qn("w:cantSplit")) is not None
    assert [c.text for c in table.rows[0].cells] == [c["label"] for c in doc["columns"]]
    assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])

    # Thai digits in everything generated: the cover and the item codes.
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ประจำปีงบประมาณ พ.ศ.๒๕๖๖" in text and not re.search(r"[0-9]", doc["fiscal_year_line"])
    assert "O๑๑" in "".join(cell.text for row in table.rows for cell in row.cells)


@pytest.mark.django_db
def test_the_progress_report_is_landscape_and_the_portrait_plan_is_not(demo):
    progress = Document(io.BytesIO(build_docx("progress", snapshot(demo, "progress", "ทุ่งโพธิ์", 2566, 12, "seed000"))))
    plan = Document(io.BytesIO(build_docx("plan", snapshot(demo, "plan", "จันทบเพชร", 2566, None, "seed001"))))

    assert progress.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert {section.orientation for section in plan.sections} == {WD_ORIENT.PORTRAIT}


def test_the_memo_docx_uses_the_official_sizes():
    document = Document(io.BytesIO(build_docx("memo", seed_snapshot())))
    sizes = {}
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.text.strip():
                sizes.setdefault(run.text.strip(), (run.font.size.pt if run.font.size else None, run.bold))

    assert sizes["บันทึกข้อความ"] == (29, True)
    assert sizes["ส่วนราชการ"] == sizes["ที่"] == sizes["วันที่"] == sizes["เรื่อง"] == (20, True)
    # The body is Normal: 16 pt TH SarabunPSK.
    assert document.styles["Normal"].font.size.pt == 16
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ที่ นศ ๗๗๕๐๑/๒๐๓" in text and "วันที่ ๒๙ มีนาคม ๒๕๖๗" in text
    assert f"{thai.thai_digits(1)}. เรื่องเดิม" in text


def test_a_kind_without_a_builder_is_a_key_error():
    with pytest.raises(KeyError):
        build_docx("nothing", {})
