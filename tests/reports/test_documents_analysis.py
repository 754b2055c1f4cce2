"""The analysis report PDF (reports.documents, kind "analysis"), as seed 001: snapshot, sections, typography.

Rendered with the real WeasyPrint and read back with pypdf (tests/reports/pdf_helpers.py). Expected
values are read from the database (the demo data of seed 001), not copied from the snapshot.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from assessments.models import Assessment, Indicator, IndicatorScore, ItemResult
from ita_portal import thai
from reports.documents import KINDS, render_pdf
from reports.documents import analysis_text as text
from tests.reports.pdf_helpers import ARABIC, appears, page_number, pages_text, squash

ITEM_HEADER = "ข้อ ประเด็นการตรวจ ความคิดเห็นของผู้ตรวจ คะแนน"
SECTIONS = [
    "๑. ความเป็นมา",
    "๒. ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบลวังประจัน",
    "๒.๑ คะแนนรายเครื่องมือและคะแนนรวม",
    "๒.๒ คะแนนรายตัวชี้วัด",
    "๒.๓ แผนภูมิแสดงผลการประเมิน",
    "๓. การวิเคราะห์ข้อมูล",
    "๓.๑ จุดแข็ง (ตัวชี้วัดที่ได้คะแนนตั้งแต่ร้อยละ ๘๕ ขึ้นไป) จำนวน ๘ ตัวชี้วัด คือ",
    "๓.๒ จุดที่ต้องปรับปรุงพัฒนา (ตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ ๘๕) จำนวน ๒ ตัวชี้วัด คือ",
    "๔. ข้อเสนอแนะจากผลการประเมิน",
    "๕. ผลการตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) รายข้อ",
    "๖. แนวทางการดำเนินงานเพื่อยกระดับผลการประเมิน",
]


def snapshot_for(agency, fiscal_year: int) -> dict:
    return KINDS["analysis"].build_snapshot(agency=agency, fiscal_year=fiscal_year, round=None, layout="")


def item_page(pages: list[str], result: ItemResult) -> int:
    """The page of the item's table row (its code, text and comment or score, cell after cell)."""
    row = thai.thai_digits(result.item.code) + result.item.name_th + (result.comment or thai.thai_number(result.score))
    return next(n for n, page in enumerate(pages) if squash(row) in page)


def without(page: str, texts: list[str]) -> str:
    for typed in sorted(texts, key=len, reverse=True):
        page = page.replace(squash(typed), "")
    return page


