"""A framework year as plain data (FrameworkSpec), and every way to get one.

A spec comes from the files shipped in assessments/data (bundled_spec), from an
uploaded CSV/XLSX (spec_from_upload), from a loaded framework (spec_from_framework,
which also starts a new year as a copy of the previous one) or from a draft's JSON
(spec_from_data). Whatever its source, it is validated by validate_spec and written
by catalogue.load.catalogue_load.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from assessments import rating
from assessments.codes import ItemCodeError, normalise_item_code
from assessments.models import Confidence, FrameworkVersion
from ita_portal.spreadsheets import Row, read_table, xlsx_sheet_names

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ITEM_COLUMNS = ["code", "tool", "indicator_no", "indicator_name_th", "sub_indicator", "group_name_th", "item_name_th"]
OPTIONAL_COLUMNS = ["source", "confidence", "note"]
TOOL_CODES = {"IIT", "EIT", "OIT"}
WEIGHT_SHEET, WEIGHT_COLUMNS = "weights", ["code", "weight"]
RATING_SHEET, RATING_COLUMNS = "rating", ["label", "min_total", "min_each_tool"]


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
    rating_scheme: str
    rating_rules: list[dict[str, Any]]
    pass_mark: str
    indicators: dict[int, dict[str, str]]
    sub_indicators: dict[str, str] = field(default_factory=dict)
    is_complete: bool = True
    weights_verified: bool = False
    notes: str = ""
    rating_confidence: str = Confidence.CANDIDATE
    rating_source: str = ""
    focus_lowest_indicator: bool = False


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
    scheme, rules, confidence, source = bundled_rating(year)
    return FrameworkSpec(
        year=year,
        name=entry["name"],
        items=parse_item_rows(rows),
        tools=entry.get("tools", defaults["tools"]),
        rating_scheme=scheme,
        rating_rules=rules,
        rating_confidence=confidence,
        rating_source=source,
        pass_mark=entry.get("pass_mark", defaults["pass_mark"]),
        indicators=_bundled_indicators(),
        sub_indicators=entry.get("sub_indicators", {}),
        is_complete=entry.get("is_complete", True),
        weights_verified=entry.get("weights_verified", False),
        notes=entry.get("notes", ""),
        focus_lowest_indicator=entry.get("focus_lowest_indicator", False),
    )


def bundled_rating(year: int) -> tuple[str, list[dict[str, Any]], str, str]:
    """(scheme, rules, confidence, source) of a year from ratings.csv, whose `years` column holds ranges (2566–2569)."""
    with (DATA_DIR / "ratings.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if _in_range(year, r["years"])]
    if not rows:
        rows = _latest_rating_rows()
    rules = [
        {"label": r["label"], "min_total": r["min_total"], "min_each_tool": r["min_each_tool"] or None} for r in rows
    ]
    confidences = [r["confidence"] for r in rows]
    weakest = max(confidences, key=list(Confidence.values).index)
    return rows[0]["scheme"], rules, weakest, rows[0]["source"]


def spec_from_upload(*, year: int, data: bytes, filename: str, base: FrameworkVersion | None) -> FrameworkSpec:
    """A year from an uploaded items table; weights and rating rules from the file's extra sheets or from `base`.

    An XLSX may carry a sheet "weights" (code, weight) and a sheet "rating" (label, min_total,
    min_each_tool); what the file does not give is kept from `base` (the year itself when it is
    loaded, else the closest earlier year), so a CSV of items alone is a complete upload.
    """
    items = parse_item_rows(read_table(data, filename=filename, required=ITEM_COLUMNS))
    if base is None:
        raise CatalogueError([f"ยังไม่มีกรอบการประเมินปีก่อน {year} ให้ใช้เป็นต้นแบบ กรุณาโหลดปีก่อนหน้าก่อน"])
    spec = spec_from_framework(base, year=year)
    spec.items = items
    for row in items:
        spec.indicators.setdefault(
            row.indicator_no, {"name_th": row.indicator_name_th, "name_en": "", "tool": row.tool}
        )
    sheets = xlsx_sheet_names(data) if filename.lower().endswith(".xlsx") else []
    if WEIGHT_SHEET in sheets:
        weights = {
            r.values.get("code", "").upper(): r.values.get("weight", "")
            for r in read_table(data, filename=filename, required=WEIGHT_COLUMNS, sheet=WEIGHT_SHEET)
        }
        spec.tools = [{**t, "weight": weights.get(t["code"], t["weight"])} for t in spec.tools]
    if RATING_SHEET in sheets:
        rows = read_table(data, filename=filename, required=RATING_COLUMNS, sheet=RATING_SHEET)
        spec.rating_rules = [
            {"label": r.values["label"], "min_total": r.values["min_total"], "min_each_tool": r.values["min_each_tool"]}
            for r in rows
        ]
        spec.rating_scheme = rating.LABELS if any(r.values["min_each_tool"] for r in rows) else spec.rating_scheme
    if base.year != year:
        spec.name = f"ITA ปีงบประมาณ พ.ศ. {year}"
        spec.notes = f"โหลดจากไฟล์ {filename}; น้ำหนักและเกณฑ์ระดับเริ่มจากปี {base.year}"
    return spec


def spec_from_file(*, year: int, path: Path, weights: dict[str, str] | None = None) -> FrameworkSpec:
    """For `load_catalogue --file`: the upload rules, with weights given on the command line."""
    base = FrameworkVersion.objects.filter(year__lte=year).order_by("-year").first()
    spec = spec_from_upload(year=year, data=path.read_bytes(), filename=path.name, base=base)
    if weights:
        spec.tools = [{**t, "weight": weights.get(t["code"], t["weight"])} for t in spec.tools]
    return spec


def spec_from_framework(framework: FrameworkVersion, *, year: int | None = None) -> FrameworkSpec:
    """The loaded framework as a spec; with another `year`, the start of that year as a copy."""
    items = []
    for item in framework.items.select_related("indicator__tool", "sub_indicator", "group").order_by("order"):
        items.append(
            ItemRow(
                code=item.code,
                tool=item.indicator.tool.code,
                indicator_no=item.indicator.number,
                indicator_name_th=item.indicator.name_th,
                sub_indicator=item.sub_indicator.code if item.sub_indicator else "",
                group_name_th=item.group.name_th if item.group else "",
                item_name_th=item.name_th,
                confidence=item.confidence,
                source=item.source,
                note=item.note,
            )
        )
    copy = year is not None and year != framework.year
    target = year or framework.year
    subs = {s.code: s.name_th for i in framework.indicators.all() for s in i.sub_indicators.all()}
    return FrameworkSpec(
        year=target,
        name=f"ITA ปีงบประมาณ พ.ศ. {target}" if copy else framework.name,
        items=items,
        tools=[
            {"code": t.code, "name_th": t.name_th, "weight": f"{t.weight:.2f}"}
            for t in framework.tools.order_by("order")
        ],
        rating_scheme=framework.rating_scheme,
        rating_rules=list(framework.rating_rules),
        rating_confidence=framework.rating_confidence,
        rating_source=framework.rating_source,
        pass_mark=f"{framework.pass_mark:.2f}",
        indicators={
            i.number: {"name_th": i.name_th, "name_en": i.name_en, "tool": i.tool.code}
            for i in framework.indicators.select_related("tool")
        },
        sub_indicators=subs,
        is_complete=framework.is_complete,
        weights_verified=framework.weights_verified and not copy,
        notes=f"เริ่มจากสำเนาของปี {framework.year}" if copy else framework.notes,
        focus_lowest_indicator=framework.focus_lowest_indicator,
    )


def spec_to_data(spec: FrameworkSpec) -> dict[str, Any]:
    """JSON-safe form of a spec (a draft's storage)."""
    data = dataclasses.asdict(spec)
    data["indicators"] = {str(k): v for k, v in spec.indicators.items()}
    return data


def spec_from_data(data: dict[str, Any]) -> FrameworkSpec:
    values = dict(data)
    values["items"] = [ItemRow(**row) for row in data["items"]]
    values["indicators"] = {int(k): v for k, v in data["indicators"].items()}
    return FrameworkSpec(**values)


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
    """Every problem of a whole spec, in Thai: weights sum to 100, codes unique, rules ordered, tools consistent."""
    errors = []
    codes = [t["code"] for t in spec.tools]
    if set(codes) != TOOL_CODES or len(codes) != 3:
        errors.append("ต้องมีเครื่องมือครบ IIT, EIT และ OIT")
    try:
        weights = [Decimal(str(t["weight"])) for t in spec.tools]
        if any(w < 0 for w in weights):
            errors.append("น้ำหนักของเครื่องมือต้องไม่ติดลบ")
        if sum(weights) != 100:
            errors.append(f"น้ำหนักของเครื่องมือรวมกันได้ {sum(weights).normalize():f} ต้องเท่ากับ 100")
        Decimal(spec.pass_mark)
    except (InvalidOperation, KeyError):
        errors.append("น้ำหนักของเครื่องมือหรือเกณฑ์ผ่านไม่ใช่ตัวเลขที่ถูกต้อง")
    if spec.rating_scheme not in (rating.BANDS, rating.LABELS):
        errors.append("รูปแบบการจัดระดับต้องเป็นระดับตัวอักษรหรือระดับผลการประเมิน")
    try:
        errors += rating.rules_problems(rating.rules_from_data(spec.rating_rules))
    except ValueError:
        errors.append("เกณฑ์ระดับมีค่าที่ไม่ใช่ตัวเลข")
    seen: set[str] = set()
    for row in spec.items:
        if row.code in seen:
            errors.append(f"รหัสข้อ {row.code} ซ้ำกัน")
        seen.add(row.code)
        indicator = spec.indicators.get(row.indicator_no)
        if indicator is None:
            errors.append(f"ข้อ {row.code}: ไม่มีตัวชี้วัดที่ {row.indicator_no} ในกรอบการประเมินนี้")
        elif indicator["tool"] != row.tool:
            errors.append(f"ข้อ {row.code}: ตัวชี้วัดที่ {row.indicator_no} เป็นของ {indicator['tool']} ไม่ใช่ {row.tool}")
    if not spec.items:
        errors.append("ต้องมีข้อการประเมินอย่างน้อยหนึ่งข้อ")
    if errors:
        raise CatalogueError(errors)


def _in_range(year: int, text: str) -> bool:
    numbers = [int(n) for n in re.findall(r"\d{4}", text)]
    return bool(numbers) and numbers[0] <= year <= numbers[-1]


def _latest_rating_rows() -> list[dict[str, str]]:
    with (DATA_DIR / "ratings.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    last = max(rows, key=lambda r: max(int(n) for n in re.findall(r"\d{4}", r["years"])))["years"]
    return [r for r in rows if r["years"] == last]


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
