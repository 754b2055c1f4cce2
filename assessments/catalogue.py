"""Load an ITA year's catalogue from its data files (two phases: validate all, then write).

A bundled year is described in data/frameworks.json and its items in
data/items_<year>.csv. A new year can be loaded from a CSV or XLSX file with
the same columns; its settings (weights, grade bands, indicator names) are
taken from the closest earlier year unless given.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from assessments.codes import ItemCodeError, normalise_item_code
from assessments.models import Confidence, FrameworkVersion, Group, Indicator, Item, SubIndicator, Tool
from ita_portal.spreadsheets import Row, read_table

DATA_DIR = Path(__file__).resolve().parent / "data"
ITEM_COLUMNS = ["code", "tool", "indicator_no", "indicator_name_th", "sub_indicator", "group_name_th", "item_name_th"]
OPTIONAL_COLUMNS = ["source", "confidence", "note"]
TOOL_CODES = {"IIT", "EIT", "OIT"}


class CatalogueError(ValueError):
    """The catalogue cannot be loaded; `errors` lists every problem found (Thai)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ItemRow:
    code: str
    tool: str
    indicator_no: int
    indicator_name_th: str
    sub_indicator: str
    group_name_th: str
    item_name_th: str
    confidence: str
    source: str
    note: str


@dataclass
class FrameworkSpec:
    year: int
    name: str
    items: list[ItemRow]
    tools: list[dict[str, str]]
    grade_bands: list[dict[str, str]]
    pass_mark: str
    indicators: dict[int, dict[str, str]]
    sub_indicators: dict[str, str] = field(default_factory=dict)
    is_complete: bool = True
    weights_verified: bool = False
    notes: str = ""


@dataclass(frozen=True)
class LoadResult:
    year: int
    created: bool
    items: int
    items_added: int


def bundled_years() -> list[int]:
    return [entry["year"] for entry in _frameworks_file()["years"]]


def bundled_spec(year: int) -> FrameworkSpec:
    """The spec of a year shipped in the repository."""
    config = _frameworks_file()
    entry = next((e for e in config["years"] if e["year"] == year), None)
    if entry is None:
        raise CatalogueError([f"ไม่มีข้อมูลกรอบการประเมินปี {year} ในระบบ"])
    path = DATA_DIR / entry["items_file"]
    rows = read_table(path, filename=path.name, required=ITEM_COLUMNS)
    defaults = config["defaults"]
    return FrameworkSpec(
        year=year,
        name=entry["name"],
        items=parse_item_rows(rows),
        tools=entry.get("tools", defaults["tools"]),
        grade_bands=entry.get("grade_bands", defaults["grade_bands"]),
        pass_mark=entry.get("pass_mark", defaults["pass_mark"]),
        indicators=_bundled_indicators(),
        sub_indicators=entry.get("sub_indicators", {}),
        is_complete=entry.get("is_complete", True),
        weights_verified=entry.get("weights_verified", False),
        notes=entry.get("notes", ""),
    )


def spec_from_file(*, year: int, path: Path, weights: dict[str, str] | None = None) -> FrameworkSpec:
    """The spec of a new year from a CSV/XLSX items file; settings copied from the closest earlier year."""
    rows = read_table(path, filename=path.name, required=ITEM_COLUMNS)
    items = parse_item_rows(rows)
    base = FrameworkVersion.objects.filter(year__lt=year).order_by("-year").first()
    if base is None:
        raise CatalogueError([f"ยังไม่มีกรอบการประเมินปีก่อน {year} ให้ใช้เป็นต้นแบบ กรุณาโหลดปีก่อนหน้าก่อน"])
    tools = [{"code": t.code, "name_th": t.name_th, "weight": str(t.weight)} for t in base.tools.order_by("order")]
    if weights:
        tools = [{**t, "weight": weights.get(t["code"], t["weight"])} for t in tools]
    indicators = {
        i.number: {"name_th": i.name_th, "name_en": i.name_en, "tool": i.tool.code}
        for i in base.indicators.select_related("tool")
    }
    for row in items:
        indicators.setdefault(row.indicator_no, {"name_th": row.indicator_name_th, "name_en": "", "tool": row.tool})
    return FrameworkSpec(
        year=year,
        name=f"ITA ปีงบประมาณ พ.ศ. {year}",
        items=items,
        tools=tools,
        grade_bands=base.grade_bands,
        pass_mark=str(base.pass_mark),
        indicators=indicators,
        notes=f"โหลดจากไฟล์ {path.name}; น้ำหนักและเกณฑ์ระดับคัดลอกจากปี {base.year}",
    )