@pytest.mark.django_db
def test_wangprachan_2564_report_follows_seed001(demo):
    agency = demo["วังประจัน"]
    assessment = Assessment.objects.get(agency=agency, fiscal_year=2564)
    snapshot = snapshot_for(agency, 2564)
    assert json.loads(json.dumps(snapshot)) == snapshot  # JSON-serialisable as it is
    assert snapshot["indicator_chart"].startswith("<svg") and snapshot["tool_chart"].startswith("<svg")

    pdf = render_pdf("analysis", snapshot)
    pages = pages_text(pdf.content)
    assert pdf.pages == len(pages)
    assert 8 <= len(pages) <= 16
    text_all = "".join(pages)

    cover = pages[0]
    for expected in (
        "รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
        "ประจำปีงบประมาณพ.ศ.๒๕๖๔",
        "องค์การบริหารส่วนตำบลวังประจัน",
        "อำเภอควนโดนจังหวัดสตูล",
        "จัดทำโดยสำนักปลัด",
    ):
        assert expected in cover, expected
    assert not ARABIC.search(cover)
    for heading in SECTIONS:
        assert squash(heading) in text_all, heading
    assert "มาตรการขั้นตอนหรือวิธีการผู้รับผิดชอบการกำกับติดตาม" not in text_all  # seed 001 §6 is the plan kind
    # Both charts are drawn, their Thai labels kept as text.
    assert "IITน้ำหนักร้อยละ๓๐" in text_all and "จุดแข็ง(ตั้งแต่๘๕คะแนน)" in text_all

    # Total and grade as computed from the stored results (seed 001 publishes 81.86, B).
    total = thai.thai_number(assessment.score_total)
    assert total == "๘๑.๘๖" and assessment.grade == "B"
    assert f"โดยภาพรวมได้คะแนน{total}คะแนน" in text_all
    assert f"คะแนนรวม(ถ่วงน้ำหนัก)ร้อยละ๑๐๐{total}{assessment.grade}" in text_all
    # The letter with its reason, and the 2564 bands (confirmed) under the table.
    assert snapshot["rating_reason"] == "คะแนนรวม ๘๑.๘๖ อยู่ในช่วง ๗๕–๘๔.๙๙ คะแนน"
    assert appears(f"ระดับ B ({snapshot['rating_reason']}) ยังไม่ผ่านเกณฑ์เป้าหมาย", pages)
    assert appears("เกณฑ์ระดับผลการประเมินของ ป.ป.ช. ปี ๒๕๖๔: AA: คะแนนรวม ≥ ๙๕; A: คะแนนรวม ≥ ๘๕;", pages)
    assert "เกณฑ์ยังไม่ยืนยัน" not in text_all
    for code, score in (("IIT", assessment.score_iit), ("EIT", assessment.score_eit), ("OIT", assessment.score_oit)):
        assert appears(f"({code}) ร้อยละ", pages) and thai.thai_number(score) in text_all, code

    # Every indicator with its score; strengths from the highest score down, weaknesses below 85.
    scores = {
        s.indicator.number: s.score
        for s in IndicatorScore.objects.filter(assessment=assessment).select_related("indicator")
    }
    indicators = list(Indicator.objects.filter(framework=assessment.framework).order_by("number"))
    assert len(indicators) == 10
    for indicator in indicators:
        assert appears(f"{thai.thai_digits(indicator.number)}. {indicator.name_th}", pages), indicator.number
        assert appears(f"ตัวชี้วัด{indicator.name_th} ได้คะแนนร้อยละ {thai.thai_number(scores[indicator.number])}", pages)
    names = {i.number: i.name_th for i in indicators}
    strong = sorted((n for n in scores if scores[n] >= 85), key=lambda n: -scores[n])
    weak = sorted((n for n in scores if scores[n] < 85), key=lambda n: -scores[n])
    assert (len(strong), len(weak)) == (8, 2)
    for paragraphs, numbers in ((snapshot["strengths"], strong), (snapshot["weaknesses"], weak)):
        assert [p.split(" โดยรวม")[0] for p in paragraphs] == [
            f"ตัวชี้วัดที่ {thai.thai_digits(n)} {names[n]}" for n in numbers
        ]
        for n, paragraph in enumerate(paragraphs, start=1):
            assert appears(f"({thai.thai_digits(n)}) {paragraph}", pages)
    assert "ต่ำกว่าเกณฑ์ ๘๕ คะแนน อยู่ ๔๑.๒๕ คะแนน" in snapshot["weaknesses"][1]  # 85 − 43.75

    # Every O item with its text, score, the reviewer's comment and the appeal decision.
    results = list(ItemResult.objects.filter(assessment=assessment).select_related("item").order_by("item__order"))
    assert len(results) == 43
    for result in results:
        code, score = thai.thai_digits(result.item.code), thai.thai_number(result.score)
        assert appears(f"{code} {result.item.name_th}", pages), code
        if not result.comment and not result.decision:
            assert appears(f"{code} {result.item.name_th} {score}", pages), code
        if result.comment:
            assert appears(result.comment, pages), code
        if result.decision:
            assert appears(result.decision, pages), code
    assert appears("ผลการพิจารณาคำชี้แจง (๑๒ กรกฎาคม ๒๕๖๔):", pages)
    zero = [r for r in results if r.score == 0]
    assert f"ไม่ได้คะแนน{thai.thai_digits(len(zero))}ข้อ" in text_all
    assert [row["code_text"] for row in snapshot["fixes"]["rows"][:2]] == ["O๔๒", "O๔๓"]  # 12.5 OIT points each

    # The item table's header repeats on the pages it continues on.
    first, last = item_page(pages, results[0]), item_page(pages, results[-1])
    assert last > first
    for number in range(first, last + 1):
        assert squash(ITEM_HEADER) in pages[number], number + 1

    # Thai page numbers; generated numbers in Thai digits (Arabic ones only in stored texts).
    typed = [t for r in results for t in (r.item.name_th, r.comment, r.decision) if t]
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(page_number(number)), number
        assert not ARABIC.search(without(page, typed)), number


@pytest.mark.django_db
def test_snapshot_is_frozen(demo):
    agency = demo["วังประจัน"]
    assessment = Assessment.objects.get(agency=agency, fiscal_year=2564)
    snapshot = json.loads(json.dumps(snapshot_for(agency, 2564)))
    IndicatorScore.objects.filter(assessment=assessment, indicator__number=3).update(score=Decimal("50.00"))
    ItemResult.objects.filter(assessment=assessment, item__code="O17").update(comment="ความเห็นที่แก้ไขภายหลัง")

    pages = pages_text(render_pdf("analysis", snapshot).content)
    text_all = "".join(pages)
    assert "ตัวชี้วัดการใช้อำนาจได้คะแนนร้อยละ๙๗.๕๗" in text_all
    assert "ไม่มีURL" in text_all and "แก้ไขภายหลัง" not in text_all
    fresh = snapshot_for(agency, 2564)
    assert fresh["weakness_count_text"] == "๓" and snapshot["weakness_count_text"] == "๒"
    assert any("ร้อยละ ๕๐.๐๐" in p for p in fresh["weaknesses"])


