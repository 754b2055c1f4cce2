"""Read a CSV or XLSX table into rows keyed by column name.

Shared by every import. Tolerates what people's files have: a UTF-8 BOM,
title rows above the header, stray spaces, blank rows. Row numbers are the
spreadsheet's own (1-based, header included) so error messages point where
the user looks.

Memory stays bounded whatever the file claims: an XLSX's parts are inflated
here first, in steps, against MAX_PART_BYTES and MAX_INFLATED_BYTES (a 200 KB
zip can hold a 200 MB string); a streaming count refuses a row of more than
MAX_CELLS_PER_ROW cells and more than MAX_SHARED_STRINGS shared strings, which
openpyxl would hold in memory whole; rows are read at most MAX_COLUMNS wide
(openpyxl would pad a row with a cell in column XFD to 16,384 cells); the file
is parsed once whatever header variants are asked for.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 60  # the widest import has 17 columns; anything further right is ignored
MAX_CELL_CHARS = 5_000  # the longest text any form takes (a reviewer's comment)
MAX_PART_BYTES = 50 * 1024 * 1024  # one part of an XLSX, inflated
MAX_INFLATED_BYTES = 100 * 1024 * 1024  # all parts together
MAX_RATIO = 200  # inflated / compressed for a part over 1 MB; Excel's own XML compresses ~10–30 times
# openpyxl builds every cell of a row before it keeps max_col of them, and holds every shared string:
# a row of 1.5 million cells took +1.1 GB, 2.2 million tiny shared strings +340 MB. Both are counted
# in a streaming pass first. A real import row has at most a few dozen cells; 100,000 rows of
# distinct agency names, districts and comments stay far below the shared-string bound.
MAX_CELLS_PER_ROW = 1_000
MAX_SHARED_STRINGS = 400_000
_HEADER_SEARCH_ROWS = 20
_INFLATE_STEP = 1024 * 1024
_TOO_BIG = "ไฟล์ Excel นี้มีข้อมูลภายในใหญ่เกินกว่าที่ระบบรับได้"
_NOT_XLSX = "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่ถูกต้อง"


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message is Thai and shown to the user."""


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]


def read_table(
    source: Path | BinaryIO | bytes,
    *,
    filename: str,
    required: list[str],
    sheet: str | None = None,
    alternatives: Sequence[list[str]] = (),
) -> list[Row]:
    """Rows of the first table whose header holds every `required` column (of `sheet` in an XLSX, if named).

    `alternatives` are other headers accepted (English ones, older spellings), tried in order on the
    same parsed rows when `required` is not found.
    """
    if isinstance(source, bytes):
        data = source
    else:
        data = source.read_bytes() if isinstance(source, Path) else source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise SpreadsheetError("ไฟล์ว่างเปล่า")
    variants = [required, *alternatives]
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        table = _xlsx_table(data, sheet, variants)
    elif suffix in {".csv", ".txt"}:
        table = _csv_table(_csv_text(data), variants)
    else:
        raise SpreadsheetError("รองรับเฉพาะไฟล์ .csv หรือ .xlsx")
    if table is None:
        raise SpreadsheetError(f"ไม่พบแถวหัวตารางที่มีคอลัมน์ {', '.join(required)}")
    return table


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


def _csv_table(text: str, variants: list[list[str]]) -> list[Row] | None:
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            table = _table(reader, variants)
        except csv.Error:
            raise SpreadsheetError(
                f'อ่านไฟล์ CSV ไม่ได้ที่บรรทัด {reader.line_num}: มีช่องที่ยาวเกินไปหรือเครื่องหมายคำพูด (") ไม่ครบคู่'
            ) from None
        if table is not None:
            return table
    return None


