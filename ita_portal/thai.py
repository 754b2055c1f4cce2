"""Thai text helpers: digits, Buddhist-Era dates, fiscal years and reporting rounds.

This is the only place these rules live; templates reach them through the
filters in ita_portal/templatetags/thai.py. pythainlp does the digit and
date formatting; what is ours is the fiscal calendar of Thai government:
the fiscal year runs 1 October – 30 September and is named by the
Buddhist-Era year in which it ends (1 Oct 2566 is in ปีงบประมาณ ๒๕๖๗).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Final

from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime
from pythainlp.util.date import thai_abbr_months, thai_full_months

BE_OFFSET: Final = 543
MONTHS: Final[list[str]] = list(thai_full_months)  # มกราคม … ธันวาคม
SIX_MONTH: Final = 6
TWELVE_MONTH: Final = 12
ROUND_LABELS: Final = {SIX_MONTH: "รอบ ๖ เดือน", TWELVE_MONTH: "รอบ ๑๒ เดือน"}


# A web address inside text: its digits are part of the address, which would no longer lead anywhere in ๐–๙.
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def thai_digits(value: object) -> str:
    """Any value as text with Arabic digits replaced by Thai digits (๐–๙), except inside web addresses.

    Names people gave (a file's name, a document's title) are printed as given: don't pass them here.
    """
    if value is None:
        return ""
    text = str(value)
    if "://" not in text and "www." not in text.lower():
        return arabic_digit_to_thai_digit(text)
    parts, start = [], 0
    for address in _WEB_ADDRESS.finditer(text):
        parts += [arabic_digit_to_thai_digit(text[start : address.start()]), address.group()]
        start = address.end()
    return "".join([*parts, arabic_digit_to_thai_digit(text[start:])])


def arabic_digits(text: str) -> str:
    """Thai digits (๐–๙) replaced by Arabic digits; other characters untouched."""
    return thai_digit_to_arabic_digit(text) if text else text


def thai_number(value: Decimal | float | int | None, places: int = 2) -> str:
    """A score or amount with fixed decimals and thousands separators, in Thai digits."""
    if value is None:
        return "–"
    return thai_digits(f"{Decimal(value):,.{places}f}")


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def thai_date(value: datetime.date | datetime.datetime | None) -> str:
    """Official long date, e.g. ๒๙ มีนาคม ๒๕๖๗ (no leading zero, full month, BE year)."""
    if value is None:
        return ""
    return thai_strftime(_as_datetime(value), "%-d %B %Y", thaidigit=True)


def thai_datetime(value: datetime.datetime | None) -> str:
    """Date and time as printed in an audit line: ๒๙ มีนาคม ๒๕๖๗ เวลา ๑๔.๐๕ น."""
    if value is None:
        return ""
    return thai_strftime(value, "%-d %B %Y เวลา %H.%M น.", thaidigit=True)


def thai_month_year(value: datetime.date | None) -> str:
    """Month and BE year, e.g. มีนาคม ๒๕๖๗."""
    if value is None:
        return ""
    return thai_digits(f"{MONTHS[value.month - 1]} {be_year(value.year)}")


def fiscal_year(value: datetime.date) -> int:
    """Buddhist-Era fiscal year that contains the date (1 Oct 2566 → 2567)."""
    year_ce = value.year + 1 if value.month >= 10 else value.year
    return be_year(year_ce)


def fiscal_year_bounds(year_be: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a BE fiscal year: 2567 → 1 Oct 2023, 30 Sep 2024."""
    end_ce = ce_year(year_be)
    return datetime.date(end_ce - 1, 10, 1), datetime.date(end_ce, 9, 30)


def round_period(year_be: int, months: int) -> tuple[datetime.date, datetime.date]:
    """Period a progress round covers: 6 → 1 Oct–31 Mar, 12 → 1 Oct–30 Sep."""
    start, end = fiscal_year_bounds(year_be)
    if months == SIX_MONTH:
        return start, datetime.date(end.year, 3, 31)
    if months == TWELVE_MONTH:
        return start, end
    raise ValueError(f"unknown round: {months} months")


