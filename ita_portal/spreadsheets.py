"""Read a CSV or XLSX table into rows keyed by column name.

Shared by every import. Tolerates what people's files have: a UTF-8 BOM,
title rows above the header, stray spaces, blank rows. Row numbers are the
spreadsheet's own (1-based, header included) so error messages point where
the user looks.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
_HEADER_SEARCH_ROWS = 20


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message is Thai and shown to the user."""


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]


def read_table(
    source: Path | BinaryIO | bytes, *, filename: str, required: list[str], sheet: str | None = None
) -> list[Row]:
    """Rows of the first table whose header holds every `required` column (of `sheet` in an XLSX, if named)."""
    if isinstance(source, bytes):
        data = source
    else:
        data = source.read_bytes() if isinstance(source, Path) else source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise SpreadsheetError("ไฟล์ว่างเปล่า")
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return _rows_below_header(_xlsx_grid(data, sheet), required)
    if suffix not in {".csv", ".txt"}:
        raise SpreadsheetError("รองรับเฉพาะไฟล์ .csv หรือ .xlsx")
    text = _csv_text(data)
    first_error = None
    for delimiter in (",", ";", "\t"):
        try:
            return _rows_below_header(_csv_grid(text, delimiter), required)
        except SpreadsheetError as exc:
            first_error = first_error or exc
    raise first_error  # type: ignore[misc]


def _csv_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp874")  # Thai Windows: what Excel writes for "CSV" on a Thai PC
        except UnicodeDecodeError:
            raise SpreadsheetError("อ่านไฟล์ไม่ได้: ไม่ใช่ข้อความ UTF-8 หรือภาษาไทย Windows (cp874)") from None
    if "\x00" in text:
        raise SpreadsheetError("ไฟล์นี้ไม่ใช่ไฟล์ CSV")
    return text


def _csv_grid(text: str, delimiter: str) -> list[list[str]]:
    try:
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise SpreadsheetError(f"อ่านไฟล์ CSV ไม่ได้: {exc}") from None


def xlsx_sheet_names(data: bytes) -> list[str]:
    """The sheet names of an XLSX file, or [] when it is not one."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def _xlsx_grid(data: bytes, sheet_name: str | None = None) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SpreadsheetError("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่ถูกต้อง") from None
    if sheet_name is not None and sheet_name not in workbook.sheetnames:
        raise SpreadsheetError(f"ไม่พบแผ่นงาน “{sheet_name}” ในไฟล์")
    sheet = workbook[sheet_name] if sheet_name is not None else workbook.worksheets[0]
    grid = []
    for index, values in enumerate(sheet.iter_rows(values_only=True)):
        if index > MAX_ROWS:
            raise SpreadsheetError(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว")
        grid.append(["" if v is None else _cell_text(v) for v in values])
    workbook.close()
    return grid


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_below_header(grid: list[list[str]], required: list[str]) -> list[Row]:
    if len(grid) > MAX_ROWS:
        raise SpreadsheetError(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว")
    wanted = {_clean_header(c) for c in required}
    index = next(
        (i for i, raw in enumerate(grid[:_HEADER_SEARCH_ROWS]) if wanted <= {_clean_header(c) for c in raw}), None
    )
    if index is None:
        raise SpreadsheetError(f"ไม่พบแถวหัวตารางที่มีคอลัมน์ {', '.join(required)}")
    header = [_clean_header(c) for c in grid[index]]
    rows = []
    for offset, raw in enumerate(grid[index + 1 :], start=index + 2):
        values = {name: " ".join(str(cell).split()) for name, cell in zip(header, raw, strict=False) if name}
        if any(values.values()):
            rows.append(Row(number=offset, values=values))
    if not rows:
        raise SpreadsheetError("ไม่มีข้อมูลใต้แถวหัวตาราง")
    return rows


def _clean_header(cell: object) -> str:
    return " ".join(str(cell or "").replace("\ufeff", "").split()).lower()