def xlsx_sheet_names(data: bytes) -> list[str]:
    """The sheet names of an XLSX file, or [] when it is not one (SpreadsheetError when it is too big)."""
    from openpyxl import load_workbook

    _check_xlsx_parts(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def _xlsx_table(data: bytes, sheet_name: str | None, variants: list[list[str]]) -> list[Row] | None:
    from openpyxl import load_workbook

    _check_xlsx_parts(data)
    unsaved = _check_xlsx_shape(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SpreadsheetError(_NOT_XLSX) from None
    try:
        if sheet_name is not None and sheet_name not in workbook.sheetnames:
            raise SpreadsheetError(f"ไม่พบแผ่นงาน “{sheet_name}” ในไฟล์")
        sheet = workbook[sheet_name] if sheet_name is not None else workbook.worksheets[0]
        cells = unsaved.get(str(getattr(sheet, "_worksheet_path", "")).lstrip("/").lower())
        if cells:
            raise SpreadsheetError(
                f"ไฟล์นี้มีสูตรที่ยังไม่มีค่าที่คำนวณไว้ (เซลล์ {', '.join(cells)}) ระบบอ่านได้เฉพาะค่าที่บันทึกไว้ในไฟล์ "
                "กรุณาเปิดไฟล์ใน Excel หรือ LibreOffice แล้วกดบันทึกอีกครั้ง หรือวางเป็นค่าแทนสูตร"
            )
        # Both bounds given: openpyxl then trusts neither the sheet's stated dimension nor its widest row.
        return _table(sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS + 1, values_only=True), variants)
    finally:
        workbook.close()


def _check_xlsx_parts(data: bytes) -> None:
    """Refuse an XLSX whose parts would inflate past the limits, before openpyxl reads any of them.

    The sizes in the zip directory are the sender's claim, and zipfile's whole-part reads inflate
    everything there is in one step; so each part is inflated here, a megabyte at a time, and the
    count stops at the stated size: a part holding more than it states is refused too.
    """
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_NOT_XLSX) from None
    total = 0
    for part in parts:
        total += part.file_size
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or part.flag_bits & 0x1:
            raise SpreadsheetError(_NOT_XLSX)  # Excel writes neither other compressions nor encrypted parts
        too_dense = part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1)
        if part.file_size > MAX_PART_BYTES or total > MAX_INFLATED_BYTES or too_dense:
            raise SpreadsheetError(
                f"{_TOO_BIG} (ส่วน {part.filename[:100]} ขยายจาก {part.compress_size / 1024:,.0f} KB "
                f"เป็น {part.file_size / 1024 / 1024:,.1f} MB; รับได้ไม่เกิน {MAX_PART_BYTES // (1024 * 1024)} MB ต่อส่วน "
                f"และ {MAX_INFLATED_BYTES // (1024 * 1024)} MB ทั้งไฟล์) กรุณาลบข้อมูลที่ไม่ใช้ออก หรือแบ่งเป็นหลายไฟล์"
            )
        if _inflates_past(data, part):
            raise SpreadsheetError(f"{_TOO_BIG} (ส่วน {part.filename[:100]} มีข้อมูลมากกว่าที่ระบุไว้ในไฟล์)")


_SHAPED_PART = re.compile(r"^xl/(worksheets/[^/]+|sharedStrings)\.xml$", re.IGNORECASE)


class _ShapeRefused(Exception):
    pass


def _check_xlsx_shape(data: bytes) -> dict[str, list[str]]:
    """Refuse a row of more than MAX_CELLS_PER_ROW cells, or more than MAX_SHARED_STRINGS shared strings.

    One streaming pass of expat over each sheet and the shared strings, a megabyte at a time (the
    parts' sizes are already bounded), counting elements: nothing is kept but, per sheet, the first
    cells holding a formula without a saved value (a file written by a program that does not
    calculate), which read as empty.
    """
    unsaved: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.infolist():
            if _SHAPED_PART.match(part.filename):
                with archive.open(part) as stream:
                    unsaved[part.filename.lower()] = _count_elements(stream, part.filename)
    return unsaved


