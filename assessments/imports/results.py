"""A results sheet: one row per agency with its ten indicator scores, for a province or the whole country.

Columns (Thai headers, English accepted): ชื่อหน่วยงาน (as people write it:
อบต.ทุ่งโพธิ์, องค์การบริหารส่วนตำบลทุ่งโพธิ์, ทต.จันทบเพชร), อำเภอ, จังหวัด,
ตัวชี้วัดที่ 1 … ตัวชี้วัดที่ 10 (or 1 … 10), and optionally IIT, EIT, OIT,
คะแนนรวม as published. Agencies are matched on (type, name, district,
province). An empty score cell leaves what is stored. The write is built for a
national sheet: a handful of queries to read what exists, bulk writes in one
transaction, and scores computed in memory from one framework shape.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from assessments.imports.common import RowError, header_keys, parse_score, read_rows, squash_header
from assessments.models import Agency, Assessment, FrameworkVersion, Indicator, IndicatorScore, ItemResult
from assessments.places import DISTRICT_PREFIXES, PROVINCE_PREFIXES, strip_place
from assessments.scoring import compute_scores, framework_shape

HEADER_VARIANTS = [["ชื่อหน่วยงาน", "อำเภอ", "จังหวัด"], ["หน่วยงาน", "อำเภอ", "จังหวัด"], ["agency", "district", "province"]]
IDENTITY = {
    "name": ("ชื่อหน่วยงาน", {"ชื่อหน่วยงาน", "หน่วยงาน", "ชื่อ", "agency", "agencyname", "name"}),
    "district": ("อำเภอ", {"อำเภอ", "district", "amphoe"}),
    "province": ("จังหวัด", {"จังหวัด", "province", "changwat"}),
}
TOTALS = {"iit": "reported_iit", "eit": "reported_eit", "oit": "reported_oit", "total": "reported_total"}
TOTAL_LABELS = {"iit": "IIT", "eit": "EIT", "oit": "OIT", "total": "คะแนนรวม"}
_INDICATOR = re.compile(r"^(?:ตัวชี้วัดที่|ตัวชี้วัด|indicator|ind\.?)?(\d{1,2})(?!\d|\.\d)")
_TOOL = re.compile(r"^(?:คะแนน)?(iit|eit|oit)(?:\W.*)?$")
_TOTAL = {"คะแนนรวม", "รวม", "total", "ita", "คะแนนita", "คะแนนรวมita"}
BATCH = 1000
PROGRESS_EVERY = 2000
SCORE_FIELDS = ["score_iit", "score_eit", "score_oit", "score_total", "grade", "computed_at"]


class AgencyKey(NamedTuple):
    type: str
    name: str
    district: str
    province: str

    @property
    def short_name(self) -> str:
        return f"{Agency.SHORT_PREFIX[Agency.Type(self.type)]}{self.name}"

    def __str__(self) -> str:
        return f"{self.short_name} อำเภอ{self.district} จังหวัด{self.province}"


@dataclass(frozen=True)
class ResultRow:
    row: int
    key: AgencyKey
    agency_id: int | None  # None: a new agency, created on import
    indicators: dict[int, Decimal]
    reported: dict[str, Decimal]  # Assessment field → value, only the cells given


@dataclass
class ResultsPreview:
    framework: FrameworkVersion
    filename: str
    create_missing: bool
    rows: list[ResultRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_agencies: list[AgencyKey] = field(default_factory=list)
    new_assessments: int = 0
    updated_assessments: int = 0
    incomplete_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ResultsImportResult:
    agencies_created: int
    assessments_created: int
    assessments_updated: int
    indicator_scores_written: int


def split_agency_name(text: str) -> tuple[str, str]:
    """(Agency.type, bare name) of a name as people write it; ValueError with a Thai message.

    >>> split_agency_name("อบต.ทุ่งโพธิ์"), split_agency_name("เทศบาลตำบลจันทบเพชร")
    (('sao', 'ทุ่งโพธิ์'), ('tambon', 'จันทบเพชร'))
    """
    cleaned = " ".join(text.split())
    for prefix, agency_type in _PREFIXES:
        if cleaned.startswith(prefix):
            name = cleaned[len(prefix) :].strip(" .")
            if not name:
                raise ValueError(f"ต้องระบุชื่อหน่วยงานต่อจาก “{prefix}”")
            if len(name) > Agency._meta.get_field("name").max_length:
                raise ValueError("ชื่อหน่วยงานยาวเกิน 200 ตัวอักษร")
            return agency_type, name
    raise ValueError(
        f"“{text[:100]}” ไม่ได้ขึ้นต้นด้วยประเภทหน่วยงาน (เช่น อบต., องค์การบริหารส่วนตำบล, ทต., เทศบาลตำบล, ทม., ทน.)"
    )


def _prefixes() -> list[tuple[str, str]]:
    pairs = []
    for agency_type, full in Agency.FULL_PREFIX.items():
        short = Agency.SHORT_PREFIX[agency_type]
        pairs += [(full, agency_type.value), (short, agency_type.value), (short.rstrip(".") + " ", agency_type.value)]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_PREFIXES = _prefixes()


def results_sheet_parse(
    *,
    data: bytes,
    filename: str,
    framework: FrameworkVersion,
    create_missing: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ResultsPreview:
    """Read and check every row; nothing is written. Raises ImportRefused when the file cannot be read.

    `progress(done, total)` is told the rows checked so far, every PROGRESS_EVERY rows (a background import's bar).
    """
    rows = read_rows(data, filename=filename, header_variants=HEADER_VARIANTS)
    preview = ResultsPreview(framework=framework, filename=filename, create_missing=create_missing)
    columns, indicator_columns, total_columns = _columns(header_keys(rows))
    missing = [n for n in range(1, 11) if n not in indicator_columns]
    if missing:
        names = ", ".join(f"ตัวชี้วัดที่ {n}" for n in missing)
        preview.errors.append(RowError(None, names, "ไม่พบคอลัมน์นี้ในแถวหัวตาราง"))
        return preview
    parsed: list[tuple[int, AgencyKey, dict[int, Decimal], dict[str, Decimal]]] = []
    seen: dict[AgencyKey, int] = {}
    for index, row in enumerate(rows):
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index, len(rows))
        values, errors = row.values, preview.errors
        before = len(errors)
        key = agency_key(row.number, values, columns, errors)
        if key is not None and key in seen:
            errors.append(RowError(row.number, "ชื่อหน่วยงาน", f"{key} ซ้ำกับแถวที่ {seen[key]}"))
        elif key is not None:
            seen[key] = row.number
        indicators = _scores(row.number, values, indicator_columns, errors, lambda n: f"ตัวชี้วัดที่ {n}")
        totals = _scores(row.number, values, total_columns, errors, TOTAL_LABELS.__getitem__)
        if len(errors) == before and key is not None:
            parsed.append((row.number, key, indicators, {TOTALS[k]: v for k, v in totals.items()}))
            preview.incomplete_rows += len(indicators) < 10
    _match_agencies(preview, parsed)
    return preview


@transaction.atomic
def results_sheet_import(*, preview: ResultsPreview, user: Any) -> ResultsImportResult:
    """Write a valid preview in one transaction, then store every touched assessment's computed scores."""
    if preview.errors:
        raise ValueError("a preview with errors cannot be imported")
    framework, year, now = preview.framework, preview.framework.year, timezone.now()
    agency_ids = create_agencies(preview.new_agencies)
    # Locked (PostgreSQL) so that the versions and published totals read here are still current at the write.
    existing = {
        a.agency_id: a
        for a in Assessment.objects.select_for_update()
        .filter(fiscal_year=year)
        .only("pk", "agency_id", "version", *TOTALS.values())
    }
    stored_scores: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for assessment_id, number, score in IndicatorScore.objects.filter(assessment__fiscal_year=year).values_list(
        "assessment_id", "indicator__number", "score"
    ):
        stored_scores[assessment_id][number] = score
    item_scores: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for assessment_id, code, score in ItemResult.objects.filter(assessment__fiscal_year=year).values_list(
        "assessment_id", "item__code", "score"
    ):
        item_scores[assessment_id][code] = score
    shape = framework_shape(framework)
    source = f"นำเข้าจากไฟล์ {preview.filename}"[:300]
    pairs: list[tuple[ResultRow, Assessment]] = []
    for row in preview.rows:
        agency_id = row.agency_id or agency_ids[row.key]
        assessment = Assessment(agency_id=agency_id, fiscal_year=year, framework=framework, source=source)
        old = existing.get(agency_id)
        reported, items = dict(row.indicators), {}
        if old is not None:
            assessment.version = old.version + 1
            for name in TOTALS.values():
                setattr(assessment, name, getattr(old, name))
            reported, items = {**stored_scores[old.pk], **row.indicators}, item_scores[old.pk]
        for name, value in row.reported.items():
            setattr(assessment, name, value)
        sheet = compute_scores(shape, reported=reported, item_scores=items)
        assessment.score_iit, assessment.score_eit = sheet.tools.get("IIT"), sheet.tools.get("EIT")
        assessment.score_oit, assessment.score_total = sheet.tools.get("OIT"), sheet.total
        assessment.grade, assessment.computed_at, assessment.updated_by = sheet.grade, now, user
        pairs.append((row, assessment))
    # One upsert for new and existing assessments alike: every value was merged above, so all rows
    # update the same columns (bulk_update's CASE expressions are far slower for thousands of rows).
    objects = [assessment for _row, assessment in pairs]
    Assessment.objects.bulk_create(
        objects,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["agency", "fiscal_year"],
        update_fields=[*TOTALS.values(), *SCORE_FIELDS, "version", "updated_at", "updated_by"],
    )
    if any(a.pk is None for a in objects):  # databases that do not return ids from an upsert
        ids = dict(Assessment.objects.filter(fiscal_year=year).values_list("agency_id", "pk"))
        for assessment in objects:
            assessment.pk = ids[assessment.agency_id]
    created = sum(1 for _row, a in pairs if a.agency_id not in existing)
    written = _write_indicator_scores(preview, pairs, stored_scores)
    return ResultsImportResult(
        agencies_created=len(preview.new_agencies),
        assessments_created=created,
        assessments_updated=len(pairs) - created,
        indicator_scores_written=written,
    )


def _columns(keys: list[str]) -> tuple[dict[str, str], dict[int, str], dict[str, str]]:
    identity: dict[str, str] = {}
    indicators: dict[int, str] = {}
    totals: dict[str, str] = {}
    for key in keys:
        squashed = squash_header(key)
        column = next((c for c, (_label, spellings) in IDENTITY.items() if squashed in spellings), None)
        if column is not None:
            identity.setdefault(column, key)
        elif (match := _INDICATOR.match(squashed)) and 1 <= int(match[1]) <= 10:
            indicators.setdefault(int(match[1]), key)
        elif match := _TOOL.match(squashed):
            totals.setdefault(match[1], key)
        elif squashed in _TOTAL or squashed.startswith("คะแนนรวม"):
            totals.setdefault("total", key)
    return identity, indicators, totals


def agency_key(
    number: int, values: dict[str, str], columns: dict[str, str], errors: list[RowError]
) -> AgencyKey | None:
    raw = {column: values.get(columns.get(column, ""), "") for column in IDENTITY}
    ok = True
    agency_type = name = ""
    try:
        if not raw["name"]:
            raise ValueError("ต้องระบุชื่อหน่วยงาน")
        agency_type, name = split_agency_name(raw["name"])
    except ValueError as exc:
        errors.append(RowError(number, "ชื่อหน่วยงาน", str(exc)))
        ok = False
    places = {
        "district": strip_place(raw["district"], DISTRICT_PREFIXES),
        "province": strip_place(raw["province"], PROVINCE_PREFIXES),
    }
    for column, value in places.items():
        label = IDENTITY[column][0]
        if not value:
            errors.append(RowError(number, label, f"ต้องระบุ{label}"))
            ok = False
        elif len(value) > 100:
            errors.append(RowError(number, label, f"{label}ยาวเกิน 100 ตัวอักษร"))
            ok = False
    return AgencyKey(agency_type, name, places["district"], places["province"]) if ok else None


def _scores(number: int, values: dict[str, str], columns: dict, errors: list[RowError], label: Any) -> dict:
    scores = {}
    for key, column in columns.items():
        text = values.get(column, "")
        if not text or text in {"-", "–"}:
            continue
        try:
            scores[key] = parse_score(text)
        except ValueError as exc:
            errors.append(RowError(number, label(key), str(exc)))
    return scores


def _match_agencies(preview: ResultsPreview, parsed: list[tuple[int, AgencyKey, dict, dict]]) -> None:
    provinces = {key.province for _n, key, _i, _t in parsed}
    known = known_agencies(provinces)
    assessed = dict(
        Assessment.objects.filter(fiscal_year=preview.framework.year).values_list("agency_id", "framework_id")
    )
    for number, key, indicators, totals in parsed:
        agency_id = known.get(key)
        if agency_id is None and not preview.create_missing:
            preview.errors.append(
                RowError(number, "ชื่อหน่วยงาน", f"ไม่พบ {key} ในระบบ (เลือก “สร้างหน่วยงานที่ยังไม่มีในระบบ” เพื่อสร้างใหม่)")
            )
            continue
        if agency_id is None:
            preview.new_agencies.append(key)
        elif agency_id in assessed and assessed[agency_id] != preview.framework.pk:
            preview.errors.append(
                RowError(number, "ชื่อหน่วยงาน", f"ผลการประเมินปี {preview.framework.year} ของ {key} ใช้กรอบการประเมินปีอื่น")
            )
            continue
        if agency_id is not None and agency_id in assessed:
            preview.updated_assessments += 1
        else:
            preview.new_assessments += 1
        preview.rows.append(ResultRow(number, key, agency_id, indicators, totals))


def create_agencies(
    keys: list[AgencyKey], *, fields: dict[AgencyKey, dict[str, str]] | None = None
) -> dict[AgencyKey, int]:
    """Create the agencies of `keys` (missing ones, found by a preview); their ids by key.

    `fields` gives each new agency's other fields by key, e.g. {key: {"phone": "0 7471 1234"}}.
    """
    if not keys:
        return {}
    fields = fields or {}
    agencies = [Agency(**key._asdict(), **fields.get(key, {})) for key in keys]
    Agency.objects.bulk_create(agencies, batch_size=BATCH)
    if all(a.pk is not None for a in agencies):
        return {key: agency.pk for key, agency in zip(keys, agencies, strict=True)}
    return known_agencies({key.province for key in keys})


def known_agencies(provinces: set[str]) -> dict[AgencyKey, int]:
    rows = Agency.objects.filter(province__in=provinces).values_list("pk", "type", "name", "district", "province")
    return {AgencyKey(*values[1:]): values[0] for values in rows}


def _write_indicator_scores(
    preview: ResultsPreview, pairs: list[tuple[ResultRow, Assessment]], stored: dict[int, dict[int, Decimal]]
) -> int:
    """Insert or update only the scores that differ from what is stored; returns how many."""
    indicators = {i.number: i.pk for i in Indicator.objects.filter(framework=preview.framework)}
    objects = [
        IndicatorScore(assessment_id=assessment.pk, indicator_id=indicators[number], score=score)
        for row, assessment in pairs
        for number, score in row.indicators.items()
        if stored.get(assessment.pk, {}).get(number) != score
    ]
    IndicatorScore.objects.bulk_create(
        objects,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["assessment", "indicator"],
        update_fields=["score"],
    )
    return len(objects)
