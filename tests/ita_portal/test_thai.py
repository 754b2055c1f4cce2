import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ita_portal import thai
from oit.services import workspace_open
from tests.factories import AgencyFactory, MembershipFactory


def test_it_turns_arabic_digits_into_thai_digits_and_back():
    assert thai.thai_digits("ที่ นศ 77501/203 โทร. 0-7535-5631") == "ที่ นศ ๗๗๕๐๑/๒๐๓ โทร. ๐-๗๕๓๕-๕๖๓๑"
    assert thai.arabic_digits("๘๗.๗") == "87.7"
    assert thai.thai_digits(None) == ""


def test_digits_inside_a_web_address_stay_as_they_are_so_the_address_still_works():
    text = "ไม่พบข้อมูลปี 2566 ที่ https://www.x.go.th/ita/2566?page=2 และ www.y.go.th/o11-2566 (ข้อ 2)"
    assert thai.thai_digits(text) == (
        "ไม่พบข้อมูลปี ๒๕๖๖ ที่ https://www.x.go.th/ita/2566?page=2 และ www.y.go.th/o11-2566 (ข้อ ๒)"
    )


def test_it_prints_scores_with_two_decimals_in_thai_digits():
    assert thai.thai_number(Decimal("81.86")) == "๘๑.๘๖"
    assert thai.thai_number(Decimal("100")) == "๑๐๐.๐๐"
    assert thai.thai_number(1234567.5, places=2) == "๑,๒๓๔,๕๖๗.๕๐"
    assert thai.thai_number(None) == "–"


def test_it_prints_official_dates_without_leading_zero_and_in_buddhist_era():
    assert thai.thai_date(datetime.date(2024, 3, 29)) == "๒๙ มีนาคม ๒๕๖๗"
    assert thai.thai_date(datetime.date(2024, 3, 5)) == "๕ มีนาคม ๒๕๖๗"
    assert thai.thai_date(None) == ""


def test_it_prints_the_leap_day():
    assert thai.thai_date(datetime.date(2024, 2, 29)) == "๒๙ กุมภาพันธ์ ๒๕๖๗"
    assert thai.fiscal_year(datetime.date(2024, 2, 29)) == 2567


def test_it_prints_date_and_time_for_audit_lines():
    value = datetime.datetime(2024, 3, 29, 14, 5)
    assert thai.thai_datetime(value) == "๒๙ มีนาคม ๒๕๖๗ เวลา ๑๔.๐๕ น."


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2023, 9, 30), 2566),
        (datetime.date(2023, 10, 1), 2567),
        (datetime.date(2024, 3, 31), 2567),
        (datetime.date(2024, 4, 1), 2567),
        (datetime.date(2024, 9, 30), 2567),
        (datetime.date(2024, 12, 31), 2568),
        (datetime.date(2025, 1, 1), 2568),
    ],
)
def test_it_names_the_fiscal_year_by_the_be_year_in_which_it_ends(day, expected):
    assert thai.fiscal_year(day) == expected


def test_fiscal_year_bounds_run_from_1_october_to_30_september():
    assert thai.fiscal_year_bounds(2567) == (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))


def test_the_six_month_round_ends_on_31_march_and_the_twelve_month_round_on_30_september():
    assert thai.round_period(2566, 6) == (datetime.date(2022, 10, 1), datetime.date(2023, 3, 31))
    assert thai.round_period(2566, 12) == (datetime.date(2022, 10, 1), datetime.date(2023, 9, 30))
    assert thai.round_period_text(2566, 6) == "๑ ตุลาคม ๒๕๖๕ – ๓๑ มีนาคม ๒๕๖๖"
    with pytest.raises(ValueError):
        thai.round_period(2566, 3)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2023, 3, 31), 6),
        (datetime.date(2023, 4, 1), 12),
        (datetime.date(2023, 9, 30), 12),
        (datetime.date(2023, 10, 1), 6),
    ],
)
def test_a_date_belongs_to_the_round_whose_period_it_ends_in(day, expected):
    assert thai.round_for_date(day) == expected


