"""What both importers share: reading the upload, scores typed as people type them, Thai errors by row and column."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ita_portal.spreadsheets import MAX_BYTES, Row, SpreadsheetError, read_table
from ita_portal.thai import arabic_digits

logger = logging.getLogger(__name__)

# A preview lists at most this many errors; the count of all of them is always shown.
MAX_SHOWN_ERRORS = 1000
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")


class ImportRefused(ValueError):
    """The file as a whole cannot be imported (not a spreadsheet, empty, too big …); Thai message."""


@dataclass(frozen=True)
class RowError:
    """One problem, where the user looks for it: the spreadsheet's row number and the column's name."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"คอลัมน์ {self.column}: {self.message}" if self.column else self.message
        return f"แถวที่ {self.row} คอลัมน์ {self.column}: {self.message}"


def read_rows(data: bytes, *, filename: str, header_variants: list[list[str]]) -> list[Row]:
    """Rows below the first header holding one of the variants' columns (tried in order, on one parse).

    Every failure becomes ImportRefused with a Thai message: read_table's own
    refusals, and anything a malformed file makes the XLSX reader raise.
    """
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return read_table(data, filename=filename, required=header_variants[0], alternatives=header_variants[1:])
    except SpreadsheetError as exc:
        raise ImportRefused(str(exc)) from None
    except Exception:  # a damaged XLSX can fail anywhere inside openpyxl
        logger.info("unreadable upload %r", filename, exc_info=True)
        raise ImportRefused("อ่านไฟล์ไม่ได้: ไฟล์เสียหายหรือไม่ใช่ตาราง .xlsx / .csv") from None


def header_keys(rows: list[Row]) -> list[str]:
    """Column names of the table, in order (a short row does not hide a column)."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.values:
            seen.setdefault(key, None)
    return list(seen)


def squash_header(text: str) -> str:
    """A header cell reduced for matching: Arabic digits, no spaces, lower case."""
    return _SPACES.sub("", arabic_digits(text)).lower()


def parse_number(text: str) -> Decimal:
    """A number as typed: Thai digits (๘๗.๗), stray spaces, a trailing %; ValueError with a Thai message."""
    cleaned = _SPACES.sub("", arabic_digits(text)).removesuffix("%")
    if not _NUMBER.match(cleaned):
        raise ValueError(f"“{text}” ไม่ใช่ตัวเลข")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise ValueError(f"“{text}” ไม่ใช่ตัวเลข") from None


def parse_score(text: str) -> Decimal:
    """A published score: 0–100 with at most two decimals."""
    value = parse_number(text)
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError(f"คะแนน {text} ต้องอยู่ระหว่าง 0 ถึง 100")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"คะแนน {text} มีทศนิยมเกิน 2 ตำแหน่ง")
    return value.quantize(Decimal("0.01")) + 0  # + 0 turns a typed "-0" into 0.00