def parse_item_rows(rows: list[Row]) -> list[ItemRow]:
    """Validate every row; raise CatalogueError listing all problems, by row and column."""
    errors: list[str] = []
    items: list[ItemRow] = []
    seen: dict[str, int] = {}
    for row in rows:
        v = row.values
        where = f"แถวที่ {row.number}"
        try:
            code = normalise_item_code(v.get("code", ""))
        except ItemCodeError as exc:
            errors.append(f"{where} คอลัมน์ code: {exc}")
            continue
        if code in seen:
            errors.append(f"{where} คอลัมน์ code: รหัส {code} ซ้ำกับแถวที่ {seen[code]}")
            continue
        seen[code] = row.number
        tool = v.get("tool", "").upper()
        if tool not in TOOL_CODES:
            errors.append(f"{where} คอลัมน์ tool: “{v.get('tool', '')}” ต้องเป็น IIT, EIT หรือ OIT")
        try:
            indicator_no = int(v.get("indicator_no", ""))
            if not 1 <= indicator_no <= 10:
                raise ValueError
        except ValueError:
            errors.append(f"{where} คอลัมน์ indicator_no: “{v.get('indicator_no', '')}” ต้องเป็นเลข 1–10")
            continue
        sub = v.get("sub_indicator", "")
        if sub and not sub.startswith(f"{indicator_no}."):
            errors.append(f"{where} คอลัมน์ sub_indicator: “{sub}” ไม่อยู่ใต้ตัวชี้วัดที่ {indicator_no}")
        if not v.get("item_name_th"):
            errors.append(f"{where} คอลัมน์ item_name_th: ต้องระบุชื่อข้อ")
        confidence = v.get("confidence", "") or Confidence.CANDIDATE
        if confidence not in Confidence.values:
            errors.append(f"{where} คอลัมน์ confidence: “{confidence}” ต้องเป็น {', '.join(Confidence.values)}")
        items.append(
            ItemRow(
                code=code,
                tool=tool,
                indicator_no=indicator_no,
                indicator_name_th=v.get("indicator_name_th", ""),
                sub_indicator=sub,
                group_name_th=v.get("group_name_th", ""),
                item_name_th=v.get("item_name_th", ""),
                confidence=confidence,
                source=v.get("source", ""),
                note=v.get("note", ""),
            )
        )
    if errors:
        raise CatalogueError(errors)
    return items


def validate_spec(spec: FrameworkSpec) -> None:
    errors = []
    codes = {t["code"] for t in spec.tools}
    if codes != TOOL_CODES:
        errors.append("ต้องมีเครื่องมือครบ IIT, EIT และ OIT")
    try:
        total = sum(Decimal(str(t["weight"])) for t in spec.tools)
        if total != 100:
            errors.append(f"น้ำหนักของเครื่องมือรวมกันได้ {total} ต้องเท่ากับ 100")
        mins = [Decimal(str(b["min"])) for b in spec.grade_bands]
        if mins != sorted(mins, reverse=True) or mins[-1] != 0:
            errors.append("เกณฑ์ระดับต้องเรียงจากสูงไปต่ำและระดับสุดท้ายเริ่มที่ 0")
        Decimal(spec.pass_mark)
    except (InvalidOperation, KeyError, IndexError):
        errors.append("น้ำหนัก เกณฑ์ระดับ หรือเกณฑ์ผ่าน ไม่ใช่ตัวเลขที่ถูกต้อง")
    for row in spec.items:
        indicator = spec.indicators.get(row.indicator_no)
        if indicator and indicator["tool"] != row.tool:
            errors.append(f"ข้อ {row.code}: ตัวชี้วัดที่ {row.indicator_no} เป็นของ {indicator['tool']} ไม่ใช่ {row.tool}")
    if errors:
        raise CatalogueError(errors)


@transaction.atomic
def catalogue_load(*, spec: FrameworkSpec) -> LoadResult:
    """Create or update one framework year; idempotent (keyed by year and code)."""
    validate_spec(spec)
    fiscal = {"first_fiscal_year": spec.year, "last_fiscal_year": spec.year}
    framework, created = FrameworkVersion.objects.update_or_create(
        year=spec.year,
        defaults={
            "name": spec.name,
            "grade_bands": spec.grade_bands,
            "pass_mark": Decimal(spec.pass_mark),
            "is_complete": spec.is_complete,
            "weights_verified": spec.weights_verified,
            "notes": spec.notes,
            **fiscal,
        },
    )
    tools = {}
    for order, entry in enumerate(spec.tools):
        tools[entry["code"]], _ = Tool.objects.update_or_create(
            framework=framework,
            code=entry["code"],
            defaults={"name_th": entry["name_th"], "weight": Decimal(str(entry["weight"])), "order": order},
        )
    indicators = {}
    for number, entry in sorted(spec.indicators.items()):
        indicators[number], _ = Indicator.objects.update_or_create(
            framework=framework,
            number=number,
            defaults={"tool": tools[entry["tool"]], "name_th": entry["name_th"], "name_en": entry.get("name_en", "")},
        )
    subs: dict[str, SubIndicator] = {}
    groups: dict[tuple[str, str], Group] = {}
    before = framework.items.count()
    for order, row in enumerate(spec.items):
        sub = None
        if row.sub_indicator:
            if row.sub_indicator not in subs:
                subs[row.sub_indicator], _ = SubIndicator.objects.update_or_create(
                    indicator=indicators[row.indicator_no],
                    code=row.sub_indicator,
                    defaults={"name_th": spec.sub_indicators.get(row.sub_indicator, ""), "order": len(subs)},
                )
            sub = subs[row.sub_indicator]
        group = None
        if sub and row.group_name_th:
            key = (row.sub_indicator, row.group_name_th)
            if key not in groups:
                groups[key], _ = Group.objects.update_or_create(
                    sub_indicator=sub, name_th=row.group_name_th, defaults={"order": len(groups)}
                )
            group = groups[key]
        Item.objects.update_or_create(
            framework=framework,
            code=row.code,
            defaults={
                "name_th": row.item_name_th,
                "indicator": indicators[row.indicator_no],
                "sub_indicator": sub,
                "group": group,
                "order": order,
                "confidence": row.confidence,
                "source": row.source,
                "note": row.note,
            },
        )
    count = framework.items.count()
    return LoadResult(year=spec.year, created=created, items=count, items_added=count - before)


def _frameworks_file() -> dict[str, Any]:
    return json.loads((DATA_DIR / "frameworks.json").read_text(encoding="utf-8"))


def _bundled_indicators() -> dict[int, dict[str, str]]:
    with (DATA_DIR / "indicators.csv").open(encoding="utf-8") as handle:
        return {
            int(r["indicator_no"]): {
                "name_th": r["indicator_name_th"],
                "name_en": r["indicator_name_en"],
                "tool": r["tool"],
            }
            for r in csv.DictReader(handle)
        }