@pytest.mark.django_db
def test_year_without_assessment_is_refused_in_thai(demo):
    agency = demo["วังประจัน"]
    assert not Assessment.objects.filter(agency=agency, fiscal_year=2599).exists()
    with pytest.raises(ValidationError) as error:
        snapshot_for(agency, 2599)
    message = error.value.messages[0]
    assert "ยังไม่มีผลการประเมิน ITA" in message and "๒๕๙๙" in message and agency.full_name in message
    assert not ARABIC.search(message)


@pytest.mark.django_db
def test_published_scores_without_item_results(demo):
    """รอบเวียง 2566: nine published indicators, no OIT items, the published total."""
    snapshot = snapshot_for(demo["รอบเวียง"], 2566)
    assert snapshot["items"] is None and snapshot["fixes"] is None
    assert snapshot["total_reported"] and snapshot["total_text"] == "๘๗.๗๐"
    assert snapshot["missing"] == ["ตัวชี้วัดที่ ๓ การใช้อำนาจ"]
    pages = pages_text(render_pdf("analysis", snapshot).content)
    text_all = "".join(pages)
    assert "โดยภาพรวมได้คะแนน๘๗.๗๐คะแนน(คะแนนตามที่ประกาศ)" in text_all
    assert "ไม่มีผลการตรวจรายข้อ(OIT)ของปีนี้ในระบบ" in text_all
    assert "จุดที่ต้องปรับปรุงพัฒนา(ตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ๘๕)จำนวน๐ตัวชี้วัด" in text_all
    assert "ไม่มีคะแนนของตัวชี้วัดที่๓การใช้อำนาจในระบบ" in text_all
    # Seed 004 used to print a letter; ITA 2566 gives ผ่าน, with its reason, under a rule not yet confirmed.
    assert (snapshot["grade"], snapshot["rating_confirmed"]) == ("ผ่าน", False)
    reason = "คะแนนรวม ๘๗.๗๐ แต่ยังไม่มีคะแนนครบทุกแบบวัด จึงยังพิจารณาระดับผ่านดีไม่ได้"
    assert snapshot["rating_reason"] == reason
    assert appears(f"ระดับ ผ่าน ({reason}) (เกณฑ์ยังไม่ยืนยัน) ผ่านเกณฑ์เป้าหมาย", pages)
    assert "คะแนนรวม(ถ่วงน้ำหนัก)ตามที่ประกาศร้อยละ๑๐๐๘๗.๗๐ผ่าน" in text_all
    assert appears("เกณฑ์ระดับผลการประเมินของ ป.ป.ช. ปี ๒๕๖๖ (เกณฑ์ยังไม่ยืนยัน): ผ่านดีเยี่ยม:", pages)
    assert squash(ITEM_HEADER) not in text_all
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(page_number(number))
        assert not ARABIC.search(page), number


@pytest.mark.django_db
def test_a_labels_year_report_gives_the_reason_of_its_rating_and_no_tool_letters(demo):
    """อบต.รอบเวียง ITA 2568: 89.25 in all but EIT 84.16, so ผ่าน and not ผ่านดี."""
    snapshot = snapshot_for(demo["รอบเวียง"], 2568)
    assert snapshot["version"] == 2
    reason = "คะแนนรวม ๘๙.๒๕ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี"
    assert (snapshot["grade"], snapshot["rating_reason"], snapshot["rating_confirmed"]) == ("ผ่าน", reason, False)
    assert f"ระดับ ผ่าน ({reason}) (เกณฑ์ยังไม่ยืนยัน)" in snapshot["overall"]
    assert [tool["grade"] for tool in snapshot["tools"]] == ["–", "–", "–"]
    paragraphs = [group["paragraph"] for group in snapshot["recommendations"]]
    assert all("ระดับ" not in paragraph for paragraph in paragraphs)
    assert paragraphs[1].startswith("ผลการประเมินตามแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ได้ ๘๔.๑๖ คะแนน ซึ่งต่ำกว่า")

    pages = pages_text(render_pdf("analysis", snapshot).content)
    assert appears(f"มีคุณธรรมและความโปร่งใสในการดำเนินงานระดับ ผ่าน ({reason}) (เกณฑ์ยังไม่ยืนยัน)", pages)
    assert appears("(เกณฑ์ยังไม่ยืนยัน): ผ่านดีเยี่ยม: คะแนนรวม ≥ ๙๕ และทุกแบบวัด ≥ ๙๕; ผ่านดี:", pages)
    assert appears("ต้องปรับปรุงโดยด่วน: คะแนนรวม ≥ ๐ · เกณฑ์ผ่าน ๘๕ คะแนน", pages)