def _count_elements(stream: BinaryIO, name: str) -> list[str]:
    counts = {"row": 0, "cells": 0, "strings": 0}
    cell: dict[str, object] = {}
    unsaved: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            counts["cells"] += 1
            cell.update(ref=attributes.get("r", ""), formula=False, value=False, in_value=False)
            if counts["cells"] > MAX_CELLS_PER_ROW:
                raise _ShapeRefused(
                    f"{_TOO_BIG} (แถวที่ {counts['row']:,} มีข้อมูลเกิน {MAX_CELLS_PER_ROW:,} ช่อง) "
                    "กรุณาลบคอลัมน์ที่ไม่ใช้ออก หรือคัดลอกเฉพาะตารางไปวางในไฟล์ใหม่"
                )
        elif local == "f":
            cell["formula"] = True
        elif local == "v":
            cell["in_value"] = True
        elif local == "row":
            counts["row"] += 1
            counts["cells"] = 0
        elif local == "si":
            counts["strings"] += 1
            if counts["strings"] > MAX_SHARED_STRINGS:
                raise _ShapeRefused(
                    f"{_TOO_BIG} (มีข้อความต่างกันเกิน {MAX_SHARED_STRINGS:,} ข้อความ) "
                    "กรุณาคัดลอกเฉพาะตารางที่ต้องการนำเข้าไปวางในไฟล์ใหม่ หรือแบ่งเป็นหลายไฟล์"
                )

    def text(content: str) -> None:
        if cell.get("in_value") and content.strip():
            cell["value"] = True

    def end(tag: str) -> None:
        local = tag.rpartition(":")[2]
        if local == "v":
            cell["in_value"] = False
        elif local == "c" and cell.get("formula") and not cell.get("value") and len(unsaved) < 5:
            unsaved.append(str(cell["ref"]) or f"แถวที่ {counts['row']:,}")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        while chunk := stream.read(_INFLATE_STEP):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _ShapeRefused as refused:
        raise SpreadsheetError(str(refused)) from None
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise SpreadsheetError(f"{_NOT_XLSX} (ส่วน {name[:100]} เสียหาย)") from None
    return unsaved


def _inflates_past(data: bytes, part: zipfile.ZipInfo) -> bool:
    """Whether the part's compressed bytes inflate to more than its stated size (never inflating much more)."""
    offset = part.header_offset
    if data[offset : offset + 4] != b"PK\x03\x04":
        raise SpreadsheetError(_NOT_XLSX)
    try:
        name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    except struct.error:
        raise SpreadsheetError(_NOT_XLSX) from None
    start = offset + 30 + name_length + extra_length
    pending = memoryview(data)[start : start + part.compress_size]
    if part.compress_type == zipfile.ZIP_STORED:
        return len(pending) > part.file_size
    inflater, size = zlib.decompressobj(-zlib.MAX_WBITS), 0
    try:
        while size <= part.file_size and not inflater.eof:
            step = len(inflater.decompress(pending, _INFLATE_STEP))
            size, pending = size + step, inflater.unconsumed_tail
            if not pending and step < _INFLATE_STEP:
                break
    except zlib.error:
        raise SpreadsheetError(_NOT_XLSX) from None
    return size > part.file_size


def _table(rows: Iterable[Sequence[object]], variants: list[list[str]]) -> list[Row] | None:
    """Rows below the first header (within the top rows) holding one variant's columns; None if there is none.

    Reads `rows` once, keeping at most MAX_COLUMNS cells of each. A cell longer than MAX_CELL_CHARS is
    refused with its row and column: truncating it would store a different text than the file's.
    """
    rows = iter(rows)
    top = [[_cell_text(v) for v in islice(raw, MAX_COLUMNS)] for raw in islice(rows, _HEADER_SEARCH_ROWS)]
    wanted_sets = [{_clean_header(c) for c in required} for required in variants]
    index = next(
        (i for wanted in wanted_sets for i, raw in enumerate(top) if wanted <= {_clean_header(c) for c in raw}),
        None,
    )
    if index is None:
        return None
    labels = top[index]
    header = [_clean_header(c) for c in labels]
    table: list[Row] = []
    too_long: list[str] = []
    for number, raw in enumerate(chain(top[index + 1 :], rows), start=index + 2):
        if number > MAX_ROWS:
            raise SpreadsheetError(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว")
        values = {}
        for name, label, cell in zip(header, labels, raw, strict=False):
            text = " ".join(_cell_text(cell).split()) if name else ""
            if len(text) > MAX_CELL_CHARS:
                too_long.append(f"แถวที่ {number} คอลัมน์ {label.strip()} ({len(text):,} ตัวอักษร)")
                text = ""
            if name:
                values[name] = text
        if any(values.values()):
            table.append(Row(number=number, values=values))
    if too_long:
        more = f" และอีก {len(too_long) - 5:,} ช่อง" if len(too_long) > 5 else ""
        raise SpreadsheetError(
            f"ข้อความในช่องยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร: {', '.join(too_long[:5])}{more} กรุณาย่อให้สั้นลง"
        )
    if not table:
        raise SpreadsheetError("ไม่มีข้อมูลใต้แถวหัวตาราง")
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean_header(cell: object) -> str:
    return " ".join(str(cell or "").replace("\ufeff", "").split()).lower()
