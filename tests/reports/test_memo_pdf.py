"""The memo (บันทึกข้อความ) PDF and the final file with attachments (reports.memos.pdf).

Checked against docs/memo-format.md §6 with the real WeasyPrint: text and font sizes read back
with pypdf, positions with ``pdftotext -bbox-layout`` (points, origin at the top left of the page),
the Garuda's place from a rendered PNG.  The snapshot is seed 000's memo.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from ita_portal import thai
from reports.documents.render import render_part
from reports.memos import pdf as memo_pdf
from reports.pdf import fonts
from tests.reports.pdf_helpers import ARABIC, page_number, pages_text, squash

AGENCY = "องค์การบริหารส่วนตำบลทุ่งโพธิ์"
A4 = (595.28, 841.89)
TEXT_LEFT = 85.04  # 3 cm
TEXT_RIGHT = 538.58  # 21 cm − 2 cm
INDENT = 70.87  # 2.5 cm
AXIS = memo_pdf.SIGN_AXIS_CM / 2.54 * 72
BODY_PT = 16
LINE_PITCH = memo_pdf.BODY_LINE_PT
STARTS = ("ตามที่", "ดังนั้น", "การประเมินแบบวัด", "หากเห็นชอบ")  # first words of seed 000's paragraphs
MONTHS = "|".join(thai.MONTHS)
DATE_LINE = re.compile(rf"^วันที่ [๐-๙]{{1,2}} ({MONTHS}) [๐-๙]{{4}}$")  # §6.13
NUMBER_LINE = re.compile(r"^ที่ \S+( \S+)*/(ว ?)?[๐-๙]+$")  # §6.16


def esign(reference: str, time_text: str) -> dict:
    return {"date_text": "๒๙ มีนาคม ๒๕๖๗", "time_text": time_text, "reference": reference}


def seed_snapshot(**changes) -> dict:
    """Seed 000's memo: the legal officer's report, through the head of office and the ปลัด to the นายก."""
    snapshot = {
        "agency": {"full_name": AGENCY},
        "garuda_uri": "",
        "division": f"สำนักปลัด {AGENCY}",
        "phone": "๐-๗๕๓๕-๕๖๓๑",
        "number": "นศ ๗๗๕๐๑/๒๐๓",
        "date_text": "๒๙ มีนาคม ๒๕๖๗",
        "subject": "ขอรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๖",
        "to": f"นายก{AGENCY}",
        "sections": [
            {
                "heading": "เรื่องเดิม",
                "body": "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (ป.ป.ช.) แจ้งให้ทุกส่วนราชการ"
                "เข้าร่วมการประเมินคุณธรรมและความโปร่งใส (Integrity and Transparency Assessment ITA) "
                "ประจำปีงบประมาณ พ.ศ.๒๕๖๗",
            },
            {
                "heading": "ข้อเท็จจริง",
                "body": "ดังนั้น เพื่อให้การประเมินแบบวัดการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency "
                "Assessment OT) ในข้อ ๓๕ การดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน นั้น "
                f"{AGENCY} ได้จัดทำข้อมูลผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
                "ประจำปีงบประมาณ พ.ศ.๒๕๖๖ เรียบร้อยแล้ว (ตามรายละเอียดแนบท้าย)",
            },
            {
                "heading": "ระเบียบ/ข้อกฎหมาย",
                "body": "การประเมินแบบวัดการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment OT) "
                "ข้อ ๓๕ การดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๖",
            },
            {"heading": "ข้อพิจารณา/เสนอแนะ", "body": "หากเห็นชอบ โปรดลงนามในบันทึกข้อความฉบับนี้"},
        ],
        "attachments": [
            "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๖ (รอบ ๑๒ เดือน) ฉบับที่ ๒"
        ],
        "requester": {
            "name": "นายบัญชา เพชรอนันต์",
            "position": "นิติกรชำนาญการ",
            "esign": esign("M-12-3F9A", "๑๔.๓๒ น."),
        },
        "steps": [
            {
                "heading": f"ความเห็นของหัวหน้าสำนักปลัด{AGENCY}",
                "position": "หัวหน้าสำนักปลัด อบต.",
                "name": "นายศิวะกานท์ ชูทอง",
                "decision_label": "เห็นชอบ",
                "comment": f"เห็นควรเสนอนายก{AGENCY}เพื่อโปรดทราบ",
                "date_text": "๒๙ มีนาคม ๒๕๖๗",
                "esign": esign("M-12-4A17", "๑๕.๑๐ น."),
            },
            {
                "heading": f"ความเห็นของปลัด{AGENCY}",
                "position": f"ปลัด{AGENCY}",
                "name": "สืบเอกประจบ เพชรฤทธิ์",
                "decision_label": "เห็นชอบ",
                "comment": "",
                "date_text": "๒๙ มีนาคม ๒๕๖๗",
                "esign": esign("M-12-52C0", "๑๖.๐๕ น."),
            },
            {
                # Recorded at the counter (no e-signature): the decision and date are printed, the
                # signature line stays dotted for the pen.
                "heading": f"ความเห็นนายก{AGENCY}",
                "position": f"นายก{AGENCY}",
                "name": "นายสุชาติ เกิดศิริ",
                "decision_label": "ทราบ",
                "comment": "",
                "date_text": "๒๙ มีนาคม ๒๕๖๗",
                "esign": None,
            },
        ],
        "final_decision": "ทราบ",
    }
    snapshot = copy.deepcopy(snapshot)
    snapshot.update(changes)
    return snapshot


def pending(snapshot: dict) -> dict:
    """The same memo as a draft nobody has acted on (the ปลัด's step not yet assigned to a person)."""
    snapshot = copy.deepcopy(snapshot)
    snapshot.update(number="", date_text="", final_decision="")
    snapshot["requester"]["esign"] = None
    for step in snapshot["steps"]:
        step.update(decision_label="", comment="", date_text="", esign=None)
    snapshot["steps"][1]["name"] = ""
    return snapshot


# --- reading the PDF back ------------------------------------------------------------------------


@dataclass
class Line:
    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
    words: list[tuple[float, float, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Words joined by a space, except pieces of one word that pdftotext split (no gap between them)."""
        out = ""
        previous_end = None
        for x0, x1, word in self.words:
            if previous_end is not None and x0 - previous_end > 1:
                out += " "
            out += word
            previous_end = x1
        return out

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def bbox_lines(content: bytes, tmp_path_factory) -> list[Line]:
    path = tmp_path_factory.mktemp("memo") / "memo.pdf"
    path.write_bytes(content)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xhtml))
    lines = []
    for number, page in enumerate(root.iter(f"{{{ns['h']}}}page"), start=1):
        for element in page.iter(f"{{{ns['h']}}}line"):
            box = [float(element.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            words = [
                (float(w.get("xMin")), float(w.get("xMax")), w.text or "") for w in element.iter(f"{{{ns['h']}}}word")
            ]
            lines.append(Line(number, *box, words=words))
    lines.sort(key=lambda line: (line.page, round(line.y0), line.x0))
    return lines


def find(lines: list[Line], start: str) -> Line:
    """The first line whose squashed text starts with `start` (squashed)."""
    for line in lines:
        if squash(line.text).startswith(squash(start)):
            return line
    raise AssertionError(f"no line starts with {start!r}")


def find_all(lines: list[Line], start: str) -> list[Line]:
    return [line for line in lines if squash(line.text).startswith(squash(start))]


def position(line: Line) -> tuple[int, float]:
    return line.page, line.y0


def text_runs(content: bytes) -> list[tuple[int, str, str, float]]:
    """(page, text, font name, size in points) of every text run, read with pypdf."""
    runs = []
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip() and font is not None:
                scale = abs(float(cm[0]) * float(tm[0])) or 1.0
                runs.append((number, text.strip(), str(font.get("/BaseFont", "")), float(size) * scale))

        page.extract_text(visitor_text=visit)
    return runs


def run_for(runs, text: str):
    for run in runs:
        if squash(run[1]).startswith(squash(text)):
            return run
    raise AssertionError(f"no text run starts with {text!r}")


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pdf():
    return memo_pdf.render_memo(seed_snapshot())


@pytest.fixture(scope="module")
def seed_lines(seed_pdf, tmp_path_factory):
    return bbox_lines(seed_pdf.content, tmp_path_factory)


@pytest.fixture(scope="module")
def long_snapshot():
    snapshot = seed_snapshot()
    facts = snapshot["sections"][1]["body"]
    snapshot["sections"][1]["body"] = "\n\n".join([facts] * 8)
    return snapshot


@pytest.fixture(scope="module")
def long_pdf(long_snapshot):
    return memo_pdf.render_memo(long_snapshot)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """The seed memo with 0–15 one-line paragraphs added to section ๔: the page break moves up
    through the approval blocks and the requester's block."""
    variants = []
    for extra in range(16):
        snapshot = seed_snapshot()
        lines = [f"ข้อเสนอเพิ่มเติมลำดับที่ {thai.thai_digits(n)} เพื่อประกอบการพิจารณา" for n in range(1, extra + 1)]
        snapshot["sections"][3]["body"] += "".join(f"\n{line}" for line in lines)
        rendered = memo_pdf.render_memo(snapshot)
        variants.append((extra, rendered, bbox_lines(rendered.content, tmp_path_factory)))
    return variants


# --- the document --------------------------------------------------------------------------------


def test_the_snapshot_is_plain_json():
    snapshot = seed_snapshot()
    assert json.loads(json.dumps(snapshot, ensure_ascii=False)) == snapshot


def test_the_memo_is_a4_portrait_with_its_title_and_language(seed_pdf):
    assert seed_pdf.content.startswith(b"%PDF")
    with pikepdf.open(io.BytesIO(seed_pdf.content)) as pdf:
        assert len(pdf.pages) == seed_pdf.pages
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            assert box[2] == pytest.approx(A4[0], abs=1) and box[3] == pytest.approx(A4[1], abs=1)
        assert str(pdf.Root.Lang) == "th"
        assert str(pdf.docinfo["/Title"]).startswith("บันทึกข้อความ เรื่อง ขอรายงานผลการดำเนินการ")


def test_the_header_fields_come_in_the_official_order(seed_lines):
    title = find(seed_lines, "บันทึกข้อความ")
    division = find(seed_lines, "ส่วนราชการ")
    number = find(seed_lines, "ที่ ")
    date = find(seed_lines, "วันที่")
    subject = find(seed_lines, "เรื่อง")
    salutation = find(seed_lines, "เรียน")
    assert title.page == division.page == number.page == subject.page == salutation.page == 1
    assert title.y0 < division.y0 < number.y0 < subject.y0 < salutation.y0
    # ที่ and วันที่ on one line, วันที่ starting near the middle of the page.
    assert date.y1 == pytest.approx(number.y1, abs=1)
    assert 290 <= date.x0 <= 340
    assert division.text == f"ส่วนราชการ สำนักปลัด {AGENCY} โทร. ๐-๗๕๓๕-๕๖๓๑"
    assert squash(subject.text) == squash("เรื่อง ขอรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี")
    assert salutation.text == f"เรียน นายก{AGENCY}"
    # The only thing above ส่วนราชการ is the title.
    assert [line for line in seed_lines if line.page == 1 and line.y0 < division.y0] == [title]


def test_the_number_and_date_lines_match_the_official_patterns(seed_lines):
    number, date = find(seed_lines, "ที่ "), find(seed_lines, "วันที่")
    assert number.text == "ที่ นศ ๗๗๕๐๑/๒๐๓"
    assert NUMBER_LINE.match(number.text)
    assert date.text == "วันที่ ๒๙ มีนาคม ๒๕๖๗"
    assert DATE_LINE.match(date.text)
    assert not DATE_LINE.match("วันที่ ๒๙ มี.ค. ๒๕๖๗") and not NUMBER_LINE.match("ที่ นศ 77501/203")


def test_a_draft_has_dotted_number_and_date(tmp_path_factory):
    rendered = memo_pdf.render_memo(pending(seed_snapshot()))
    lines = bbox_lines(rendered.content, tmp_path_factory)
    assert re.fullmatch(r"ที่ \.{6,}", find(lines, "ที่ ").text)
    assert re.fullmatch(r"วันที่ \.{6,}", find(lines, "วันที่").text)


def test_sizes_are_the_th_sarabun_sizes(seed_pdf):
    runs = text_runs(seed_pdf.content)
    title = run_for(runs, "บันทึกข้อความ")
    assert "Bold" in title[2] and title[3] == pytest.approx(29, abs=0.1)
    for label in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง"):
        run = run_for(runs, label)
        assert "Bold" in run[2] and run[3] == pytest.approx(20, abs=0.1), label
    for value in ("สำนักปลัด", "นศ", "๒๙ มีนาคม", "ขอรายงาน", "เรียน", "ตามที่", "ดังนั้น"):
        run = run_for(runs, value)
        assert "Bold" not in run[2] and run[3] == pytest.approx(BODY_PT, abs=0.1), value
    assert {run[2].split("+")[-1].removesuffix("-Bold").removesuffix("-Italic") for run in runs} == {"TH-SarabunPSK"}


def test_the_title_is_centred_on_the_page_on_page_one_only(long_pdf, tmp_path_factory):
    lines = bbox_lines(long_pdf.content, tmp_path_factory)
    titles = [line for line in lines if line.text == "บันทึกข้อความ"]
    assert len(titles) == 1 and titles[0].page == 1
    assert titles[0].centre == pytest.approx(A4[0] / 2, abs=2)


def test_margins_are_3_cm_left_and_2_cm_right(seed_lines, long_pdf, tmp_path_factory):
    for lines in (seed_lines, bbox_lines(long_pdf.content, tmp_path_factory)):
        assert min(line.x0 for line in lines) == pytest.approx(TEXT_LEFT, abs=2)
        assert max(line.x1 for line in lines) <= TEXT_RIGHT
        # Every wrapped body line starts at the margin.
        body = [line for line in lines if line.x0 < TEXT_LEFT + 10 and line.page >= 1]
        assert all(line.x0 == pytest.approx(TEXT_LEFT, abs=2) for line in body)
    # The long body's lines use the width: some come close to the right margin.
    assert max(line.x1 for line in bbox_lines(long_pdf.content, tmp_path_factory)) > TEXT_RIGHT - 25


def test_paragraphs_have_a_2_5_cm_first_line_indent_and_6_pt_before(seed_lines):
    for start in STARTS:
        assert find(seed_lines, start).x0 == pytest.approx(TEXT_LEFT + INDENT, abs=2), start
    # Section headings sit at the margin, numbered in Thai digits.
    for number, heading in (("๑", "เรื่องเดิม"), ("๒", "ข้อเท็จจริง"), ("๓", "ระเบียบ/ข้อกฎหมาย"), ("๔", "ข้อพิจารณา")):
        line = find(seed_lines, f"{number}. {heading}")
        assert line.x0 == pytest.approx(TEXT_LEFT, abs=2)
    # 6 pt more between paragraphs than between the lines of one paragraph.
    heading, first = find(seed_lines, "๒. ข้อเท็จจริง"), find(seed_lines, "ดังนั้น")
    assert first.y0 - heading.y0 == pytest.approx(LINE_PITCH + 6, abs=0.6)
    facts = seed_lines[seed_lines.index(first) : seed_lines.index(first) + 2]
    assert facts[1].y0 - facts[0].y0 == pytest.approx(LINE_PITCH, abs=0.6)
    salutation, enclosure = find(seed_lines, "เรียน"), find(seed_lines, "สิ่งที่ส่งมาด้วย")
    assert enclosure.y0 - salutation.y0 == pytest.approx(LINE_PITCH + 6, abs=0.6)


def test_a_body_with_several_lines_makes_several_paragraphs(tmp_path_factory):
    snapshot = seed_snapshot()
    snapshot["sections"][3]["body"] = "ย่อหน้าแรกของข้อพิจารณา\n\nย่อหน้าที่สองของข้อพิจารณา\nย่อหน้าที่สาม"
    lines = bbox_lines(memo_pdf.render_memo(snapshot).content, tmp_path_factory)
    for start in ("ย่อหน้าแรก", "ย่อหน้าที่สอง", "ย่อหน้าที่สาม"):
        assert find(lines, start).x0 == pytest.approx(TEXT_LEFT + INDENT, abs=2), start
    assert memo_pdf.paragraphs(" a \n\n\n b\r\nc ") == ["a", "b", "c"]


def test_the_attachments_are_listed_after_the_salutation(seed_lines, tmp_path_factory):
    enclosure = find(seed_lines, "สิ่งที่ส่งมาด้วย")
    assert position(find(seed_lines, "เรียน")) < position(enclosure) < position(find(seed_lines, "๑. เรื่องเดิม"))
    assert squash(enclosure.text).startswith(squash("สิ่งที่ส่งมาด้วย รายงานผลการดำเนินการ"))
    snapshot = seed_snapshot(attachments=["แผนการดำเนินงาน", "รายงานการประชุม"])
    text = "".join(pages_text(memo_pdf.render_memo(snapshot).content))
    assert squash("สิ่งที่ส่งมาด้วย ๑. แผนการดำเนินงาน ๒. รายงานการประชุม") in text
    assert "สิ่งที่ส่งมาด้วย" not in "".join(pages_text(memo_pdf.render_memo(seed_snapshot(attachments=[])).content))


def test_there_is_no_closing_formula_and_no_arabic_digit_in_generated_text(seed_pdf):
    snapshot = seed_snapshot()
    text = "".join(pages_text(seed_pdf.content))
    assert "ขอแสดงความนับถือ" not in text
    # The e-signature references too are printed in Thai digits (memo-format §6.15).
    references = [snapshot["requester"]["esign"]["reference"]] + [
        step["esign"]["reference"] for step in snapshot["steps"] if step["esign"]
    ]
    for reference in references:
        assert thai.thai_digits(reference) in text
    assert not ARABIC.search(text)


def test_arabic_digits_in_the_header_and_e_signature_times_are_printed_in_thai_digits():
    snapshot = seed_snapshot(number="นศ 77501/203", date_text="29 มีนาคม 2567", phone="0-7535-5631")
    snapshot["requester"]["esign"]["time_text"] = "14.32 น."
    text = "".join(pages_text(memo_pdf.render_memo(snapshot).content))
    assert squash("ที่ นศ ๗๗๕๐๑/๒๐๓") in text and squash("วันที่ ๒๙ มีนาคม ๒๕๖๗") in text
    assert squash("โทร. ๐-๗๕๓๕-๕๖๓๑") in text and squash("เวลา ๑๔.๓๒ น.") in text


# --- signatures and approval blocks --------------------------------------------------------------


def test_the_requester_block_is_centred_on_the_axis_in_the_right_half(seed_lines):
    assert 310 <= AXIS <= 440
    signature = find(seed_lines, "ลงชื่อ นายบัญชา")
    name, position_line = find(seed_lines, "(นายบัญชา เพชรอนันต์)"), find(seed_lines, "นิติกรชำนาญการ")
    assert signature.y0 < name.y0 < position_line.y0
    # The typed signature itself (without the hanging "ลงชื่อ"), the name and the position share the axis.
    # (Not "every word but ลงชื่อ": pdftotext cuts it into "ลงชื่" and "อ" at the tone mark drawn back over ื.)
    typed = [w for w in signature.words if w[2] in ("นายบัญชา", "เพชรอนันต์")]
    assert (typed[0][0] + typed[-1][1]) / 2 == pytest.approx(AXIS, abs=2)
    assert name.centre == pytest.approx(AXIS, abs=2)
    assert position_line.centre == pytest.approx(AXIS, abs=2)
    assert name.text == "(นายบัญชา เพชรอนันต์)"


def test_every_step_block_is_printed_in_routing_order(seed_lines):
    snapshot = seed_snapshot()
    previous = position(find(seed_lines, "(นายบัญชา เพชรอนันต์)"))
    for step in snapshot["steps"]:
        heading = find(seed_lines, step["heading"])
        assert heading.x0 == pytest.approx(TEXT_LEFT, abs=2)
        signature = find([line for line in seed_lines if position(line) > position(heading)], "ลงชื่อ")
        name = find(seed_lines, f"({step['name']})")
        title = find([line for line in seed_lines if position(line) > position(name)], step["position"])
        date = find([line for line in seed_lines if position(line) > position(title)], "วันที่")
        assert previous < position(heading) < position(signature) < position(name) < position(title) < position(date)
        assert date.text == f"วันที่ {step['date_text']}"
        for line in (name, title, date):
            assert line.centre == pytest.approx(AXIS, abs=2), line.text
        previous = position(date)


def test_the_final_decision_word_is_explicit(seed_lines, tmp_path_factory):
    last = seed_snapshot()["steps"][-1]
    heading = find(seed_lines, last["heading"])
    after = [line for line in seed_lines if position(line) > position(heading)]
    assert after[0].text == "ทราบ"
    assert after[0].x0 == pytest.approx(TEXT_LEFT + INDENT, abs=2)
    # The final decision wins over a differing label of the last step.
    snapshot = seed_snapshot(final_decision="อนุมัติ")
    lines = bbox_lines(memo_pdf.render_memo(snapshot).content, tmp_path_factory)
    after = [line for line in lines if position(line) > position(find(lines, last["heading"]))]
    assert after[0].text == "อนุมัติ"


def test_a_typed_name_stands_as_signature_only_with_an_e_signature(seed_pdf, seed_lines):
    snapshot = seed_snapshot()
    text = "".join(pages_text(seed_pdf.content))
    esign_lines = find_all(seed_lines, "ลงนามอิเล็กทรอนิกส์")
    people = [snapshot["requester"], *snapshot["steps"]]
    assert len(esign_lines) == sum(1 for person in people if person["esign"]) == 3
    for person in people:
        name = squash(person["name"])
        if person["esign"]:
            stamp = person["esign"]
            reference = thai.thai_digits(stamp["reference"])
            expected = f"ลงนามอิเล็กทรอนิกส์ วันที่ {stamp['date_text']} เวลา {stamp['time_text']} เลขอ้างอิง {reference}"
            assert squash(expected) in text
            assert text.count(name) == 2, person["name"]  # the signature and the name in parentheses
            signature = find(seed_lines, f"ลงชื่อ {person['name']}")
            assert find(seed_lines, expected).y0 > signature.y0
        else:
            assert text.count(name) == 1, person["name"]  # only in parentheses
    # The นายก acted at the counter: a dotted line for the pen.
    heading = find(seed_lines, snapshot["steps"][-1]["heading"])
    signature = find([line for line in seed_lines if position(line) > position(heading)], "ลงชื่อ")
    assert re.fullmatch(r"ลงชื่อ \.{20,}", signature.text)


def test_steps_not_acted_on_print_dotted_lines(tmp_path_factory):
    snapshot = pending(seed_snapshot())
    rendered = memo_pdf.render_memo(snapshot)
    lines = bbox_lines(rendered.content, tmp_path_factory)
    text = "".join(pages_text(rendered.content))
    assert "ลงนามอิเล็กทรอนิกส์" not in text
    assert len([line for line in lines if re.fullmatch(r"ลงชื่อ \.{20,}", line.text)]) == 4
    for step in snapshot["steps"]:
        heading = find(lines, step["heading"])
        after = [line for line in lines if position(line) > position(heading)]
        assert after[0].text.startswith("ลงชื่อ")  # no decision, no comment (dotted rules are not text)
        if step["name"]:
            assert after[1].text == f"({step['name']})"
        else:
            assert re.fullmatch(r"\(\.{6,}\)", after[1].text)
        assert after[2].text == step["position"]
        assert re.fullmatch(r"วันที่ \.{6,}", after[3].text)
    assert squash("(นายบัญชา เพชรอนันต์)") in text
    assert "ทราบ" not in text and "เห็นชอบ" not in text.replace("หากเห็นชอบ", "")


# --- pages ---------------------------------------------------------------------------------------


def test_a_long_memo_numbers_its_pages_from_page_two(long_pdf):
    pages = pages_text(long_pdf.content)
    assert long_pdf.pages == len(pages) >= 2
    assert not re.search(r"-[๐-๙0-9]+-$", pages[0])
    for number, text in enumerate(pages[1:], start=2):
        assert text.endswith(page_number(number)), number
    assert squash("บันทึกข้อความ") not in pages[1].replace(squash("ในบันทึกข้อความฉบับนี้"), "")


def test_no_block_splits_across_pages_and_no_signature_is_orphaned(sweep):
    snapshot = seed_snapshot()
    spread = moved = False
    for extra, _rendered, lines in sweep:
        steps = []
        for step in snapshot["steps"]:
            heading = find(lines, step["heading"])
            after = [line for line in lines if position(line) > position(heading)]
            title = find(after, step["position"])
            date = find([line for line in after if position(line) > position(title)], "วันที่")
            assert heading.page == title.page == date.page, (extra, step["heading"])
            steps.append(heading.page)
        spread = spread or len(set(steps)) > 1
        # The requester's signature starts on a page with at least two lines of the body above it.
        signature = find(lines, "ลงชื่อ นายบัญชา")
        body_above = [line for line in lines if line.page == signature.page and 60 < line.y0 < signature.y0]
        assert len(body_above) >= 2, extra
        assert find(lines, "นิติกรชำนาญการ").page == signature.page, extra
        moved = moved or signature.page > 1
    # The sweep did move the page break through the approval blocks and past the requester's block.
    assert spread and moved


# --- Garuda --------------------------------------------------------------------------------------


def red_box(content: bytes, tmp_path, width: int, height: int) -> tuple[float, float, float, float] | None:
    """Left, top, right, bottom (points) of the red pixels of page 1, rendered at 144 dpi."""
    pdf_path = tmp_path / "memo.pdf"
    pdf_path.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "144", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "p")], check=True
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    pixels = image.load()
    xs, ys = [], []
    for y in range(0, image.height // 4):
        for x in range(0, image.width // 2):
            r, g, b = pixels[x, y]
            if r > 200 and g < 60 and b < 60:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return min(xs) / 2, min(ys) / 2, (max(xs) + 1) / 2, (max(ys) + 1) / 2


def test_the_garuda_is_1_5_cm_high_at_the_top_left(tmp_path, tmp_path_factory, settings):
    settings.MEDIA_ROOT = tmp_path  # the renderer reads images from the media folder only
    # A red rectangle stands in for the agency's image (no Garuda is shipped with the project).
    image_path = tmp_path / "emblem.png"
    Image.new("RGB", (200, 230), (230, 0, 0)).save(image_path)
    with_image = memo_pdf.render_memo(seed_snapshot(garuda_uri=image_path.as_uri()))
    left, top, right, bottom = red_box(with_image.content, tmp_path, 200, 230)
    assert left == pytest.approx(TEXT_LEFT, abs=2)
    assert top == pytest.approx(42.52, abs=3)
    assert bottom - top == pytest.approx(42.52, abs=1)
    assert (right - left) / (bottom - top) == pytest.approx(200 / 230, abs=0.03)
    # The title is on the Garuda's line.
    lines = bbox_lines(with_image.content, tmp_path_factory)
    title = find(lines, "บันทึกข้อความ")
    assert top < (title.y0 + title.y1) / 2 < bottom

    # Without an image the space stays blank and the header does not move.
    without = memo_pdf.render_memo(seed_snapshot())
    other = tmp_path / "without"
    other.mkdir()
    assert red_box(without.content, other, 200, 230) is None
    with pikepdf.open(io.BytesIO(without.content)) as pdf:
        assert not any(isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image" for o in pdf.objects)
    plain = bbox_lines(without.content, tmp_path_factory)
    assert find(plain, "ส่วนราชการ").y0 == pytest.approx(find(lines, "ส่วนราชการ").y0, abs=0.1)


def test_only_local_garuda_images_are_accepted():
    with pytest.raises(ValueError):
        memo_pdf.memo_html(seed_snapshot(garuda_uri="https://example.com/garuda.png"))


# --- the final file ------------------------------------------------------------------------------


def attachment(pages: list[str], landscape: bool = False) -> bytes:
    size = "A4 landscape" if landscape else "A4"
    body = "".join(f'<p style="break-after: page">{text}</p>' for text in pages)
    style = f'{fonts.font_face_css()} @page {{ size: {size}; margin: 2cm }} p {{ font-family: "TH SarabunPSK" }}'
    return render_part(f'<html lang="th"><head><style>{style}</style></head><body>{body}</body></html>').content


def test_the_final_file_is_the_memo_then_the_attachments_unchanged(long_snapshot, long_pdf):
    report = attachment(["รายงานผลการดำเนินการ หน้าแรก", "รายงานผลการดำเนินการ หน้าที่สอง"])
    table = attachment(["ตารางสรุปผลการดำเนินการตามมาตรการ"], landscape=True)
    final = memo_pdf.final_pdf(long_snapshot, [report, table])

    memo_pages = pages_text(long_pdf.content)
    pages = pages_text(final.content)
    assert final.pages == len(pages) == len(memo_pages) + 3
    assert pages[: len(memo_pages)] == memo_pages
    assert pages[len(memo_pages) :] == pages_text(report) + pages_text(table)
    # The attachments keep their own page sizes and carry no number of the memo.
    with pikepdf.open(io.BytesIO(final.content)) as pdf:
        sizes = [(round(float(p.mediabox[2])), round(float(p.mediabox[3]))) for p in pdf.pages]
        assert sizes[-1] == (842, 595) and sizes[-2] == (595, 842)
        assert str(pdf.Root.Lang) == "th"
        assert str(pdf.docinfo["/Title"]).startswith("บันทึกข้อความ เรื่อง")
    assert not pages[len(memo_pages)].endswith(page_number(len(memo_pages) + 1))

    assert memo_pdf.final_pdf(long_snapshot, []).pages == long_pdf.pages


def test_an_unreadable_attachment_is_named(seed_pdf):
    with pytest.raises(ValueError, match="สิ่งที่ส่งมาด้วยลำดับที่ ๒"):
        memo_pdf.final_pdf(seed_snapshot(), [seed_pdf.content, b"not a pdf"])
