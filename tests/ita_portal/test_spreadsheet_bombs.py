"""Crafted spreadsheets that once took gigabytes: each is refused in Thai or read within bounded memory.

The files are built here part by part with zipfile, as an attacker would. Peak
memory is measured in child processes: a baseline child that only imports
Django and the readers, then a child that parses the file; the growth between
the two is what one upload costs a web process.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from assessments.imports import items as items_module
from assessments.imports.common import ImportRefused, read_rows
from assessments.imports.items import item_table_parse
from assessments.imports.results import HEADER_VARIANTS as RESULTS_VARIANTS
from assessments.imports.results import results_sheet_import, results_sheet_parse
from ita_portal.spreadsheets import MAX_BYTES, MAX_CELL_CHARS, MAX_CELLS_PER_ROW, SpreadsheetError, read_table
from tests.assessments.fixtures.imports_helpers import (
    ITEM_HEADER,
    RESULTS_HEADER,
    national_sheet,
    table_counts,
    xlsx_bytes,
)
from tests.factories import AgencyFactory

ROOT = Path(__file__).resolve().parents[2]
MEMORY_BUDGET_KB = 300 * 1024
REFUSAL = "ไฟล์ Excel นี้มีข้อมูลภายในใหญ่เกินกว่าที่ระบบรับได้"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OOXML}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{_OOXML}.sharedStrings+xml"/>
</Types>"""
PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG}"><Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG}">
<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{REL}/worksheet"/>
<Relationship Id="rId2" Target="sharedStrings.xml" Type="{REL}/sharedStrings"/>
</Relationships>"""


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, tuple):  # ("s", index): a shared string
        return f'<c r="{ref}" t="s"><v>{value[1]}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _sheet(rows: list[dict[str, object]]) -> str:
    body = "".join(
        f'<row r="{n}">' + "".join(_cell(f"{col}{n}", v) for col, v in row.items()) + "</row>"
        for n, row in enumerate(rows, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'


def _xlsx(sheet: str, *, shared_string_chars: int = 0) -> bytes:
    """A workbook written part by part; its one shared string is `shared_string_chars` times "A", streamed."""
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
            )
            chunk = b"A" * (1 << 20)
            for start in range(0, shared_string_chars, len(chunk)):
                part.write(chunk[: shared_string_chars - start])
            part.write(b"</t></si></sst>")
    return handle.getvalue()


def shared_string_bomb() -> bytes:
    """An OIT item table whose O1 comment is one 200 MiB shared string: ~200 KB on disk."""
    rows = [dict(zip("ABCD", ITEM_HEADER, strict=True)), {"A": "O1", "B": "ชื่อ", "C": ("s", 0), "D": 100}]
    return _xlsx(_sheet(rows), shared_string_chars=200 * 1024 * 1024)


def wide_row_bomb(rows: int = 5000) -> bytes:
    """A national results sheet of `rows` agencies, each row with one more cell in column XFD (the 16,384th)."""
    header = dict(zip(_columns(len(RESULTS_HEADER)), RESULTS_HEADER, strict=True))
    body = []
    for n in range(1, rows + 1):
        values = [f"อบต.ทดสอบ{n}", "เมือง", "สตูล", *[80] * 10]
        body.append({**dict(zip(_columns(len(values)), values, strict=True)), "XFD": 1})
    return _xlsx(_sheet([header, *body]))


def _columns(count: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(count)]


# The parse runs in a grandchild so that RUSAGE_CHILDREN sees only the baseline child and the parse child.
_CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    import django
    django.setup()
    import openpyxl
    from assessments.imports.common import ImportRefused, read_rows
    data = open(sys.argv[2], "rb").read()
    if sys.argv[1] == "parse":
        try:
            read_rows(data, filename="bomb.xlsx", header_variants=__import__("json").loads(sys.argv[3]))
        except ImportRefused:
            pass
    """
)
_MEASURE = textwrap.dedent(
    """
    import resource, subprocess, sys
    child = [sys.executable, "-c", sys.argv[1]]
    subprocess.run([*child, "baseline", *sys.argv[2:]], check=True)
    baseline = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([*child, "parse", *sys.argv[2:]], check=True)
    print(baseline, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """
)


