"""The year's official rating: letter bands (2564–2565) and the NACC's labels with per-tool minimums (2566 on)."""

from decimal import Decimal as D

import pytest

from assessments import rating
from assessments.catalogue import bundled_rating
from assessments.rating import RatingRule, rate, rules_from_data, rules_problems

LABELS = rules_from_data(bundled_rating(2568)[1])
BANDS = rules_from_data(bundled_rating(2564)[1])


def tools(iit="97", eit="97", oit="97"):
    return {"IIT": D(iit), "EIT": D(eit), "OIT": D(oit)}


@pytest.mark.parametrize(
    ("total", "each", "label"),
    [
        ("100", tools(), "ผ่านดีเยี่ยม"),
        ("95.00", tools("95", "95", "95"), "ผ่านดีเยี่ยม"),
        ("95.00", tools("95", "94.99", "95"), "ผ่านดี"),
        ("94.99", tools(), "ผ่านดี"),
        ("85.00", tools("85", "85", "85"), "ผ่านดี"),
        ("94.64", tools("97", "84.9", "99"), "ผ่าน"),  # สตง. in 2568: EIT below 85
        ("85.00", tools("99", "99", "84.99"), "ผ่าน"),
        ("84.99", tools(), "ต้องปรับปรุง"),
        ("70.00", tools(), "ต้องปรับปรุง"),
        ("69.99", tools(), "ต้องปรับปรุงโดยด่วน"),
        ("0", tools("0", "0", "0"), "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_labels_follow_the_first_rule_that_holds_from_the_top(total, each, label):
    assert rate(D(total), each, LABELS).label == label


@pytest.mark.parametrize(
    ("total", "letter"),
    [
        *[("100", "AA"), ("95", "AA"), ("94.99", "A"), ("85", "A"), ("84.99", "B"), ("81.86", "B"), ("75", "B")],
        *[("74.99", "C"), ("65", "C"), ("55", "D"), ("54.99", "E"), ("50", "E"), ("49.99", "F"), ("0", "F")],
    ],
)
def test_letter_bands_depend_on_the_total_alone(total, letter):
    assert rate(D(total), {}, BANDS, scheme=rating.BANDS).label == letter


def test_the_explanation_names_the_tool_that_kept_the_result_from_the_next_label():
    result = rate(D("94.64"), tools("97", "84.9", "99"), LABELS, confirmed=False)

    assert result.explanation == "ผ่าน — คะแนนรวม ๙๔.๖๔ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี (เกณฑ์ยังไม่ยืนยัน)"


def test_the_explanation_names_every_tool_below_the_minimum():
    result = rate(D("96"), tools("94", "97", "90"), LABELS)

    assert result.reason == "คะแนนรวม ๙๖.๐๐ แต่ IIT ต่ำกว่า ๙๕ และ OIT ต่ำกว่า ๙๕ จึงไม่ได้ระดับผ่านดีเยี่ยม"


def test_the_explanation_of_a_total_below_the_next_rule():
    assert rate(D("84.99"), tools(), LABELS).reason == "คะแนนรวม ๘๔.๙๙ ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่าน"


def test_the_top_label_says_every_tool_reached_its_minimum():
    assert rate(D("95"), tools("95", "95", "95"), LABELS).reason == ("คะแนนรวม ๙๕.๐๐ และทุกแบบวัดได้ตั้งแต่ ๙๕ คะแนนขึ้นไป")


def test_a_published_total_without_tool_scores_cannot_reach_a_rule_that_needs_them():
    result = rate(D("94"), {"IIT": None, "EIT": D("90"), "OIT": D("99")}, LABELS)

    assert result.label == "ผ่าน"
    assert result.reason == "คะแนนรวม ๙๔.๐๐ แต่ยังไม่มีคะแนนครบทุกแบบวัด จึงยังพิจารณาระดับผ่านดีไม่ได้"


def test_seed_001_scores_b_in_2564_with_its_band_explained():
    result = rate(D("81.86"), tools("96.09", "94.83", "61.45"), BANDS, scheme=rating.BANDS)

    assert (result.label, result.reason) == ("B", "คะแนนรวม ๘๑.๘๖ อยู่ในช่วง ๗๕–๘๔.๙๙ คะแนน")
    assert result.explanation.endswith("คะแนน")  # confirmed bands carry no warning


def test_no_total_no_rating():
    assert rate(None, tools(), LABELS).label == ""


def test_the_badge_tone_follows_the_pass_mark():
    assert rate(D("90"), tools(), LABELS).tone == "pass"
    assert rate(D("80"), tools(), LABELS).tone == "mid"
    assert rate(D("10"), tools(), LABELS).tone == "low"


def test_bundled_labels_are_candidates_and_bands_verified():
    assert bundled_rating(2566)[0] == rating.LABELS and bundled_rating(2569)[2] == "candidate"
    assert bundled_rating(2565)[0] == rating.BANDS and bundled_rating(2565)[2] == "verified"


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ([RatingRule("ผ่าน", D("85")), RatingRule("ผ่านดี", D("90")), RatingRule("อื่น", D("0"))], "เรียงจากสูงไปต่ำ"),
        ([RatingRule("ผ่าน", D("85")), RatingRule("ผ่าน", D("0"))], "ซ้ำ"),
        ([RatingRule("ผ่าน", D("85"))], "ระดับสุดท้ายต้องเริ่มที่ ๐"),
        ([RatingRule("ผ่าน", D("185")), RatingRule("ไม่ผ่าน", D("0"))], "ระหว่าง ๐ ถึง ๑๐๐"),
        ([], "อย่างน้อยหนึ่งระดับ"),
    ],
)
def test_rules_are_checked_in_thai(rules, problem):
    assert any(problem in p for p in rules_problems(rules))


def test_the_bundled_rules_have_no_problems():
    assert rules_problems(LABELS) == [] and rules_problems(BANDS) == []