@pytest.mark.django_db
def test_version_1_snapshots_still_render_their_rating_note(demo):
    snapshot = snapshot_for(demo["วังประจัน"], 2564)
    snapshot["version"] = 1
    snapshot["overall"] = snapshot["overall"].replace(f" ({snapshot['rating_reason']})", "")
    pages = pages_text(render_pdf("analysis", snapshot).content)
    assert appears(f"ระดับ B: {snapshot['rating_reason']}", pages)  # said beside the overall paragraph

    for key in ("rating_reason", "rating_confirmed", "rating_rules_text"):  # taken before the rating rules
        del snapshot[key]
    snapshot["grade_bands_text"] = "AA ≥ ๙๕, A ≥ ๘๕, B ≥ ๗๕, C ≥ ๖๕, D ≥ ๕๕, E ≥ ๕๐, F ≥ ๐"
    pages = pages_text(render_pdf("analysis", snapshot).content)
    assert appears("เกณฑ์ระดับผลการประเมิน: AA ≥ ๙๕, A ≥ ๘๕, B ≥ ๗๕, C ≥ ๖๕, D ≥ ๕๕, E ≥ ๕๐, F ≥ ๐ คะแนน", pages)


@pytest.mark.django_db
def test_previous_year_is_compared(demo):
    agency = demo["วังประจัน"]
    current = Assessment.objects.get(agency=agency, fiscal_year=2564)
    previous = Assessment.objects.create(agency=agency, fiscal_year=2563, framework=current.framework)
    for score in current.indicator_scores.all():
        IndicatorScore.objects.create(assessment=previous, indicator=score.indicator, score=score.score - 2)
    snapshot = snapshot_for(agency, 2564)
    assert snapshot["previous_year_text"] == "๒๕๖๓"
    assert [row["change_text"] for row in snapshot["indicators"]][:8] == ["+๒.๐๐"] * 8
    strongest = snapshot["strengths"][0]
    assert "เมื่อเทียบกับปีงบประมาณ พ.ศ. ๒๕๖๓ ซึ่งได้ ๙๕.๕๗ คะแนน เพิ่มขึ้น ๒.๐๐ คะแนน" in strongest
    text_all = "".join(pages_text(render_pdf("analysis", snapshot).content))
    assert "เทียบกับปี๒๕๖๓" in text_all and "+๒.๐๐" in text_all


def test_registry_puts_the_analysis_first():
    kind = KINDS["analysis"]
    assert next(iter(KINDS)) == "analysis"
    assert not kind.needs_round and kind.layouts == []
    assert kind.template_name == "reports/pdf/analysis.html"
    assert kind.title == "รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"


def test_thai_lists_and_plain_numbers():
    assert text.thai_list(["ก"]) == "ก"
    assert text.thai_list(["ก", "ข", "ค"]) == "ก ข และค"
    assert text.thai_list(["(๑) ก", "(๒) ข"]) == "(๑) ก และ (๒) ข"
    assert text.plain(Decimal("85.00")) == "๘๕" and text.plain(Decimal("87.50")) == "๘๗.๕๐"
    assert text.numbers(["๙", "๑๐"]) == "๙ และ ๑๐"


def test_overall_sentence_says_pass_or_fail():
    common = {"agency_name": "องค์การบริหารส่วนตำบลทดลอง", "fiscal_year": 2567, "reported": False}
    passed = text.overall(total=Decimal("90.10"), grade="A", pass_mark=Decimal("85"), **common)
    failed = text.overall(total=Decimal("80.00"), grade="B", pass_mark=Decimal("85"), **common)
    assert passed.endswith("ระดับ A ผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)")
    assert failed.endswith("ยังไม่ผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป) โดยต่ำกว่าเกณฑ์ ๕.๐๐ คะแนน")
    assert "พ.ศ. ๒๕๖๗" in passed
    assert "ยังไม่มีคะแนนรวม" in text.overall(total=None, grade="", pass_mark=Decimal("85"), **common)