def parse_growth_kb(data: bytes, header_variants: list[list[str]], tmp_path: Path) -> int:
    """Peak RSS of a child parsing `data` with read_rows, less that of a child that only imports (KB)."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, _CHILD, str(path), json.dumps(header_variants)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    baseline, peak = map(int, done.stdout.split())
    return peak - baseline


def understated(data: bytes, name: str, size: int) -> bytes:
    """The workbook with `name`'s uncompressed size in the zip directory replaced by `size`: a lying header."""
    patched = bytearray(data)
    start = 0
    while (start := data.find(b"PK\x01\x02", start + 1)) != -1:
        (name_length,) = struct.unpack_from("<H", data, start + 28)
        if data[start + 46 : start + 46 + name_length] == name.encode():
            struct.pack_into("<I", patched, start + 24, size)
            return bytes(patched)
    raise AssertionError(f"{name} is not in the workbook")


@pytest.fixture
def agency(catalogue):
    return AgencyFactory(name="วังประจัน", district="ควนโดน", province="สตูล")


def test_the_shared_string_bomb_is_refused_in_thai_and_writes_nothing(agency, catalogue):
    data = shared_string_bomb()
    assert len(data) < 300 * 1024
    before = table_counts()
    with pytest.raises(ImportRefused, match=REFUSAL):
        item_table_parse(data=data, filename="o.xlsx", agency=agency, framework=catalogue[2564], indicator_scores={})
    assert table_counts() == before


def test_the_shared_string_bomb_is_refused_within_the_memory_budget(tmp_path):
    assert parse_growth_kb(shared_string_bomb(), items_module.HEADER_VARIANTS, tmp_path) < MEMORY_BUDGET_KB


def test_a_part_holding_more_than_its_header_states_is_refused():
    data = understated(
        _xlsx(_sheet([{"A": "code", "B": "score"}]), shared_string_chars=10 * 1024 * 1024), "xl/sharedStrings.xml", 1000
    )
    with pytest.raises(SpreadsheetError, match="มีข้อมูลมากกว่าที่ระบุไว้"):
        read_table(data, filename="o.xlsx", required=["code", "score"])


def test_the_wide_row_bomb_imports_the_real_columns_and_ignores_column_xfd(catalogue):
    preview = results_sheet_parse(
        data=wide_row_bomb(), filename="national.xlsx", framework=catalogue[2564], create_missing=True
    )
    assert preview.ok, preview.errors[:3]
    assert len(preview.rows) == 5000
    assert preview.rows[-1].indicators == {n: Decimal(80) for n in range(1, 11)}
    result = results_sheet_import(preview=preview, user=None)
    assert (result.agencies_created, result.assessments_created) == (5000, 5000)


def test_the_wide_row_bomb_parses_within_the_memory_budget(tmp_path):
    assert parse_growth_kb(wide_row_bomb(), RESULTS_VARIANTS, tmp_path) < MEMORY_BUDGET_KB


def test_an_over_long_cell_is_refused_by_row_and_column_and_nothing_is_written(agency, catalogue):
    data = xlsx_bytes(
        [ITEM_HEADER, ["O1", "ชื่อ", "ก" * (MAX_CELL_CHARS + 1), 100], ["O2", "ชื่อ", "ก" * MAX_CELL_CHARS, 0]]
    )
    before = table_counts()
    with pytest.raises(ImportRefused) as refused:
        item_table_parse(data=data, filename="o.xlsx", agency=agency, framework=catalogue[2564], indicator_scores={})
    assert str(refused.value) == (
        f"ข้อความในช่องยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร: แถวที่ 2 คอลัมน์ ความคิดเห็น (5,001 ตัวอักษร) กรุณาย่อให้สั้นลง"
    )
    assert table_counts() == before


def test_an_over_long_csv_cell_is_refused_too():
    data = f"code,score,comment\nO1,100,{'x' * 6000}\n".encode()
    with pytest.raises(SpreadsheetError, match="แถวที่ 2 คอลัมน์ comment"):
        read_table(data, filename="o.csv", required=["code", "score"])


def test_every_header_variant_is_looked_for_in_one_parse(monkeypatch):
    import openpyxl

    loads = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: loads.append(1) or real(*a, **k))
    data = xlsx_bytes([["agency", "district", "province"], ["อบต.ทุ่งโพธิ์", "ควนโดน", "สตูล"]])
    rows = read_rows(data, filename="r.xlsx", header_variants=RESULTS_VARIANTS)
    assert [r.values for r in rows] == [{"agency": "อบต.ทุ่งโพธิ์", "district": "ควนโดน", "province": "สตูล"}]
    assert len(loads) == 1


def _xlsx_streamed(sheet_parts: Iterable[bytes], shared_strings: Iterable[bytes] = ()) -> bytes:
    """A workbook whose sheet and shared strings are written in pieces (tens of MB, never one string)."""
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for piece in sheet_parts:
                part.write(piece)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
            for piece in shared_strings:
                part.write(piece)
            part.write(b"</sst>")
    return handle.getvalue()


