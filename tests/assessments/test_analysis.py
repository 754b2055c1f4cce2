"""The analysis service: seed 001 (วังประจัน 2564) and seed 004 (รอบเวียง 2566), year over year,
discrepancies between published and computed figures, and a query count that ignores item numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.analysis import STRENGTH, WEAKNESS, assessment_analysis, item_impacts
from assessments.models import Assessment
from assessments.scoring import framework_shape
from ita_portal.thai import numbers_text
from tests.factories import AgencyFactory, scored_assessment

D = Decimal
ZERO_ITEMS_001 = ["O15", "O17", "O18", "O27", "O30", "O31", "O41", "O42", "O43"]
FULL_2564 = {n: "90" for n in range(1, 9)}


def analysis_of(agency, fiscal_year):
    return assessment_analysis(
        Assessment.objects.select_related("agency", "framework").get(agency=agency, fiscal_year=fiscal_year)
    )


def all_items(framework, zero=()):
    return {
        item.code: "0" if item.code in zero else "100" for item in framework.items.filter(indicator__tool__code="OIT")
    }


# --- seed 001: อบต.วังประจัน, ITA 2564 ----------------------------------------------------------


def test_it_reproduces_the_scores_grade_and_verdict_of_seed_001(demo):
    analysis = analysis_of(demo["วังประจัน"], 2564)

    scores = {row.number: row.score for row in analysis.indicators}
    assert scores == {
        1: D("97.53"), 2: D("95.23"), 3: D("97.57"), 4: D("95.26"), 5: D("94.88"),
        6: D("95.28"), 7: D("95.12"), 8: D("94.10"), 9: D("79.14"), 10: D("43.75"),
    }  # fmt: skip
    assert {t.code: (t.score, t.weight, t.grade) for t in analysis.tools} == {
        "IIT": (D("96.09"), D("30.00"), "AA"),
        "EIT": (D("94.83"), D("30.00"), "A"),
        "OIT": (D("61.45"), D("40.00"), "D"),
    }
    assert (analysis.total, analysis.grade, analysis.passed) == (D("81.86"), "B", False)


def test_indicators_one_to_eight_are_strengths_and_nine_and_ten_weaknesses(demo):
    analysis = analysis_of(demo["วังประจัน"], 2564)

    assert [row.number for row in analysis.strengths] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [row.number for row in analysis.weaknesses] == [9, 10]
    assert analysis.indicators[8].source == "items"
    assert analysis.indicators[0].source == "reported"


def test_sub_indicators_carry_their_names_and_scores(demo):
    nine = analysis_of(demo["วังประจัน"], 2564).indicators[8]

    assert [(s.code, s.name, s.score) for s in nine.sub_indicators] == [
        ("9.1", "ข้อมูลพื้นฐาน", D("100.00")),
        ("9.2", "การบริหารงาน", D("75.00")),
        ("9.3", "การบริหารเงินงบประมาณ", D("85.71")),
        ("9.4", "การบริหารและพัฒนาทรัพยากรบุคคล", D("75.00")),
        ("9.5", "การส่งเสริมความโปร่งใส", D("60.00")),
    ]


def test_it_lists_the_nine_zero_scored_items_with_comments_and_appeal_decisions(demo):
    analysis = analysis_of(demo["วังประจัน"], 2564)

    assert [item.code for item in analysis.zero_items] == ZERO_ITEMS_001
    o15, o17, o18 = analysis.zero_items[:3]
    assert (o15.sub_indicator, o15.sub_indicator_name, o15.group) == ("9.2", "การบริหารงาน", "การให้บริการ")
    assert o15.comment.startswith("ไม่พบข้อมูลเดือนมกราคม 64")
    assert o15.decision.startswith("ไม่ได้รับการปรับคะแนน")
    assert o15.decision_date == datetime.date(2021, 7, 12)
    assert (o17.name, o17.comment) == ("E-Service", "ไม่มี URL")
    assert o18.comment == "รายละเอียดของแผนไม่ครอบคลุมระยะเวลาทั้งปีงบประมาณ"
    assert [g.code for g in analysis.zero_groups] == ["9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]


def test_a_zero_scored_item_shows_what_it_costs_the_oit_and_the_total(demo):
    o15 = analysis_of(demo["วังประจัน"], 2564).zero_items[0]

    # one of 8 items of 9.2, one of 5 sub-indicators of 9, one of 2 OIT indicators; OIT weighs 40 %
    assert (o15.tool_impact, o15.total_impact) == (D("1.25"), D("0.50"))


def test_all_oit_items_together_are_worth_the_oit_weight(catalogue):
    impacts = item_impacts(framework_shape(catalogue[2564]))

    assert sum(tool for tool, _ in impacts.values()) == pytest.approx(100)
    assert sum(total for _, total in impacts.values()) == pytest.approx(40)


def test_seed_001_has_no_discrepancy_and_no_previous_year(demo):
    analysis = analysis_of(demo["วังประจัน"], 2564)

    assert analysis.discrepancies == []
    assert analysis.previous is None
    assert analysis.total_change is None
    assert all(row.change is None for row in analysis.indicators)


# --- seed 004: อบต.รอบเวียง, ITA 2566 ----------------------------------------------------------


def test_a_missing_indicator_leaves_its_tool_and_the_total_empty(demo):
    analysis = analysis_of(demo["รอบเวียง"], 2566)

    three = analysis.indicators[2]
    assert (three.number, three.score, three.source, three.status) == (3, None, "missing", "")
    assert {t.code: t.score for t in analysis.tools} == {"IIT": None, "EIT": D("90.58"), "OIT": D("100.00")}
    assert (analysis.total, analysis.passed) == (None, None)
    # The rating falls back to the published 87.7: ผ่าน, and why not ผ่านดี.
    assert analysis.grade == "ผ่าน"
    assert "ยังไม่มีคะแนนครบทุกแบบวัด" in analysis.rating.reason
    assert analysis.best_total == D("87.70")
    assert analysis.weaknesses == []


def test_the_published_total_is_shown_and_the_gap_explained_in_thai(demo):
    (discrepancy,) = analysis_of(demo["รอบเวียง"], 2566).discrepancies

    assert (discrepancy.field, discrepancy.reported, discrepancy.computed) == ("total", D("87.70"), None)
    text = "\n".join(discrepancy.reasons)
    assert "ไม่มีคะแนนตัวชี้วัดที่ ๓ การใช้อำนาจ จึงคำนวณคะแนน IIT และคะแนนรวมไม่ได้" in text
    assert "ตามที่ประกาศ ๘๗.๗๐" in text
    assert "ตัวชี้วัดที่ ๓ ไม่มีคะแนน" in text
    # 30/30/40 cannot give 87.70 whatever indicator 3 scored (0 → 88.64, 100 → 94.64)
    assert "อยู่ระหว่าง ๘๘.๖๔ ถึง ๙๔.๖๔" in text
    assert "ไม่ตรงกับที่ประกาศ ๘๗.๗๐" in text
    assert "น้ำหนักเครื่องมือของปี ๒๕๖๖ เป็นค่าที่สันนิษฐาน" in text


# --- discrepancies on complete data --------------------------------------------------------------


def test_a_published_oit_one_item_higher_names_that_item(demo):
    Assessment.objects.filter(agency=demo["วังประจัน"]).update(reported_oit=D("62.70"), reported_total=D("82.36"))

    found = {d.field: d for d in analysis_of(demo["วังประจัน"], 2564).discrepancies}

    assert set(found) == {"OIT", "total"}
    assert found["OIT"].difference == D("-1.25")
    oit = "\n".join(found["OIT"].reasons)
    assert "OITที่คำนวณได้ ๖๑.๔๕ ต่ำกว่าที่ประกาศ ๖๒.๗๐ อยู่ ๑.๒๕ คะแนน" in oit
    assert "O15 (−๑.๒๕)" in oit
    assert "ผลต่างเท่ากับคะแนนของข้อ O15 พอดี" in oit
    total = "\n".join(found["total"].reasons)
    assert "ผลรวมตามน้ำหนัก IIT ๓๐ / EIT ๓๐ / OIT ๔๐ ของปี ๒๕๖๔ ได้ ๘๑.๘๖ ไม่ตรงกับที่ประกาศ ๘๒.๓๖" in total
    assert "ผลต่างเท่ากับคะแนนของข้อ O15 พอดี" in total
    assert "สันนิษฐาน" not in total  # 2564's weights are verified


def test_differences_within_half_a_hundredth_are_not_discrepancies(demo):
    Assessment.objects.filter(agency=demo["วังประจัน"]).update(reported_eit=D("94.83"), reported_iit=D("96.09"))

    assert analysis_of(demo["วังประจัน"], 2564).discrepancies == []


def test_items_without_a_result_are_listed(catalogue):
    items = all_items(catalogue[2564])
    del items["O5"]

    analysis = assessment_analysis(scored_assessment(framework=catalogue[2564], indicators=FULL_2564, items=items))

    assert analysis.missing_items == ["O5"]
    assert analysis.indicators[8].source == "missing"
    assert analysis.total is None


# --- strengths at the pass mark ------------------------------------------------------------------


def test_an_indicator_at_exactly_the_pass_mark_is_a_strength(catalogue):
    analysis = assessment_analysis(
        scored_assessment(framework=catalogue[2564], indicators={**FULL_2564, 1: "85.00", 2: "84.99"})
    )

    assert analysis.indicators[0].status == STRENGTH
    assert analysis.indicators[1].status == WEAKNESS


# --- year over year ------------------------------------------------------------------------------


def test_it_compares_with_the_latest_earlier_assessment_of_the_same_agency(demo, catalogue):
    agency = demo["วังประจัน"]
    scored_assessment(framework=catalogue[2564], agency=agency, fiscal_year=2562, indicators=FULL_2564)
    scored_assessment(
        framework=catalogue[2565],
        agency=agency,
        fiscal_year=2565,
        indicators={**{n: "96.00" for n in range(1, 9)}, 3: "90.00"},
        items=all_items(catalogue[2565], zero={"O1"}),
    )

    analysis = analysis_of(agency, 2565)

    assert analysis.previous.fiscal_year == 2564
    changes = {row.number: row.change for row in analysis.indicators}
    assert changes[1] == D("96.00") - D("97.53")
    assert changes[3] == D("90.00") - D("97.57")
    assert changes[10] == D("100.00") - D("43.75")
    assert {t.code: t.change for t in analysis.tools}["OIT"] == analysis.tools[2].score - D("61.45")
    assert analysis.total_change == analysis.total - D("81.86")
    assert analysis.previous_total == D("81.86")


def test_a_change_is_empty_where_either_year_is_missing(demo, catalogue):
    agency = demo["รอบเวียง"]
    scored_assessment(framework=catalogue[2565], agency=agency, fiscal_year=2565, indicators={1: "90.00", 3: "88.00"})

    analysis = analysis_of(agency, 2566)

    changes = {row.number: row.change for row in analysis.indicators}
    assert changes[1] == D("5.17")
    assert changes[2] is None  # missing last year
    assert changes[3] is None  # missing this year
    assert analysis.total_change is None
    assert {t.code: t.change for t in analysis.tools} == {"IIT": None, "EIT": None, "OIT": None}


# --- queries and helpers -------------------------------------------------------------------------


def test_the_query_count_does_not_depend_on_the_number_of_items(demo, catalogue):
    few = scored_assessment(framework=catalogue[2564], indicators=FULL_2564, items={"O1": "100", "O2": "0"})
    many = Assessment.objects.select_related("agency", "framework").get(agency=demo["วังประจัน"])
    scored_assessment(framework=catalogue[2564], agency=few.agency, fiscal_year=2563, indicators=FULL_2564)
    scored_assessment(framework=catalogue[2564], agency=many.agency, fiscal_year=2563, indicators=FULL_2564)

    counts = []
    for assessment in Assessment.objects.filter(pk__in=[few.pk, many.pk]).select_related("agency", "framework"):
        with CaptureQueriesContext(connection) as queries:
            assessment_analysis(assessment)
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 15


def test_numbers_are_listed_in_thai_digits_with_ranges():
    assert numbers_text([1, 2, 4, 5, 6, 7, 9]) == "๑, ๒, ๔–๗, ๙"
    assert numbers_text([10]) == "๑๐"


def test_an_assessment_of_an_agency_without_history_has_no_previous(catalogue):
    agency = AgencyFactory()
    analysis = assessment_analysis(scored_assessment(framework=catalogue[2564], agency=agency, indicators=FULL_2564))

    assert analysis.previous is None
    assert analysis.zero_items == []
    assert analysis.has_item_results is False