def test_overall_sentence_carries_the_reason_and_an_unconfirmed_rule():
    common = {"agency_name": "องค์การบริหารส่วนตำบลทดลอง", "fiscal_year": 2568, "reported": False}
    reason = "คะแนนรวม ๙๔.๖๔ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี"

    sentence = text.overall(
        total=Decimal("94.64"), grade="ผ่าน", pass_mark=Decimal("85"), reason=reason, confirmed=False, **common
    )
    confirmed = text.overall(total=Decimal("94.64"), grade="ผ่าน", pass_mark=Decimal("85"), reason=reason, **common)

    assert sentence.endswith(f"ระดับ ผ่าน ({reason}) (เกณฑ์ยังไม่ยืนยัน) ผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)")
    assert confirmed.endswith(f"ระดับ ผ่าน ({reason}) ผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)")
    no_rating = text.overall(total=Decimal("94.64"), grade="", pass_mark=Decimal("85"), **common)
    assert "ระดับ" not in no_rating


def test_a_tool_without_a_letter_is_not_given_an_empty_level():
    common = {"name": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก", "code": "EIT", "pass_mark": Decimal("85")}

    labels_year = text.tool_paragraph(score_value=Decimal("84.16"), grade="", zero_count=0, **common)
    bands_year = text.tool_paragraph(score_value=Decimal("94.83"), grade="A", zero_count=0, **common)

    assert "ระดับ" not in labels_year
    assert labels_year.startswith(f"ผลการประเมินตาม{common['name']} (EIT) ได้ ๘๔.๑๖ คะแนน ซึ่งต่ำกว่าเกณฑ์เป้าหมาย")
    assert "ได้ ๙๔.๘๓ คะแนน อยู่ในระดับ A ซึ่งผ่านเกณฑ์เป้าหมาย" in bands_year


def test_background_counts_the_years_of_the_ita():
    first = text.background(2564, [])[0]
    assert "นับเป็นปีที่ ๙ ของการดำเนินการ และเป็นปีที่ ๔ ที่ประเมินในรูปแบบออนไลน์" in first


def test_svg_data_uri_round_trips():
    import base64

    out = Template("{% load report_pdf %}{{ svg|svg_data_uri }}").render(Context({"svg": "<svg>ก</svg>"}))
    prefix = "data:image/svg+xml;base64,"
    assert out.startswith(prefix) and base64.b64decode(out[len(prefix) :]).decode() == "<svg>ก</svg>"


def test_keep_name_keeps_the_agency_name_on_one_line_and_escapes():
    template = Template("{% load report_pdf %}{{ value|keep_name:name }}")
    out = template.render(Context({"value": "ของวังประจัน <b>", "name": "วังประจัน"}))
    assert out == 'ของ<span class="nw">วังประจัน</span> &lt;b&gt;'


def test_indicator_paragraphs_are_written_from_the_scores():
    from assessments.analysis import IndicatorRow, SubIndicatorRow, ZeroItem

    def row(number, name, tool, score, status, subs=()):
        return IndicatorRow(number, name, tool, Decimal(score), "items", None, None, status, list(subs))

    full = row(9, "การเปิดเผยข้อมูล", "OIT", "100.00", "strength")
    paragraph = text.indicator_paragraph(
        full, description="ก", pass_mark=Decimal(85), zero_items=[], previous_year=None
    )
    assert "ผลคะแนนดังกล่าวเป็นคะแนนเต็ม" in paragraph and "เพื่อรักษาผลการประเมิน" in paragraph

    zero = ZeroItem("O42", "มาตรการ", 10, "10.2", "มาตรการภายใน", "", "", "", None, None, None)
    subs = [
        SubIndicatorRow("10.1", "การดำเนินการ", Decimal("87.50")),
        SubIndicatorRow("10.2", "มาตรการภายใน", Decimal(0)),
    ]
    weak = row(10, "การป้องกันการทุจริต", "OIT", "40.00", "weakness", subs)
    paragraph = text.indicator_paragraph(
        weak, description="ข", pass_mark=Decimal(85), zero_items=[zero], previous_year=None
    )
    assert paragraph.startswith("ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต โดยรวมได้คะแนนร้อยละ ๔๐.๐๐ ข")
    assert "ต่ำกว่าเกณฑ์ ๘๕ คะแนน อยู่ ๔๕.๐๐ คะแนน ถือว่าได้คะแนนต่ำมาก" in paragraph
    assert "เนื่องจากมีข้อที่ไม่ได้คะแนน จำนวน ๑ ข้อ คือ ข้อ O๔๒ มาตรการ" in paragraph
    assert "ตัวชี้วัดย่อยที่ ๑๐.๒ มาตรการภายใน ได้ ๐.๐๐ คะแนน" in paragraph
    assert not ARABIC.search(paragraph)