def _header_rows() -> bytes:
    header = dict(zip(_columns(len(RESULTS_HEADER)), RESULTS_HEADER, strict=True))
    return _sheet([header]).split("<sheetData>")[1].split("</sheetData>")[0].encode()


def one_row_of_cells(cells: int = 1_500_000) -> bytes:
    """A results sheet whose second row holds 1.5 million cells (no cell references, varied values)."""

    def parts():
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
        yield _header_rows()
        yield b'<row r="2">'
        for start in range(0, cells, 100_000):
            yield "".join(f"<c><v>{n}</v></c>" for n in range(start, min(cells, start + 100_000))).encode()
        yield b"</row></sheetData></worksheet>"

    return _xlsx_streamed(parts())


def many_shared_strings(count: int = 2_200_000) -> bytes:
    """A results sheet of one row, with 2.2 million tiny distinct shared strings nobody uses."""

    def strings():
        for start in range(0, count, 100_000):
            yield "".join(f"<si><t>{n}</t></si>" for n in range(start, min(count, start + 100_000))).encode()

    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    return _xlsx_streamed([sheet, _header_rows(), b"</sheetData></worksheet>"], strings())


@pytest.mark.parametrize(
    ("build", "message"),
    [(one_row_of_cells, "แถวที่ 2 มีข้อมูลเกิน 1,000 ช่อง"), (many_shared_strings, "มีข้อความต่างกันเกิน 400,000 ข้อความ")],
)
def test_a_row_of_a_million_cells_or_millions_of_shared_strings_is_refused_in_thai(build, message, tmp_path):
    data = build()
    assert len(data) < MAX_BYTES

    with pytest.raises(ImportRefused) as refused:
        read_rows(data, filename="national.xlsx", header_variants=RESULTS_VARIANTS)

    assert REFUSAL in str(refused.value) and message in str(refused.value)
    assert parse_growth_kb(data, RESULTS_VARIANTS, tmp_path) < MEMORY_BUDGET_KB


def test_a_row_at_the_cell_bound_is_still_read():
    from openpyxl.utils import get_column_letter

    names = ["อบต.ทดสอบ", "เมือง", "สตูล"]
    row = "".join(_cell(f"{get_column_letter(n)}2", v) for n, v in enumerate(names, start=1))
    row += "".join(_cell(f"{get_column_letter(n)}2", n) for n in range(len(names) + 1, MAX_CELLS_PER_ROW + 1))
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    end = b"</sheetData></worksheet>"
    data = _xlsx_streamed([sheet, _header_rows(), f'<row r="2">{row}</row>'.encode(), end])

    rows = read_rows(data, filename="r.xlsx", header_variants=RESULTS_VARIANTS)

    assert rows[0].values["ชื่อหน่วยงาน"] == "อบต.ทดสอบ"


def test_formulas_without_saved_values_are_named_instead_of_reading_as_empty_scores(agency, catalogue):
    """openpyxl (and other programs that do not calculate) save a formula with no value: it reads as empty."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in [ITEM_HEADER, ["O1", "ชื่อ", "", "=50+50"], ["O2", "ชื่อ", "", "=100"]]:
        workbook.active.append(row)
    handle = io.BytesIO()
    workbook.save(handle)

    with pytest.raises(ImportRefused) as refused:
        item_table_parse(
            data=handle.getvalue(), filename="o.xlsx", agency=agency, framework=catalogue[2564], indicator_scores={}
        )

    assert "สูตรที่ยังไม่มีค่าที่คำนวณไว้ (เซลล์ D2, D3)" in str(refused.value)
    assert "ต้องระบุคะแนน" not in str(refused.value)


def test_formulas_with_saved_values_are_read_as_their_values():
    sheet = _sheet([{"A": "code", "B": "score"}]).replace(
        "</sheetData>",
        '<row r="2"><c r="A2" t="inlineStr"><is><t>O1</t></is></c>'
        '<c r="B2"><f>50+50</f><v>100</v></c></row></sheetData>',
    )
    rows = read_table(_xlsx(sheet), filename="o.xlsx", required=["code", "score"])
    assert rows[0].values == {"code": "O1", "score": "100"}


def test_a_50000_row_national_sheet_is_read_within_the_memory_budget(tmp_path):
    """The preview of the largest real file stays bounded; its write runs in a worker (tests/integration)."""
    assert parse_growth_kb(national_sheet(50_000), RESULTS_VARIANTS, tmp_path) < MEMORY_BUDGET_KB
