"""Item mapping between ITA years, cloning a plan into the next fiscal year, suggested measures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.crosswalk import crosswalk, map_item
from assessments.models import Item
from measures.cloning import next_period_text, plan_clone_preview, plan_clone_to_next_year, shift_be_years
from measures.models import DismissedSuggestion, History, Measure, MeasurePlan, Progress
from measures.suggestions import suggestion_accept, suggestion_dismiss, suggestions_for_plan
from tests.factories import MeasureFactory, PlanFactory, UserFactory, scored_assessment

WANGPRACHAN_WEAK_ITEMS = ["O15", "O17", "O18", "O27", "O30", "O31", "O41", "O42", "O43"]


def _plan(agency, fiscal_year):
    return MeasurePlan.objects.select_related("agency", "framework").get(agency=agency, fiscal_year=fiscal_year)


# --- the mapping ------------------------------------------------------------------------------


def test_an_item_of_2565_maps_to_the_renumbered_item_of_2566(catalogue):
    mapping = map_item("O11", from_year=2565, to=catalogue[2566])
    assert mapping.mapped
    assert mapping.item.code == "O12"
    assert mapping.item.framework == catalogue[2566]
    assert mapping.note == ""


def test_an_item_dropped_in_2566_is_not_mapped_and_says_why(catalogue):
    mapping = map_item("O20", from_year=2565, to=catalogue[2566])
    assert not mapping.mapped
    assert mapping.item is None
    assert "ไม่มีข้อที่ตรงกับข้อ O20" in mapping.note
    assert "2566" in mapping.note


def test_an_item_merged_into_another_steps_through_2565_and_says_so(catalogue):
    mapping = map_item("O18", from_year=2564, to=catalogue[2566])
    assert mapping.item.code == "O11"
    assert mapping.note == "รวมเป็นข้อ O11"


def test_mapping_into_the_partial_2567_catalogue(catalogue):
    assert map_item("O43", from_year=2566, to=catalogue[2567]).item.code == "O35"
    assert map_item("O12", from_year=2566, to=catalogue[2567]).item.code == "O10"  # list A, candidate
    missing = map_item("O29", from_year=2566, to=catalogue[2567])  # one of 2567's unknown O27–O34
    assert not missing.mapped


def test_the_measures_item_carries_through_to_2569_and_the_analysis_item_is_new_there(catalogue):
    o35 = map_item("O43", from_year=2566, to=catalogue[2567])
    o26 = map_item("O35", from_year=2567, to=catalogue[2568])
    assert (o35.item.code, o26.item.code, o26.note) == ("O35", "O26", "รวมเป็นข้อ O26")
    assert map_item("O26", from_year=2568, to=catalogue[2569]).item.code == "O26"
    assert map_item("O42", from_year=2566, to=catalogue[2569]).item.code == "O26"
    assert map_item("O11", from_year=2566, to=catalogue[2569]).item.code == "O6"  # the annual plan
    assert map_item("O3", from_year=2566, to=catalogue[2569]).note == "รวมเป็นข้อ O1"


def test_every_2568_and_2569_item_is_reached_from_the_year_before(catalogue):
    for year in (2568, 2569):
        reached = {
            map_item(i.code, from_year=year - 1, to=catalogue[year]).item for i in catalogue[year - 1].items.all()
        }
        codes = {i.code for i in reached if i is not None}
        assert len(codes) >= 15, (year, sorted(codes))


def test_a_code_the_crosswalk_gives_but_the_target_catalogue_lacks_is_not_mapped(catalogue):
    Item.objects.filter(framework=catalogue[2567], code="O35").delete()
    mapping = map_item("O43", from_year=2566, to=catalogue[2567])
    assert not mapping.mapped
    assert mapping.note == "กรอบ ITA ปี 2567 ในระบบไม่มีข้อ O35 (รายการข้อของปีนี้ยังไม่ครบ)"


def test_iit_questions_keep_their_code_when_the_target_year_has_it(catalogue):
    assert map_item("i20", from_year=2564, to=catalogue[2565]).item.code == "i20"
    missing = map_item("i20", from_year=2565, to=catalogue[2566])
    assert not missing.mapped
    assert missing.note == "กรอบ ITA ปี 2566 ในระบบไม่มีข้อ i20"


def test_the_same_year_maps_to_the_same_item(catalogue):
    mapping = map_item("O35", from_year=2566, to=catalogue[2566])
    assert mapping.item == Item.objects.get(framework=catalogue[2566], code="O35")


def test_mapping_backwards_follows_the_crosswalk_the_other_way(catalogue):
    assert map_item("O12", from_year=2566, to=catalogue[2565]).item.code == "O11"


def test_an_unknown_code_and_a_missing_catalogue_are_not_mapped(catalogue):
    assert "ไม่พบข้อ O99" in map_item("O99", from_year=2564, to=catalogue[2565]).note
    assert not map_item("O1", from_year=2564, to=None).mapped


def test_the_crosswalk_file_is_read_once():
    assert crosswalk() is crosswalk()
    assert crosswalk().years == (2564, 2565, 2566, 2567, 2568, 2569)


# --- next year's plan -------------------------------------------------------------------------


def test_cloning_chanthapphets_plan_moves_it_to_fy_2567_on_the_2566_catalogue(demo, catalogue):
    old = _plan(demo["จันทบเพชร"], 2566)
    coordinator = UserFactory(username="chanthapphet.coord")

    result = plan_clone_to_next_year(plan=old, user=coordinator)

    new = result.plan
    assert (new.agency, new.fiscal_year, new.framework) == (old.agency, 2567, catalogue[2566])
    assert result.framework_is_next
    assert new.measures.count() == old.measures.count() == 13
    by_number = {m.number: m for m in new.measures.all()}
    assert [i.code for i in by_number[2].items.all()] == ["O12"]  # O11 in 2565
    assert [i.code for i in by_number[3].items.all()] == ["O13"]
    assert [i.code for i in by_number[12].items.all()] == ["O31"]  # O34 in 2565
    assert [i.code for i in by_number[13].items.all()] == ["O37"]  # O40 in 2565
    assert all(i.framework == catalogue[2566] for m in new.measures.all() for i in m.items.all())
    unmapped = {(entry.measure.number, mapping.code) for entry, mapping in result.unmapped}
    assert unmapped == {(1, "i20"), (4, "O20"), (11, "O32")}
    # Unmapped items keep their measure under the same indicator of the new catalogue.
    assert [(i.number, i.framework_id) for i in by_number[1].indicators.all()] == [(4, catalogue[2566].pk)]
    assert not by_number[1].items.exists()


def test_a_cloned_measure_copies_its_text_and_departments_and_not_its_progress(demo):
    old_plan = _plan(demo["จันทบเพชร"], 2566)
    coordinator = UserFactory(username="chanthapphet.coord")

    new_plan = plan_clone_to_next_year(plan=old_plan, user=coordinator).plan

    for new in new_plan.measures.all():
        old = new.cloned_from
        assert old.plan == old_plan
        assert (new.number, new.section, new.title, new.issue, new.steps) == (
            old.number,
            old.section,
            old.title,
            old.issue,
            old.steps,
        )
        assert (new.responsible_text, new.monitoring) == (old.responsible_text, old.monitoring)
        assert set(new.departments.all()) == set(old.departments.all())
        assert new.source == Measure.Source.CLONED
        assert new.updated_by == coordinator
    assert not Progress.objects.filter(measure__plan=new_plan).exists()
    assert Progress.objects.filter(measure__plan=old_plan).count() == 13  # the old plan is untouched


def test_every_cloned_measure_gets_a_history_row(demo):
    coordinator = UserFactory(username="chanthapphet.coord")
    new_plan = plan_clone_to_next_year(plan=_plan(demo["จันทบเพชร"], 2566), user=coordinator).plan

    rows = History.objects.filter(measure__plan=new_plan)
    assert rows.count() == 13
    assert set(rows.values_list("action", "user")) == {(History.Action.CLONED, coordinator.pk)}


def test_cloning_thungphos_plan_shifts_the_period_and_uses_the_partial_2567_catalogue(demo, catalogue):
    old = _plan(demo["ทุ่งโพธิ์"], 2566)

    result = plan_clone_to_next_year(plan=old, user=UserFactory(username="thungpho.legal"))

    assert result.plan.framework == catalogue[2567]
    assert "ยังมีรายการข้อไม่ครบ" in result.framework_note
    first = result.plan.measures.get(number=1)
    assert (first.period_start, first.period_end) == (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))
    # The old text only repeated the dates, so the new one is left to the dates.
    assert first.period_text == ""
    assert first.period_display == "ตุลาคม ๒๕๖๖ – กันยายน ๒๕๖๗"
    assert [(i.number, i.framework_id) for i in first.indicators.all()] == [(1, catalogue[2567].pk)]


def test_cloning_twice_is_refused_in_thai(demo):
    old = _plan(demo["ทุ่งโพธิ์"], 2566)
    coordinator = UserFactory(username="thungpho.legal")
    plan_clone_to_next_year(plan=old, user=coordinator)

    with pytest.raises(ValidationError) as refused:
        plan_clone_to_next_year(plan=old, user=coordinator)

    assert refused.value.messages == ["มีแผนมาตรการปีงบประมาณ ๒๕๖๗ ของอบต.ทุ่งโพธิ์อยู่แล้ว จึงคัดลอกซ้ำไม่ได้"]
    assert MeasurePlan.objects.filter(agency=old.agency, fiscal_year=2567).count() == 1


def test_without_next_years_catalogue_the_new_plan_keeps_the_old_one_and_says_so(demo, catalogue):
    coordinator = UserFactory(username="thungpho.legal")
    fy2569 = PlanFactory(agency=demo["จันทบเพชร"], fiscal_year=2569, framework=catalogue[2569])
    MeasureFactory(plan=fy2569)

    result = plan_clone_to_next_year(plan=fy2569, user=coordinator)

    assert result.plan.fiscal_year == 2570
    assert result.plan.framework == catalogue[2569]
    assert not result.framework_is_next
    assert "ยังไม่มีกรอบ ITA ปี 2570" in result.framework_note


def test_a_plan_without_a_catalogue_is_cloned_without_one(demo):
    old = _plan(demo["ควนกาหลง"], 2564)
    result = plan_clone_to_next_year(plan=old, user=UserFactory(username="khuankalong.coord"))
    assert result.plan.framework is None
    assert result.plan.measures.count() == old.measures.count()
    assert "ไม่ได้ระบุกรอบ ITA" in result.framework_note


def test_the_preview_writes_nothing(demo):
    old = _plan(demo["จันทบเพชร"], 2566)
    preview = plan_clone_preview(old)
    assert preview.plan is None
    assert len(preview.measures) == 13
    assert preview.mapped_count == 10
    assert not MeasurePlan.objects.filter(agency=old.agency, fiscal_year=2567).exists()


def test_the_preview_query_count_does_not_grow_with_measures(catalogue):
    def queries(count):
        plan = PlanFactory(framework=catalogue[2565])
        o11 = Item.objects.get(framework=catalogue[2565], code="O11")
        for _ in range(count):
            MeasureFactory(plan=plan).items.set([o11])
        with CaptureQueriesContext(connection) as captured:
            plan_clone_preview(plan)
        return len(captured)

    assert queries(2) == queries(12)


def test_a_typed_period_moves_on_one_year_in_its_own_digits(db):
    measure = MeasureFactory.build(
        period_start=datetime.date(2022, 10, 1),
        period_end=datetime.date(2023, 3, 31),
        period_text="ไตรมาส ๑–๒ ปีงบประมาณ ๒๕๖๖ (ต.ค. 2565 – มี.ค. 2566) ครั้งละ ๑๐๐ คน ตามแผน ๒๕๗๐",
    )
    assert (
        next_period_text(measure, fiscal_year=2566)
        == "ไตรมาส ๑–๒ ปีงบประมาณ ๒๕๖๗ (ต.ค. 2566 – มี.ค. 2567) ครั้งละ ๑๐๐ คน ตามแผน ๒๕๗๐"
    )


def test_years_are_shifted_all_at_once():
    assert shift_be_years("ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖", {2565, 2566}) == "ตุลาคม ๒๕๖๖ – กันยายน ๒๕๖๗"
    assert shift_be_years("", {2565}) == ""


def test_the_29th_of_february_moves_to_the_28th(catalogue):
    plan = PlanFactory(fiscal_year=2567, framework=catalogue[2566])
    MeasureFactory(plan=plan, period_start=datetime.date(2024, 2, 29), period_end=datetime.date(2024, 2, 29))
    new = plan_clone_to_next_year(plan=plan, user=UserFactory()).plan.measures.get()
    assert (new.period_start, new.period_end) == (datetime.date(2025, 2, 28), datetime.date(2025, 2, 28))


# --- suggested measures -----------------------------------------------------------------------


def test_wangprachans_weak_indicators_and_zero_items_of_ita_2564_are_suggested(demo):
    suggestions = suggestions_for_plan(_plan(demo["วังประจัน"], 2565))

    keys = [s.key for s in suggestions]
    assert keys == ["indicator:9", "indicator:10"] + [f"item:{code}" for code in WANGPRACHAN_WEAK_ITEMS]
    by_key = {s.key: s for s in suggestions}
    assert by_key["indicator:9"].score == Decimal("79.14")
    assert by_key["indicator:10"].score == Decimal("43.75")
    assert by_key["indicator:10"].title == "ยกระดับตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต"
    assert "ได้ ๔๓.๗๕ คะแนน ต่ำกว่าเกณฑ์ผ่าน ๘๕ คะแนน" in by_key["indicator:10"].issue
    assert "O๔๑, O๔๒, O๔๓" in by_key["indicator:10"].issue


def test_an_item_suggestion_carries_the_reviewers_comment_and_the_appeal_decision(demo, catalogue):
    by_key = {s.key: s for s in suggestions_for_plan(_plan(demo["วังประจัน"], 2565))}

    o30 = by_key["item:O30"]
    assert o30.title == "ปรับปรุงข้อ O๓๐ ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ให้ครบถ้วนตามเกณฑ์การประเมิน"
    assert "ความเห็นของผู้ตรวจประเมิน: ไม่เป็นช่องทางรักษาความลับ" in o30.issue
    assert "ผลการพิจารณาคำชี้แจง (๑๒ กรกฎาคม ๒๕๖๔): ไม่ได้รับการปรับคะแนน" in o30.issue
    assert [(i.code, i.framework_id) for i in o30.items] == [("O30", catalogue[2564].pk)]
    assert [i.number for i in o30.indicators] == [9]
    assert "ผลการพิจารณาคำชี้แจง" not in by_key["item:O17"].issue  # no appeal on O17


def test_suggested_items_are_mapped_into_a_later_catalogue(demo, catalogue):
    plan = PlanFactory(agency=demo["วังประจัน"], fiscal_year=2567, framework=catalogue[2566])

    by_key = {s.key: s for s in suggestions_for_plan(plan)}

    o18 = by_key["item:O18"]  # 2564 O18 was merged into 2566 O11
    assert [(i.code, i.framework_id) for i in o18.items] == [("O11", catalogue[2566].pk)]
    assert o18.mapping.note == "รวมเป็นข้อ O11"
    assert "ในกรอบ ITA ปี ๒๕๖๖ คือข้อ O๑๑" in o18.issue
    assert [i.code for i in by_key["item:O41"].items] == ["O38"]
    assert by_key["indicator:10"].indicators[0].framework == catalogue[2566]


def test_there_are_no_suggestions_without_an_earlier_assessment(demo):
    assert suggestions_for_plan(_plan(demo["รอบเวียง"], 2566)) == []  # its ITA is of 2566 itself


def test_accepting_a_suggestion_makes_a_measure_that_is_not_offered_again(demo):
    plan = _plan(demo["วังประจัน"], 2565)
    coordinator = UserFactory(username="wangprachan.coord")

    measure = suggestion_accept(plan=plan, key="item:O17", user=coordinator)

    assert measure.plan == plan
    assert measure.number == 10  # after the plan's nine measures
    assert (measure.source, measure.suggestion_key, measure.section) == (
        Measure.Source.SUGGESTED,
        "item:O17",
        Measure.Section.MEASURE,
    )
    assert measure.title == "ปรับปรุงข้อ O๑๗ E-Service ให้ครบถ้วนตามเกณฑ์การประเมิน"
    assert "ไม่มี URL" in measure.issue
    assert [i.code for i in measure.items.all()] == ["O17"]
    assert [i.number for i in measure.indicators.all()] == [9]
    assert measure.history.get().action == History.Action.CREATED
    assert "item:O17" not in [s.key for s in suggestions_for_plan(plan)]
    with pytest.raises(ValidationError, match="รับเป็นมาตรการของแผนนี้แล้ว"):
        suggestion_accept(plan=plan, key="item:O17", user=coordinator)


def test_an_accepted_indicator_goes_to_the_indicator_follow_up_section(demo):
    plan = _plan(demo["วังประจัน"], 2565)
    measure = suggestion_accept(plan=plan, key="indicator:10", user=UserFactory(username="wangprachan.coord"))
    assert measure.section == Measure.Section.INDICATOR_FOLLOWUP
    assert [i.number for i in measure.indicators.all()] == [10]


def test_a_dismissed_suggestion_is_not_offered_again_nor_accepted(demo):
    plan = _plan(demo["วังประจัน"], 2565)
    coordinator = UserFactory(username="wangprachan.coord")

    suggestion_dismiss(plan=plan, key="indicator:9", user=coordinator)

    assert DismissedSuggestion.objects.get(plan=plan).key == "indicator:9"
    assert "indicator:9" not in [s.key for s in suggestions_for_plan(plan)]
    with pytest.raises(ValidationError, match="ไม่รับไปแล้ว"):
        suggestion_dismiss(plan=plan, key="indicator:9", user=coordinator)
    with pytest.raises(ValidationError, match="ไม่รับไปแล้ว"):
        suggestion_accept(plan=plan, key="indicator:9", user=coordinator)


@pytest.mark.parametrize("key", ["item:O1", "indicator:1", "item:O99", "nonsense", ""])
def test_a_key_that_is_not_offered_is_refused_in_thai(demo, key):
    plan = _plan(demo["วังประจัน"], 2565)
    with pytest.raises(ValidationError, match="ไม่พบข้อเสนอนี้"):
        suggestion_accept(plan=plan, key=key, user=UserFactory(username="wangprachan.coord"))
    assert not plan.measures.filter(source=Measure.Source.SUGGESTED).exists()


# --- ITA 2569: one indicator, the lowest, with preventive measures -----------------------------------


def test_a_fy_2569_plan_first_suggests_preventive_measures_for_the_lowest_indicator_of_2568(catalogue):
    scores = {n: "96" for n in range(1, 9)} | {3: "88.5", 6: "91"}
    items = {f"O{n}": "100" for n in range(1, 27)}
    assessment = scored_assessment(framework=catalogue[2568], fiscal_year=2568, indicators=scores, items=items)
    plan = PlanFactory(agency=assessment.agency, fiscal_year=2569, framework=catalogue[2568])

    suggestions = suggestions_for_plan(plan)

    assert [s.key for s in suggestions] == ["focus:3"]  # every indicator passes, yet one is still chosen
    assert "ตัวชี้วัดที่ ๓" in suggestions[0].title and "ต่ำที่สุด" in suggestions[0].title
    assert "เลือกตัวชี้วัดที่ได้คะแนนต่ำที่สุดหรือมีความเสี่ยงสูงที่สุดหนึ่งตัวชี้วัด" in suggestions[0].issue
    measure = suggestion_accept(plan=plan, key="focus:3", user=UserFactory())
    assert [i.number for i in measure.indicators.all()] == [3]
    assert suggestions_for_plan(plan) == []


def test_before_2569_no_single_indicator_is_singled_out(catalogue):
    scores = {n: "96" for n in range(1, 9)} | {3: "88.5"}
    items = {f"O{n}": "100" for n in range(1, 27)}
    assessment = scored_assessment(framework=catalogue[2568], fiscal_year=2567, indicators=scores, items=items)
    plan = PlanFactory(agency=assessment.agency, fiscal_year=2568, framework=catalogue[2568])

    assert suggestions_for_plan(plan) == []
