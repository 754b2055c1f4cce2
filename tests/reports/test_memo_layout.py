"""Seed 000's memo measured against the checklist of docs/memo-format.md §6, with numbers.

The PDF is read back with pdfplumber: every glyph's font, size and position (points, origin at the
top left of the page; a line is the glyphs on one baseline).  Sizes are TH SarabunPSK points: the
PDFs' font is Laksaman with TH SarabunPSK's metrics (reports/pdf/fonts.py).
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

import pdfplumber
import pytest
from django.core.management import call_command

from reports.memos import pdf as memo_pdf
from tests.reports.test_memo_pdf import seed_snapshot

CM = 72 / 2.54
A4 = (21 * CM, 29.7 * CM)
LEFT = 3 * CM  # §6.2
RIGHT = A4[0] - 2 * CM  # §6.3
BOTTOM = A4[1] - 2 * CM  # §1.5 (practice: about 2 cm)
TOP_LATER_PAGES = 2.5 * CM  # base_pdf.html's @page; page 1 has the 1.5 cm Garuda line instead
INDENT = 2.5 * CM  # §6.12
BEFORE = 6  # §6.11
LABELS = ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง")
# The first words of seed 000's body paragraphs and of the approval blocks' paragraphs.
PARAGRAPHS = ("ตามที่", "ดังนั้น", "การประเมินแบบวัด", "หากเห็นชอบ", "เห็นชอบ", "เห็นควรเสนอ", "ทราบ")
ARABIC = re.compile(r"[0-9]")


@dataclass
class Line:
    page: int
    baseline: float
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    def sizes(self) -> set[float]:
        return {round(c["size"], 1) for c in self.chars}


def read_lines(content: bytes) -> tuple[list[Line], list[tuple[float, float]]]:
    """Every line of every page in reading order, and each page's size."""
    lines, pages = [], []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            pages.append((float(page.width), float(page.height)))
            rows: dict[float, list[dict]] = {}
            for char in page.chars:
                # The text matrix's f is the baseline (PDF coordinates, from the bottom).
                rows.setdefault(round(float(page.height) - char["matrix"][5], 1), []).append(char)
            for baseline in sorted(rows):
                lines.append(Line(number, baseline, sorted(rows[baseline], key=lambda c: c["x0"])))
    return lines, pages


def find(lines: list[Line], start: str) -> Line:
    found = [line for line in lines if line.text.startswith(start)]
    assert found, f"no line starts with {start!r}"
    return found[0]


def before(lines: list[Line], line: Line) -> Line:
    previous = lines[lines.index(line) - 1]
    assert previous.page == line.page, f"{line.text!r} starts a page"
    return previous


def label_run(line: Line, label: str) -> tuple[list[dict], list[dict]]:
    """The line's glyphs of `label` and those of the value after it."""
    assert line.text.startswith(label)
    return line.chars[: len(label)], line.chars[len(label) :]


@pytest.fixture(scope="module")
def memo():
    return read_lines(memo_pdf.render_memo(seed_snapshot()).content)


@pytest.fixture(scope="module")
def lines(memo):
    return memo[0]


@pytest.fixture(scope="module")
def pitch(lines):
    """The body's line pitch: between the wrapped lines of one paragraph."""
    first = find(lines, "ดังนั้น")
    following = lines[lines.index(first) : lines.index(first) + 4]
    steps = {round(b.baseline - a.baseline, 1) for a, b in itertools.pairwise(following)}
    assert len(steps) == 1, steps
    return steps.pop()


def test_every_page_is_a4_portrait(memo):
    _, pages = memo
    for width, height in pages:
        assert (width, height) == (pytest.approx(A4[0], abs=1), pytest.approx(A4[1], abs=1))


def test_the_heading_is_bold_29_pt_centred_on_the_page_on_the_garuda_line(lines):
    title = find(lines, "บันทึกข้อความ")
    assert title.sizes() == {29.0}
    assert all("Bold" in c["fontname"] for c in title.chars)
    assert (title.x0 + title.x1) / 2 == pytest.approx(A4[0] / 2, abs=2)
    # The Garuda line: a 1.5 cm box whose top is 1.5 cm below the paper's top (§6.4, §6.6).
    assert 1.5 * CM < title.baseline <= 3 * CM
    assert [line.page for line in lines if line.text == "บันทึกข้อความ"] == [1]


def test_the_labels_are_bold_20_pt_and_their_values_16_pt_regular(lines):
    division, number, subject = find(lines, "ส่วนราชการ"), find(lines, "ที่"), find(lines, "เรื่อง")
    date_at = number.text.index("วันที่")
    runs = [
        label_run(division, "ส่วนราชการ"),
        label_run(Line(1, 0, number.chars[:date_at]), "ที่"),
        label_run(Line(1, 0, number.chars[date_at:]), "วันที่"),
        label_run(subject, "เรื่อง"),
    ]
    for label, (glyphs, value) in zip(LABELS, runs, strict=True):
        assert {round(c["size"], 1) for c in glyphs} == {20.0}, label
        assert all("Bold" in c["fontname"] for c in glyphs), label
        assert {round(c["size"], 1) for c in value} == {16.0}, label
        assert not any("Bold" in c["fontname"] for c in value), label
    # วันที่ starts near the middle of the text area (§6.8).
    assert number.chars[date_at]["x0"] == pytest.approx((LEFT + RIGHT) / 2, abs=6)


