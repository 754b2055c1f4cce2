"""Item codes carried between ITA years through the crosswalk (assessments/data/crosswalk.csv).

The same code means different things in different years, so codes are never compared across
years directly: an O-code moves one year at a time along the crosswalk; "(in O11)" means merged
into O11; an empty cell means no counterpart. Codes outside the crosswalk (i20) keep their code
when the target year has it. Notes and reasons use Arabic digits, like the codes they name.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from assessments.models import FrameworkVersion, Item

CROSSWALK_FILE = Path(__file__).resolve().parent / "data" / "crosswalk.csv"
_MERGED = re.compile(r"^\(\s*in\s+(?P<code>[A-Za-z]\d+)\s*\)$")


# --- Item mapping between ITA years ---------------------------------------------------------


@dataclass(frozen=True)
class Crosswalk:
    """The crosswalk CSV: for each year, code → that code's row (year → cell)."""

    years: tuple[int, ...]
    by_code: dict[int, dict[str, dict[int, str]]]
    by_concept: dict[str, dict[int, str]]

    def concept_code(self, concept: str, year: int) -> str | None:
        """The code a concept has in a year ("(in O26)" → O26), or None when the year has no such item."""
        cell = self.by_concept.get(concept, {}).get(year, "")
        merged = _MERGED.match(cell)
        return merged["code"] if merged else (cell or None)


@functools.cache
def crosswalk() -> Crosswalk:
    """Read the crosswalk once per process; it ships with the code and changes only on upgrade."""
    with CROSSWALK_FILE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        years = tuple(int(name) for name in reader.fieldnames or [] if name.strip().isdigit())
        by_code: dict[int, dict[str, dict[int, str]]] = {year: {} for year in years}
        by_concept: dict[str, dict[int, str]] = {}
        for raw in reader:
            row = {year: (raw.get(str(year)) or "").strip() for year in years}
            by_concept[(raw.get("concept") or "").strip()] = row
            for year, cell in row.items():
                # "(in O11)" cells are merged into another row's item; they index nothing.
                if cell and not _MERGED.match(cell):
                    by_code[year].setdefault(cell, row)
    return Crosswalk(years=years, by_code=by_code, by_concept=by_concept)


@dataclass(frozen=True)
class ItemMapping:
    """Where an item code of `from_year` lands in the target catalogue."""

    code: str
    from_year: int
    to_year: int | None
    item: Item | None
    note: str = ""  # "รวมเป็นข้อ O11", or why it could not be mapped

    @property
    def mapped(self) -> bool:
        return self.item is not None


@dataclass(frozen=True)
class _Step:
    code: str | None
    note: str = ""


def _crosswalk_step(code: str, year: int, next_year: int) -> _Step:
    table = crosswalk()
    for needed in (year, next_year):
        if needed not in table.years:
            return _Step(None, f"ตารางเทียบข้อยังไม่มีข้อมูลปี {needed}")
    row = table.by_code[year].get(code)
    if row is None:
        return _Step(None, f"ไม่พบข้อ {code} ของปี {year} ในตารางเทียบข้อ")
    cell = row[next_year]
    if not cell:
        return _Step(None, f"ไม่มีข้อที่ตรงกับข้อ {code} ของปี {year} ในปี {next_year}")
    merged = _MERGED.match(cell)
    if merged:
        return _Step(merged["code"], f"รวมเป็นข้อ {merged['code']}")
    return _Step(cell)


class ItemMapper:
    """Maps item codes into one target catalogue; its items are read once."""

    def __init__(self, target: FrameworkVersion | None) -> None:
        self.target = target
        self.items: dict[str, Item] = (
            {i.code: i for i in target.items.select_related("indicator")} if target is not None else {}
        )

    def map(self, code: str, *, from_year: int) -> ItemMapping:
        """Same year → the same code; O-codes step through the crosswalk year by year; other
        codes (IIT questions such as i20) are not in the crosswalk and keep their code."""
        target = self.target
        if target is None:
            return ItemMapping(code, from_year, None, None, "แผนยังไม่ได้ระบุกรอบ ITA")
        current = code
        notes: list[str] = []
        if code.startswith("O") and from_year != target.year:
            direction = 1 if target.year > from_year else -1
            for year in range(from_year, target.year, direction):
                step = _crosswalk_step(current, year, year + direction)
                if step.code is None:
                    reason = step.note
                    if year + direction == target.year and not target.is_complete:
                        reason += f" (กรอบ ITA ปี {target.year} ในระบบยังมีรายการข้อไม่ครบ)"
                    return ItemMapping(code, from_year, target.year, None, reason)
                current = step.code
                if step.note:
                    notes.append(step.note)
        item = self.items.get(current)
        if item is None:
            reason = f"กรอบ ITA ปี {target.year} ในระบบไม่มีข้อ {current}"
            if not target.is_complete:
                reason += " (รายการข้อของปีนี้ยังไม่ครบ)"
            return ItemMapping(code, from_year, target.year, None, reason)
        return ItemMapping(code, from_year, target.year, item, "; ".join(notes))


def map_item(code: str, *, from_year: int, to: FrameworkVersion | None) -> ItemMapping:
    """Map one item code of `from_year` into the catalogue `to` (see ItemMapper.map)."""
    return ItemMapper(to).map(code, from_year=from_year)