def test_month_ranges_print_as_in_the_plans():
    start, end = datetime.date(2022, 10, 1), datetime.date(2023, 9, 30)
    assert thai.month_range_text(start, end) == "ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖"
    assert thai.month_range_text(start, None) == "ตุลาคม ๒๕๖๕"
    assert thai.month_range_text(None, None) == ""


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2022, 9, 30), 6),  # before FY 2566 starts
        (datetime.date(2022, 10, 1), 6),
        (datetime.date(2023, 3, 31), 6),
        (datetime.date(2023, 4, 1), 12),
        (datetime.date(2023, 9, 30), 12),
        (datetime.date(2024, 1, 15), 12),  # FY 2566 is over
    ],
)
def test_the_current_round_of_a_plan_follows_its_fiscal_year(today, expected):
    assert thai.current_round(2566, today) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/7/64", datetime.date(2021, 7, 12)),  # the NACC's appeal notes
        ("12/7/2564", datetime.date(2021, 7, 12)),
        ("๑๒/๐๗/๒๕๖๔", datetime.date(2021, 7, 12)),
        ("12-7-2564", datetime.date(2021, 7, 12)),
        ("๒๙ กุมภาพันธ์ ๒๕๖๗", datetime.date(2024, 2, 29)),
        ("29 ก.พ. 67", datetime.date(2024, 2, 29)),
        ("29 กพ 2567", datetime.date(2024, 2, 29)),
        ("12 กรกฎาคม พ.ศ. 2564", datetime.date(2021, 7, 12)),
        ("2021-07-12", datetime.date(2021, 7, 12)),  # a browser's or a spreadsheet's date: Christian Era
        ("2567-01-15", datetime.date(2024, 1, 15)),  # year-first from 2400 on: Buddhist Era, not 3110
        ("๒๕๖๗-๐๑-๑๕", datetime.date(2024, 1, 15)),
        ("2567/1/15", datetime.date(2024, 1, 15)),
        ("2700-12-31", datetime.date(2157, 12, 31)),
        ("1857-01-01", datetime.date(1857, 1, 1)),  # พ.ศ. 2400
    ],
)
def test_dates_are_read_in_the_buddhist_era_as_officials_write_them(typed, expected):
    assert thai.parse_thai_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("29/2/2566", "ไม่มีวันที่"),
        ("12/13/2564", "ไม่มีวันที่"),
        ("เมื่อวาน", "อ่านวันที่"),
        ("12/7/1999", "ปี พ.ศ."),
        ("", "อ่านวันที่"),
        ("2567-02-31", "ไม่มีวันที่"),  # was Python's "day is out of range for month"
        ("2567-13-01", "ไม่มีวันที่"),
        ("0001-01-01", "ปี พ.ศ."),  # was read as 1 CE and shown as พ.ศ. 544
        ("0000-01-01", "ปี พ.ศ."),  # was Python's "year 0 is out of range"
        ("2701-01-01", "ปี พ.ศ."),
        ("1856-12-31", "ปี พ.ศ."),
        ("2399-01-01", "ปี พ.ศ."),  # below 2400 it is Christian Era: พ.ศ. 2942
    ],
)
def test_impossible_dates_are_refused_in_thai(typed, message):
    with pytest.raises(ValueError, match=message):
        thai.parse_thai_date(typed)


@pytest.fixture
def assign_page(client, catalogue):
    """The OIT assign form (a ThaiDateField, กำหนดเสร็จ) of one answer, posted by its coordinator."""
    agency = AgencyFactory()
    coordinator = MembershipFactory(agency=agency, role="coordinator").user
    answer = workspace_open(agency=agency, fiscal_year=2569, user=coordinator).answers.first()
    client.force_login(coordinator)
    return answer, reverse("oit:answer_assign", args=[answer.pk])


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2567-02-31", "ไม่มีวันที่ “2567-02-31” ในปฏิทิน"),
        ("0001-01-01", "ปี พ.ศ. ของวันที่ “0001-01-01” ต้องอยู่ระหว่าง ๒๔๐๐ ถึง ๒๗๐๐"),
        ("3110-01-15", "ปี พ.ศ. ของวันที่ “3110-01-15” ต้องอยู่ระหว่าง ๒๔๐๐ ถึง ๒๗๐๐"),
    ],
)
def test_a_form_answers_an_invalid_year_first_date_in_thai_and_saves_nothing(client, assign_page, typed, message):
    answer, url = assign_page
    response = client.post(url, {"version": answer.version, "due_date": typed})
    assert response.status_code == 200
    assert response.context["assign_form"].errors["due_date"] == [message]
    answer.refresh_from_db()
    assert answer.due_date is None


def test_a_form_reads_a_year_first_date_from_2400_on_as_buddhist_era(client, assign_page):
    answer, url = assign_page
    assert client.post(url, {"version": answer.version, "due_date": "2567-01-15"}).status_code == 302
    answer.refresh_from_db()
    assert answer.due_date == datetime.date(2024, 1, 15)


def test_a_date_for_editing_is_day_month_and_be_year():
    assert thai.short_date(datetime.date(2021, 7, 12)) == "12/7/2564"
    assert thai.short_date(None) == ""
