"""Reviewer comments split into decision, date and original comment; scores typed as people type them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.imports.comments import CommentError, split_comment
from assessments.imports.common import RowError, parse_score
from tests.assessments.fixtures.imports_helpers import seed_001


@pytest.mark.parametrize("item", seed_001()["items"], ids=lambda i: i["code"])
def test_every_comment_of_seed_001_splits_as_the_seed_extraction_did(item):
    split = split_comment(item["raw_comment"])

    assert split.decision == item["decision"]
    assert (split.decision_date.isoformat() if split.decision_date else None) == item["decision_date"]
    assert split.comment == item["comment"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ปรับคะแนน ๑๒/๗/๖๔ ----- เดิม", ("ปรับคะแนน", datetime.date(2021, 7, 12), "เดิม")),
        ("ปรับคะแนน 1/10/2564 --- เดิม", ("ปรับคะแนน", datetime.date(2021, 10, 1), "เดิม")),
        ("ปรับคะแนน 1 / 10 / 64-----เดิม", ("ปรับคะแนน", datetime.date(2021, 10, 1), "เดิม")),
        ("ไม่ปรับ 12/7/64 ----- ----- --- เหตุผลเดิม", ("ไม่ปรับ", datetime.date(2021, 7, 12), "เหตุผลเดิม")),
        ("ไม่มี URL", ("", None, "ไม่มี URL")),
        ("ดูรายงานปี 2563 ----- ไม่ครบ", ("", None, "ดูรายงานปี 2563 ----- ไม่ครบ")),
        ("  ", ("", None, "")),
    ],
)
def test_comments_split_only_on_a_date_followed_by_a_dash_line(raw, expected):
    split = split_comment(raw)

    assert (split.decision, split.decision_date, split.comment) == expected


def test_an_impossible_decision_date_is_an_error_in_thai():
    with pytest.raises(CommentError, match="31/2/64"):
        split_comment("ปรับคะแนน 31/2/64 ----- เดิม")


@given(st.text(max_size=200))
def test_splitting_any_text_either_succeeds_or_raises_a_comment_error(raw):
    try:
        split = split_comment(raw)
    except CommentError:
        return
    assert split.comment in raw or split.decision


@pytest.mark.parametrize(
    ("typed", "value"),
    [("๘๗.๗", "87.70"), (" 100 ", "100.00"), ("100.00", "100.00"), ("0", "0.00"), ("-0", "0.00"), ("95.5%", "95.50")],
)
def test_scores_are_read_as_people_type_them(typed, value):
    assert parse_score(typed) == Decimal(value)
    assert str(parse_score(typed)) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("101", "ต้องอยู่ระหว่าง 0 ถึง 100"),
        ("-1", "ต้องอยู่ระหว่าง 0 ถึง 100"),
        ("87.777", "ทศนิยมเกิน 2 ตำแหน่ง"),
        ("1e2", "ไม่ใช่ตัวเลข"),
        ("NaN", "ไม่ใช่ตัวเลข"),
        ("87,7", "ไม่ใช่ตัวเลข"),
        ("", "ไม่ใช่ตัวเลข"),
    ],
)
def test_impossible_scores_are_refused_in_thai(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_score(typed)


def test_an_error_names_its_row_and_column():
    assert str(RowError(12, "คะแนน", "ต้องระบุคะแนน")) == "แถวที่ 12 คอลัมน์ คะแนน: ต้องระบุคะแนน"
    assert str(RowError(None, "ตัวชี้วัดที่ 3", "ไม่พบคอลัมน์นี้")) == "คอลัมน์ ตัวชี้วัดที่ 3: ไม่พบคอลัมน์นี้"