def test_the_body_is_16_pt_th_sarabunpsk_embedded_in_the_pdf(lines):
    header = {id(find(lines, label)) for label in ("บันทึกข้อความ", "ส่วนราชการ", "ที่", "เรื่อง")}
    esign = [line for line in lines if line.text.startswith("ลงนามอิเล็กทรอนิกส์")]
    assert len(esign) == 3 and all(line.sizes() == {12.0} for line in esign)
    body = [line for line in lines if id(line) not in header and line not in esign]
    assert len(body) > 30
    for line in body:
        assert line.sizes() == {16.0}, line.text
    # Embedded subsets ("ABCDEF+…") of the TH SarabunPSK family the templates name.
    fonts = {c["fontname"] for line in lines for c in line.chars}
    assert {re.sub(r"^[A-Z]{6}\+", "", name) for name in fonts} <= {
        "TH-SarabunPSK",
        "TH-SarabunPSK-Bold",
        "TH-SarabunPSK-Italic",
    }
    assert all(re.match(r"^[A-Z]{6}\+", name) for name in fonts)


def test_the_margins_are_3_cm_left_2_cm_right_and_2_cm_at_the_bottom(lines):
    assert min(line.x0 for line in lines) == pytest.approx(LEFT, abs=2)
    assert max(line.x1 for line in lines) <= RIGHT
    assert max(c["bottom"] for line in lines for c in line.chars) <= BOTTOM
    # Every line that starts near the left edge starts at the margin.
    assert all(line.x0 == pytest.approx(LEFT, abs=1) for line in lines if line.x0 < LEFT + 10)
    # Pages 2 and later: the page number "- ๒ -" above the 2.5 cm margin, the text below it.
    later = [line for line in lines if line.page > 1]
    assert later, "seed 000's memo has two pages"
    numbers = [line for line in later if re.fullmatch(r"- [๐-๙]+ -", line.text)]
    assert numbers and all(line.baseline < TOP_LATER_PAGES for line in numbers)
    assert all(min(c["top"] for c in line.chars) >= TOP_LATER_PAGES - 1 for line in later if line not in numbers)


def test_the_body_has_one_line_pitch_and_6_pt_more_before_each_paragraph(lines, pitch):
    assert pitch == pytest.approx(memo_pdf.BODY_LINE_PT, abs=0.2)
    starts = [find(lines, "เรียน"), find(lines, "สิ่งที่ส่งมาด้วย")]
    starts += [line for line in lines if re.match(r"^[๐-๙]+\. ", line.text)]  # section headings
    starts += [line for line in lines if line.text.startswith(PARAGRAPHS)]
    assert len(starts) == 2 + 4 + 4 + 4  # เรียน, enclosures; 4 headings, 4 paragraphs; 4 in the approvals
    for line in starts:
        gap = line.baseline - before(lines, line).baseline
        assert gap >= pitch + BEFORE - 0.3, f"{line.text[:20]!r}: {gap:.1f} pt after the line above"
    # เรื่อง: 6 pt more than between the label lines above it.
    division, number, subject = find(lines, "ส่วนราชการ"), find(lines, "ที่"), find(lines, "เรื่อง")
    label_pitch = number.baseline - division.baseline
    assert subject.baseline - number.baseline >= label_pitch + BEFORE - 0.3


def test_every_paragraph_starts_2_5_cm_in_and_its_other_lines_at_the_margin(lines):
    for line in lines:
        if line.text.startswith(PARAGRAPHS):
            assert line.x0 == pytest.approx(LEFT + INDENT, abs=1), line.text
    first = find(lines, "ดังนั้น")
    assert all(line.x0 == pytest.approx(LEFT, abs=1) for line in lines[lines.index(first) + 1 : lines.index(first) + 4])
    # The enclosures start at the same 2.5 cm tab, on every line.
    enclosure = find(lines, "สิ่งที่ส่งมาด้วย")
    _, value = label_run(enclosure, "สิ่งที่ส่งมาด้วย")
    assert value[0]["x0"] == pytest.approx(LEFT + INDENT, abs=1)
    assert lines[lines.index(enclosure) + 1].x0 == pytest.approx(LEFT + INDENT, abs=1)


def test_every_digit_is_thai_including_the_e_signature_references(lines):
    text = "\n".join(line.text for line in lines)
    assert not ARABIC.search(text), ARABIC.findall(text)
    references = re.findall(r"เลขอ้างอิง (\S+)", text)
    assert references == ["M-๑๒-๓F๙A", "M-๑๒-๔A๑๗", "M-๑๒-๕๒C๐"]


@pytest.mark.django_db
def test_the_demo_memo_prints_its_e_signature_reference_in_thai_digits(catalogue, settings, tmp_path):
    from reports.memos.final import memo_snapshot
    from reports.models import Memo

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--with-memo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    memo = Memo.objects.get()
    event = memo.events.filter(action="submit").get()
    assert ARABIC.search(event.reference)  # stored as M<memo>-<event>, e.g. M1-0002
    lines, _ = read_lines(memo_pdf.render_memo(memo_snapshot(memo)).content)
    text = "\n".join(line.text for line in lines)
    assert f"เลขอ้างอิง {memo_pdf.thai_digits(event.reference)}" in text
    assert not ARABIC.search(text), ARABIC.findall(text)
