import pytest

from measures.models import Measure
from measures.search import search_measures, search_terms
from tests.factories import MeasureFactory, PlanFactory


def test_thai_queries_are_cut_into_words():
    assert search_terms("ทรัพย์สินราชการ") == ["ทรัพย์สิน", "ราชการ"]
    assert search_terms("ทรัพย์สิน ราชการ") == ["ทรัพย์สิน", "ราชการ"]
    assert search_terms("  ") == []


def test_item_codes_stay_whole_and_are_normalised():
    assert search_terms("0๑๑ รายงาน") == ["O11", "รายงาน"]


@pytest.mark.parametrize("query", ["ทรัพย์สิน", "ทรัพย์สิน ราชการ", "ทรัพย์สินราชการ", "การใช้ทรัพย์สินของราชการ"])
def test_every_way_of_typing_finds_the_measure(db, query):
    plan = PlanFactory()
    wanted = MeasureFactory(plan=plan, title="การใช้ทรัพย์สินของราชการ")
    MeasureFactory(plan=plan, title="การเปิดเผยข้อมูลสาธารณะ")

    found = search_measures(Measure.objects.filter(plan=plan), query)

    assert list(found) == [wanted]


def test_all_words_must_match(db):
    plan = PlanFactory()
    MeasureFactory(plan=plan, title="การใช้ทรัพย์สินของราชการ")
    assert not search_measures(Measure.objects.filter(plan=plan), "ทรัพย์สิน งบประมาณ").exists()


def test_search_looks_in_steps_responsible_and_linked_item_names(demo):
    plan = demo["จันทบเพชร"].plans.get(fiscal_year=2566)
    base = Measure.objects.filter(plan=plan)
    assert search_measures(base, "รายงานการกำกับ").filter(number=2).exists()  # item O11's name
    assert [m.number for m in search_measures(base, "O11")] == [2]
    assert search_measures(base, "นักทรัพยากรบุคคล").count() == 2
