"""One agency's OIT item table for one assessment year (seed 001's ข้อ / ประเด็นการตรวจ / ความคิดเห็น / คะแนน).

Rows whose ข้อ cell is an item code are items; sub-indicator and group
headings and repeated header rows are skipped. The ten indicator scores are
not in this table: indicators 9 and 10 are computed from the items, 1–8 come
from the surveys (the results sheet, the results form, or the optional
fields of the import form). A partial table is allowed; the items it lacks
are listed in the preview and keep whatever was stored before.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F

from assessments.codes import ItemCodeError, normalise_item_code
from assessments.imports.comments import CommentError, split_comment
from assessments.imports.common import RowError, header_keys, parse_number, read_rows, squash_header
from assessments.models import Agency, Assessment, FrameworkVersion, Indicator, IndicatorScore, Item, ItemResult
from assessments.scoring import ScoreSheet, assessment_recompute, compute_scores, framework_shape

HEADER_VARIANTS = [["ข้อ", "คะแนน"], ["code", "score"]]
# Column → (name used in messages, header spellings accepted once squashed).
COLUMNS = {
    "code": ("ข้อ", {"ข้อ", "code", "รหัสข้อ"}),
    "name": ("ประเด็นการตรวจ", {"ประเด็นการตรวจ", "name", "item"}),
    "comment": ("ความคิดเห็น", {"ความคิดเห็น", "ความเห็น", "comment", "ความคิดเห็นของผู้ตรวจ"}),
    "score": ("คะแนน", {"คะแนน", "score"}),
    "url": ("URL", {"url", "urls", "ลิงก์", "link"}),
}
ITEM_SCORES = {Decimal(0), Decimal(100)}
_URL_SPLIT = re.compile(r"[\s,;]+")
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class ItemRow:
    row: int
    item: Item
    score: Decimal
    comment: str
    decision: str
    decision_date: datetime.date | None
    urls: list[str] | None  # None: the file has no URL column, stored URLs are kept


@dataclass
class ItemTablePreview:
    agency: Agency
    framework: FrameworkVersion
    filename: str
    indicator_scores: dict[int, Decimal]
    rows: list[ItemRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped_rows: int = 0
    missing_codes: list[str] = field(default_factory=list)
    assessment_exists: bool = False
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    scores: ScoreSheet | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ItemImportResult:
    assessment: Assessment
    created: bool
    new: int
    changed: int
    unchanged: int
    scores: ScoreSheet


def item_table_parse(
    *, data: bytes, filename: str, agency: Agency, framework: FrameworkVersion, indicator_scores: dict[int, Decimal]
) -> ItemTablePreview:
    """Read and check every row; nothing is written. Raises ImportRefused when the file cannot be read."""
    rows = read_rows(data, filename=filename, header_variants=HEADER_VARIANTS)
    columns = _columns(header_keys(rows))
    preview = ItemTablePreview(agency=agency, framework=framework, filename=filename, indicator_scores=indicator_scores)
    catalogue = {item.code: item for item in framework.items.select_related("indicator__tool").order_by("order")}
    seen: dict[str, int] = {}
    for row in rows:
        parsed = _parse_row(row.number, row.values, columns, catalogue, seen, preview)
        if parsed is not None:
            preview.rows.append(parsed)
    if not preview.rows and not preview.errors:
        preview.errors.append(RowError(None, "ข้อ", "ไม่พบแถวของข้อการประเมิน (เช่น O1, O๑๑) ในไฟล์"))
    oit_codes = [code for code, item in catalogue.items() if item.indicator.tool.code == "OIT"]
    preview.missing_codes = [code for code in oit_codes if code not in seen]
    _compare_with_stored(preview)
    return preview


@transaction.atomic
def item_table_import(*, preview: ItemTablePreview, user: Any) -> ItemImportResult:
    """Write a valid preview in one transaction: the assessment, its item results, indicator scores 1–8.

    Re-importing updates in place (one result per assessment and item); the
    assessment's version is bumped so an open results form cannot overwrite it.
    """
    if preview.errors:
        raise ValueError("a preview with errors cannot be imported")
    assessment, created = Assessment.objects.select_for_update().get_or_create(
        agency=preview.agency,
        fiscal_year=preview.framework.year,
        defaults={"framework": preview.framework, "source": f"นำเข้าจากไฟล์ {preview.filename}"[:300]},
    )
    stored = {r.item_id: r for r in assessment.item_results.all()}
    to_create, to_update = [], []
    unchanged = 0
    for row in preview.rows:
        values = _values(row)
        result = stored.get(row.item.pk)
        if result is None:
            to_create.append(ItemResult(assessment=assessment, item=row.item, **values))
        elif _differs(result, values):
            for name, value in values.items():
                setattr(result, name, value)
            to_update.append(result)
        else:
            unchanged += 1
    ItemResult.objects.bulk_create(to_create, batch_size=500)
    fields = ["score", "comment", "decision", "decision_date", "urls"]
    if any(row.urls is None for row in preview.rows):
        fields.remove("urls")
    ItemResult.objects.bulk_update(to_update, fields, batch_size=500)
    indicators = {i.number: i for i in Indicator.objects.filter(framework=preview.framework)}
    for number, score in preview.indicator_scores.items():
        IndicatorScore.objects.update_or_create(
            assessment=assessment, indicator=indicators[number], defaults={"score": score}
        )
    Assessment.objects.filter(pk=assessment.pk).update(version=F("version") + 1, updated_by=user)
    sheet = assessment_recompute(assessment=assessment)
    return ItemImportResult(
        assessment=assessment,
        created=created,
        new=len(to_create),
        changed=len(to_update),
        unchanged=unchanged,
        scores=sheet,
    )


def _columns(keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in keys:
        squashed = squash_header(key)
        for column, (_label, spellings) in COLUMNS.items():
            if squashed in spellings and column not in found:
                found[column] = key
    return found


def _parse_row(
    number: int,
    values: dict[str, str],
    columns: dict[str, str],
    catalogue: dict[str, Item],
    seen: dict[str, int],
    preview: ItemTablePreview,
) -> ItemRow | None:
    raw_code = values.get(columns["code"], "")
    raw_score = values.get(columns["score"], "")
    errors = preview.errors
    try:
        code = normalise_item_code(raw_code)
    except ItemCodeError as exc:
        if not raw_score or squash_header(raw_code) in COLUMNS["code"][1]:
            preview.skipped_rows += 1  # a sub-indicator or group heading, or the header repeated
        elif not raw_code:
            errors.append(RowError(number, "ข้อ", "ต้องระบุรหัสข้อ เช่น O1"))
        else:
            errors.append(RowError(number, "ข้อ", str(exc)))
        return None
    item = catalogue.get(code)
    if item is None:
        errors.append(RowError(number, "ข้อ", f"ไม่มีข้อ {code} ในกรอบการประเมินปี {preview.framework.year}"))
        return None
    if item.indicator.tool.code != "OIT":
        errors.append(RowError(number, "ข้อ", f"ข้อ {code} เป็นข้อของแบบ {item.indicator.tool.code} ไม่ใช่ OIT"))
        return None
    if code in seen:
        errors.append(RowError(number, "ข้อ", f"ข้อ {code} ซ้ำกับแถวที่ {seen[code]}"))
        return None
    seen[code] = number
    ok = True
    score = Decimal(0)
    try:
        if not raw_score:
            raise ValueError("ต้องระบุคะแนน (0 หรือ 100)")
        score = parse_number(raw_score)
        if score not in ITEM_SCORES:
            raise ValueError(f"คะแนนรายข้อต้องเป็น 0 หรือ 100 (ได้ “{raw_score}”)")
    except ValueError as exc:
        errors.append(RowError(number, "คะแนน", str(exc)))
        ok = False
    try:
        split = split_comment(values.get(columns.get("comment", ""), ""))
    except CommentError as exc:
        errors.append(RowError(number, "ความคิดเห็น", str(exc)))
        return None
    urls = None
    if "url" in columns:
        urls = [u for u in _URL_SPLIT.split(values.get(columns["url"], "")) if u]
        for url in urls:
            try:
                _validate_url(url)
            except ValidationError:
                errors.append(RowError(number, "URL", f"“{url[:200]}” ไม่ใช่ URL ที่ขึ้นต้นด้วย http:// หรือ https://"))
                ok = False
    if not ok:
        return None
    return ItemRow(
        row=number,
        item=item,
        score=score.quantize(Decimal("0.01")) + 0,
        comment=split.comment,
        decision=split.decision,
        decision_date=split.decision_date,
        urls=urls,
    )


def _compare_with_stored(preview: ItemTablePreview) -> None:
    """Fill in what the preview says about the database: new/changed rows and the scores after import."""
    assessment = Assessment.objects.filter(agency=preview.agency, fiscal_year=preview.framework.year).first()
    stored: dict[int, ItemResult] = {}
    reported: dict[int, Decimal] = {}
    item_scores: dict[str, Decimal] = {}
    if assessment is not None:
        preview.assessment_exists = True
        if assessment.framework_id != preview.framework.pk:
            preview.errors.append(
                RowError(None, "", f"ผลการประเมินปี {assessment.fiscal_year} ของหน่วยงานนี้ใช้กรอบการประเมินปีอื่น")
            )
        stored = {r.item_id: r for r in assessment.item_results.select_related("item")}
        item_scores = {r.item.code: r.score for r in stored.values()}
        reported = {s.indicator.number: s.score for s in assessment.indicator_scores.select_related("indicator")}
    for row in preview.rows:
        result = stored.get(row.item.pk)
        if result is None:
            preview.new += 1
        elif _differs(result, _values(row)):
            preview.changed += 1
        else:
            preview.unchanged += 1
        item_scores[row.item.code] = row.score
    reported.update(preview.indicator_scores)
    preview.scores = compute_scores(framework_shape(preview.framework), reported=reported, item_scores=item_scores)


def _values(row: ItemRow) -> dict[str, Any]:
    values: dict[str, Any] = {
        "score": row.score,
        "comment": row.comment,
        "decision": row.decision,
        "decision_date": row.decision_date,
    }
    if row.urls is not None:
        values["urls"] = row.urls
    return values


def _differs(result: ItemResult, values: dict[str, Any]) -> bool:
    return any(getattr(result, name) != value for name, value in values.items())
