"""The measures plan PDF (reports.documents, kind "plan"): snapshot, the seed 001 and 003 layouts, typography.

Rendered with the real WeasyPrint and read back with pypdf (tests/reports/pdf_helpers.py).
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Item
from measures.models import Measure, MeasurePlan
from reports import services
from reports.documents import KINDS, render_pdf
from tests.reports.pdf_helpers import (
    ARABIC,
    appears,
    assert_on_page,
    check_page_furniture,
    measure_rows,
    pages_text,
    squash,
)

SEED003_HEADERS = [
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม",
    "กำหนดเวลาแล้วเสร็จ",
]
SEED001_HEADERS = ["มาตรการ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "การกำกับติดตาม"]
# Seed 003's measures in the order it prints them (tool, indicator, number), keyed to their items.
SEED003_CODES = ["i๒๐", "O๑๑", "O๑๒", "O๒๐", "O๒๔", "O๒๗", "O๒๘", "O๒๙", "O๓๐", "O๓๑", "O๓๒", "O๓๔", "O๔๐"]


def snapshot_for(agency, fiscal_year: int, layout: str) -> dict:
    return KINDS["plan"].build_snapshot(agency=agency, fiscal_year=fiscal_year, round=None, layout=layout)


def headings(snapshot: dict) -> list[str]:
    return [line["text"] for line in snapshot["lines"] if line["type"] != "measure"]


@pytest.mark.django_db
def test_chanthapphet_plan_seed003_is_keyed_by_item_and_grouped_by_tool_and_indicator(demo):
    agency = demo["จันทบเพชร"]
    snapshot = snapshot_for(agency, 2566, "seed003")
    assert json.loads(json.dumps(snapshot)) == snapshot  # JSON-serialisable as it is

    pdf = render_pdf("plan", snapshot)
    pages = pages_text(pdf.content)
    assert pdf.pages == len(pages) > 2
    text = "".join(pages)

    assert_on_page(
        pages[0],
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ.๒๕๖๖",
        "เทศบาลตำบลจันทบเพชร",
        "อำเภอบ้านกรวด จังหวัดบุรีรัมย์",
        "จัดทำโดย สำนักปลัด เทศบาลตำบลจันทบเพชร",
    )
    assert "รอบ" not in pages[0]  # a plan has no reporting round

    # The heading and the plan's own introduction, as in seed 003.
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาลตำบลจันทบเพชรประจำปีงบประมาณพ.ศ.๒๕๖๖" in pages[1]
    assert appears(MeasurePlan.objects.get(agency=agency, fiscal_year=2566).intro, pages)

    assert headings(snapshot) == [
        "เครื่องมือการประเมิน IIT",
        "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ",
        "เครื่องมือการประเมิน OIT",
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล",
        "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต",
    ]
    for heading in headings(snapshot):
        assert squash(heading) in text, heading

    rows = measure_rows(snapshot)
    assert len(rows) == Measure.objects.filter(plan__agency=agency, plan__fiscal_year=2566).count() == 13
    assert [row["key_lines"][0]["code"] for row in rows] == SEED003_CODES
    assert [row["item_codes"] for row in rows] == [[code] for code in SEED003_CODES]
    for row in rows:
        (key,) = row["key_lines"]
        # The typed issue keeps its words; the code it started with ("0๑๑") is printed once, as O๑๑.
        assert not key["text"].startswith(("0", "O", "i"))
        assert appears(f"{key['code']} {key['text']}", pages), row["number"]
        assert appears(row["title"], pages), row["number"]  # seed 003 titles a measure by its item
        assert appears(row["steps"], pages), row["number"]
        assert appears(row["monitoring"], pages), row["number"]
        assert appears(row["responsible"], pages), row["number"]
    assert "0๑๑" not in text

    check_page_furniture(pages, snapshot, SEED003_HEADERS)


@pytest.mark.django_db
def test_wangprachan_plan_seed001_has_the_four_columns_on_portrait_pages(demo):
    agency = demo["วังประจัน"]
    assert MeasurePlan.objects.filter(agency=agency).get().fiscal_year == 2565
    snapshot = snapshot_for(agency, 2565, "seed001")
    assert [c["label"] for c in snapshot["columns"]] == SEED001_HEADERS
    assert not snapshot["landscape"]

    pages = pages_text(render_pdf("plan", snapshot).content)
    assert len(pages) > 2
    assert_on_page(
        pages[0],
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ.๒๕๖๕",
        "องค์การบริหารส่วนตำบลวังประจัน",
        "อำเภอควนโดน จังหวัดสตูล",
        "จัดทำโดย สำนักปลัด องค์การบริหารส่วนตำบลวังประจัน",
    )

    # Seed 001's measures are not tied to indicators: no group headings, numbered as typed.
    assert headings(snapshot) == []
    rows = measure_rows(snapshot)
    assert [row["number_text"] for row in rows] == ["๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙"]
    for row in rows:
        assert appears(f"{row['number_text']}. {row['title']}", pages), row["number"]
        assert appears(row["steps"], pages), row["number"]
        assert appears(row["monitoring"], pages), row["number"]
        assert appears(row["responsible"], pages), row["number"]
    assert appears("๑. มีแนวทางปฏิบัติเกี่ยวกับการใช้ทรัพย์สินของทางราชการที่ถูกต้อง", pages)

    check_page_furniture(pages, snapshot, SEED001_HEADERS)


@pytest.mark.django_db
def test_the_period_is_printed_in_thai_digits_in_both_layouts(demo):
    agency = demo["วังประจัน"]
    Measure.objects.filter(plan__agency=agency, number=1).update(
        period_start=datetime.date(2021, 10, 1), period_end=datetime.date(2022, 9, 30)
    )
    for layout in ("seed001", "seed003"):
        snapshot = snapshot_for(agency, 2565, layout)
        first = measure_rows(snapshot)[0]
        assert first["period"] == "ตุลาคม ๒๕๖๔ – กันยายน ๒๕๖๕"
        pages = pages_text(render_pdf("plan", snapshot).content)
        assert appears("ตุลาคม ๒๕๖๔ – กันยายน ๒๕๖๕", pages), layout
        assert not any("2564" in page or "2565" in page for page in pages), layout


@pytest.mark.django_db
def test_seed001_groups_measures_tied_to_indicators_under_the_tools(demo):
    snapshot = snapshot_for(demo["จันทบเพชร"], 2566, "seed001")
    assert headings(snapshot) == [
        "มาตรการยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        "การใช้ทรัพย์สินของราชการ",
        "มาตรการยกระดับการเปิดเผยข้อมูลสาธารณะ (OIT)",
        "การเปิดเผยข้อมูล",
        "การป้องกันการทุจริต",
    ]


@pytest.mark.django_db
def test_a_measure_keyed_by_items_without_an_issue_prints_each_item_in_thai_digits(demo):
    agency = demo["จันทบเพชร"]
    measure = Measure.objects.get(plan__agency=agency, plan__fiscal_year=2566, number=13)
    measure.issue = ""
    measure.save()
    o11 = Item.objects.get(framework=measure.plan.framework, code="O11")
    measure.items.add(o11)

    row = next(r for r in measure_rows(snapshot_for(agency, 2566, "seed003")) if r["number"] == 13)
    assert row["key_lines"] == [
        {"code": "O๑๑", "text": "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน"},
        {"code": "O๔๐", "text": "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน"},
    ]
    # Its title is not the item's words any more, so it heads the steps column.
    assert row["measure_title"] == measure.title


@pytest.mark.django_db
def test_an_issue_that_does_not_start_with_its_code_is_printed_whole(demo):
    agency = demo["จันทบเพชร"]
    Measure.objects.filter(plan__agency=agency, number=2).update(issue="ยังไม่เผยแพร่รายงาน 6 เดือน")
    Measure.objects.filter(plan__agency=agency, number=4).update(issue="- O๒๔ ไม่ใช่ข้อของมาตรการนี้")
    Measure.objects.filter(plan__agency=agency, number=3).update(title="มาตรการเผยแพร่รายงานประจำปี")
    rows = {r["number"]: r for r in measure_rows(snapshot_for(agency, 2566, "seed003"))}
    assert rows[2]["key_lines"] == [{"code": "O๑๑", "text": "ยังไม่เผยแพร่รายงาน 6 เดือน"}]  # typed: as stored
    assert rows[4]["key_lines"] == [{"code": "O๒๐", "text": "- O๒๔ ไม่ใช่ข้อของมาตรการนี้"}]
    assert rows[3]["measure_title"] == "มาตรการเผยแพร่รายงานประจำปี"
    assert rows[5]["measure_title"] == ""


@pytest.mark.django_db
def test_an_issue_that_is_only_its_codes_gives_way_to_the_items_texts(demo):
    agency = demo["จันทบเพชร"]
    Measure.objects.filter(plan__agency=agency, number=2).update(issue="- 0๑๑")
    row = next(r for r in measure_rows(snapshot_for(agency, 2566, "seed003")) if r["number"] == 2)
    assert row["key_lines"] == [{"code": "O๑๑", "text": "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน"}]


@pytest.mark.django_db
def test_snapshot_is_frozen(demo):
    agency = demo["จันทบเพชร"]
    snapshot = json.loads(json.dumps(snapshot_for(agency, 2566, "seed003")))
    first = Measure.objects.get(plan__agency=agency, plan__fiscal_year=2566, number=1)
    old_steps = first.steps
    first.steps = "ขั้นตอนที่แก้ไขภายหลังการออกเอกสาร"
    first.issue = "ประเด็นที่แก้ไขภายหลัง"
    first.save()
    first.items.clear()

    pages = pages_text(render_pdf("plan", snapshot).content)
    text = "".join(pages)
    assert appears(old_steps, pages)
    assert "i๒๐" in text
    assert "แก้ไขภายหลัง" not in text
    fresh = next(r for r in measure_rows(snapshot_for(agency, 2566, "seed003")) if r["number"] == 1)
    assert fresh["steps"] == "ขั้นตอนที่แก้ไขภายหลังการออกเอกสาร"
    assert fresh["key_lines"] == [{"code": "", "text": "ประเด็นที่แก้ไขภายหลัง"}]


@pytest.mark.django_db
def test_year_without_plan_is_refused_in_thai(demo):
    agency = demo["วังประจัน"]
    with pytest.raises(ValidationError) as error:
        snapshot_for(agency, 2599, "seed001")
    message = error.value.messages[0]
    assert message == "องค์การบริหารส่วนตำบลวังประจัน ยังไม่มีแผนมาตรการประจำปีงบประมาณ พ.ศ.๒๕๙๙"
    assert not ARABIC.search(message)


@pytest.mark.django_db
def test_unknown_layout_is_refused(demo):
    with pytest.raises(ValidationError):
        snapshot_for(demo["วังประจัน"], 2565, "seed000")


@pytest.mark.django_db
def test_the_service_builds_a_plan_without_a_round_in_its_first_layout(demo):
    kind, round_, layout, snapshot = services.document_build(
        agency=demo["วังประจัน"], kind="plan", fiscal_year=2565, round=12, layout=""
    )
    assert (kind, round_, layout) == ("plan", None, "seed001")
    assert snapshot["round"] is None and snapshot["round_line"] == ""


def test_registry():
    kind = KINDS["plan"]
    assert kind.title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert not kind.needs_round
    assert kind.layout_keys == ["seed001", "seed003"]
    assert kind.template_name == "reports/pdf/plan.html"
    keys = list(KINDS)
    assert keys.index("plan") == keys.index("progress") - 1
