"""Scores of seed 001 (อบต.วังประจัน, ITA 2564) recomputed from its own item table."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assessments.rating import rules_from_data, total_label
from assessments.scoring import FrameworkShape, IndicatorShape, assessment_recompute, compute_scores

SEED_001 = Path(__file__).resolve().parents[2] / "ita_portal" / "demo" / "data" / "001_wangprachan.json"
BANDS = [
    {"label": g, "min_total": m, "min_each_tool": None}
    for g, m in [("AA", "95"), ("A", "85"), ("B", "75"), ("C", "65"), ("D", "55"), ("E", "50"), ("F", "0")]
]


def seed_001():
    data = json.loads(SEED_001.read_text(encoding="utf-8"))["assessment"]
    reported = {int(k): Decimal(v) for k, v in data["indicators"].items() if int(k) <= 8}
    items = {i["code"]: Decimal(i["score"]) for i in data["items"]}
    return reported, items


@pytest.fixture
def shape_2564(catalogue):
    from assessments.scoring import framework_shape

    return framework_shape(catalogue[2564])


def test_it_reproduces_every_published_figure_of_seed_001(shape_2564):
    reported, items = seed_001()

    sheet = compute_scores(shape_2564, reported=reported, item_scores=items)

    assert sheet.sub_indicators == {
        "9.1": Decimal("100.00"),
        "9.2": Decimal("75.00"),
        "9.3": Decimal("85.71"),
        "9.4": Decimal("75.00"),
        "9.5": Decimal("60.00"),
        "10.1": Decimal("87.50"),
        "10.2": Decimal("0.00"),
    }
    assert sheet.indicators[9] == Decimal("79.14")
    assert sheet.indicators[10] == Decimal("43.75")
    assert sheet.indicator_source[9] == "items"
    assert sheet.tools == {"IIT": Decimal("96.09"), "EIT": Decimal("94.83"), "OIT": Decimal("61.45")}
    assert sheet.total == Decimal("81.86")
    assert sheet.grade == "B"
    assert sheet.passed is False


def test_flipping_one_item_changes_the_total(shape_2564):
    reported, items = seed_001()
    items["O17"] = Decimal("100")  # E-Service had no URL; suppose it had one

    sheet = compute_scores(shape_2564, reported=reported, item_scores=items)

    assert sheet.sub_indicators["9.2"] == Decimal("87.50")
    assert sheet.total > Decimal("81.86")


def test_an_oit_indicator_without_items_uses_the_published_score(shape_2564):
    reported = {n: Decimal("90") for n in range(1, 9)} | {9: Decimal("100"), 10: Decimal("100")}

    sheet = compute_scores(shape_2564, reported=reported, item_scores={})

    assert sheet.indicator_source[9] == "reported"
    assert sheet.tools["OIT"] == Decimal("100.00")
    assert sheet.total == Decimal("94.00")


def test_a_missing_indicator_leaves_its_tool_and_the_total_empty(shape_2564):
    reported = {n: Decimal("90") for n in (1, 2, 4, 5, 6, 7, 8, 9, 10)}  # seed 004 omits indicator 3

    sheet = compute_scores(shape_2564, reported=reported, item_scores={})

    assert sheet.indicator_source[3] == "missing"
    assert sheet.tools["IIT"] is None
    assert sheet.tools["EIT"] == Decimal("90.00")
    assert sheet.total is None
    assert sheet.grade == ""
    assert sheet.passed is None


def test_an_incomplete_item_table_does_not_invent_a_sub_indicator(shape_2564):
    reported, items = seed_001()
    del items["O5"]

    sheet = compute_scores(shape_2564, reported=reported | {9: Decimal("79.14")}, item_scores=items)

    assert sheet.sub_indicators["9.1"] is None
    assert sheet.indicator_source[9] == "reported"


def test_rounding_is_half_up_at_the_end_only():
    shape = FrameworkShape(
        weights={"OIT": Decimal("100")},
        indicators=[IndicatorShape(9, "OIT", {"9.1": ["O1", "O2"]}), IndicatorShape(10, "OIT", {"10.1": ["O3"]})],
        rating_rules=rules_from_data(BANDS),
        pass_mark=Decimal("85"),
    )
    # indicator 9 = mean(100, 0) = 50 from items; 10 has no item results, so its published 22.89 is used;
    # OIT = (50 + 22.89) / 2 = 36.445 → 36.45 half-up (banker's rounding would give 36.44).
    sheet = compute_scores(shape, reported={10: Decimal("22.89")}, item_scores={"O1": Decimal(100), "O2": Decimal(0)})
    assert (sheet.indicator_source[9], sheet.indicator_source[10]) == ("items", "reported")
    assert sheet.total == Decimal("36.45")


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "AA"),
        ("95.00", "AA"),
        ("94.99", "A"),
        ("85.00", "A"),
        ("84.99", "B"),
        ("75", "B"),
        ("74.99", "C"),
        ("65", "C"),
        ("55", "D"),
        ("54.99", "E"),
        ("50", "E"),
        ("49.99", "F"),
        ("0", "F"),
    ],
)
def test_grades_come_from_the_bands(score, grade):
    assert total_label(Decimal(score), rules_from_data(BANDS)) == grade


def test_recompute_stores_the_cached_scores(catalogue):
    from assessments.models import Indicator, IndicatorScore, Item, ItemResult
    from tests.factories import AssessmentFactory

    reported, items = seed_001()
    framework = catalogue[2564]
    assessment = AssessmentFactory(framework=framework, fiscal_year=2564)
    for number, score in reported.items():
        IndicatorScore.objects.create(
            assessment=assessment, indicator=Indicator.objects.get(framework=framework, number=number), score=score
        )
    for code, score in items.items():
        ItemResult.objects.create(
            assessment=assessment, item=Item.objects.get(framework=framework, code=code), score=score
        )

    assessment_recompute(assessment=assessment)

    assert assessment.score_total == Decimal("81.86")
    assert (assessment.score_iit, assessment.score_eit, assessment.score_oit) == (
        Decimal("96.09"),
        Decimal("94.83"),
        Decimal("61.45"),
    )
    assert assessment.grade == "B"
    assert assessment.computed_at is not None