def round_for_date(value: datetime.date) -> int:
    """The round whose period a date falls in last: Oct–Mar → 6, Apr–Sep → 12."""
    return SIX_MONTH if value.month >= 10 or value.month <= 3 else TWELVE_MONTH


def current_round(year_be: int, today: datetime.date) -> int:
    """The round a plan of this fiscal year is reporting on today (future year → 6, past → 12)."""
    start, end = fiscal_year_bounds(year_be)
    if today < start:
        return SIX_MONTH
    if today > end:
        return TWELVE_MONTH
    return round_for_date(today)


def month_range_text(start: datetime.date | None, end: datetime.date | None) -> str:
    """Period as in the plans: ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖."""
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        return thai_month_year(start or end)
    return f"{thai_month_year(start)} – {thai_month_year(end)}"


def date_range_text(start: datetime.date, end: datetime.date) -> str:
    """Exact period as in the reports: ๑ ตุลาคม ๒๕๖๕ – ๓๑ มีนาคม ๒๕๖๖."""
    return f"{thai_date(start)} – {thai_date(end)}"


def round_period_text(year_be: int, months: int) -> str:
    start, end = round_period(year_be, months)
    return date_range_text(start, end)


def _as_datetime(value: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime(value.year, value.month, value.day)


# The years a typed date may fall in (พ.ศ.): a year-first date from 2400 on is already Buddhist Era.
_BE_YEARS: Final = (2400, 2700)
_YEAR_FIRST_DATE = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s*([^\d\s]+)\s*(?:พ\.ศ\.)?\s*(\d{2}|\d{4})$")
_MONTH_WORDS = (
    {name: i for i, name in enumerate(MONTHS, start=1)}
    | {name: i for i, name in enumerate(thai_abbr_months, start=1)}
    | {name.replace(".", ""): i for i, name in enumerate(thai_abbr_months, start=1)}
)


def parse_thai_date(text: str) -> datetime.date:
    """A date as Thai officials write it, always Buddhist Era: 12/7/64, 12/7/2564, ๑๒ ก.ค. ๖๔,
    12 กรกฎาคม 2564. ValueError in Thai otherwise, for every invalid date.

    A two-digit year is 25xx (64 → 2564), as in the NACC's appeal notes. A year-first date (2567-01-15,
    2021-07-12) is Buddhist Era from 2400 on and Christian Era below, as a browser or a spreadsheet
    writes it; every form must land in พ.ศ. 2400–2700, so 0001-01-01 is refused rather than shown as 544.
    """
    value = " ".join(arabic_digits(text or "").split())
    if match := _YEAR_FIRST_DATE.match(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        year_be = year if year >= _BE_YEARS[0] else be_year(year)
    else:
        if match := _NUMERIC_DATE.match(value):
            day, month, year_text = int(match[1]), int(match[2]), match[3]
        else:
            match = _WORD_DATE.match(value)
            word_month = _MONTH_WORDS.get(match[2]) if match else None
            if not match or word_month is None:
                raise ValueError(f"อ่านวันที่ “{text}” ไม่ได้ (ตัวอย่าง: ๑๒/๗/๒๕๖๔ หรือ ๑๒ กรกฎาคม ๒๕๖๔)")
            day, month, year_text = int(match[1]), word_month, match[3]
        year_be = 2500 + int(year_text) if len(year_text) == 2 else int(year_text)
    if not _BE_YEARS[0] <= year_be <= _BE_YEARS[1]:
        raise ValueError(f"ปี พ.ศ. ของวันที่ “{text}” ต้องอยู่ระหว่าง ๒๔๐๐ ถึง ๒๗๐๐")
    try:
        return datetime.date(ce_year(year_be), month, day)
    except ValueError:
        raise ValueError(f"ไม่มีวันที่ “{text}” ในปฏิทิน") from None


def short_date(value: datetime.date | None) -> str:
    """d/m/พ.ศ. with Arabic digits, for a form field someone may edit: 12/7/2564."""
    return "" if value is None else f"{value.day}/{value.month}/{be_year(value.year)}"


def numbers_text(numbers: list[int]) -> str:
    """[1, 2, 4, 5, 6] → "๑, ๒, ๔–๖" (Thai digits, runs of three or more as a range)."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(n) for n in run)
    return thai_digits(", ".join(parts))
