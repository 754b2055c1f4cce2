"""Each import read back from what its upload stored (the file and the user's choices), and its summary.

Shared by the confirm in the request (an agency's item table) and the
background import (a results sheet, the onboarding of agencies), which both
parse the file again because the database may have changed since the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from assessments.imports.agencies import OnboardingPreview, OnboardingResult, onboarding_parse
from assessments.imports.common import ImportRefused
from assessments.imports.items import ItemImportResult, ItemTablePreview, item_table_parse
from assessments.imports.results import ResultsImportResult, ResultsPreview, results_sheet_parse
from assessments.models import Agency, FrameworkVersion


def framework_of(meta: dict[str, Any]) -> FrameworkVersion:
    framework = FrameworkVersion.objects.filter(year=meta["year"]).first()
    if framework is None:
        raise ImportRefused(f"ไม่มีกรอบการประเมินปี {meta['year']} ในระบบแล้ว")
    return framework


def parse_items(
    *, data: bytes, meta: dict[str, Any], agency: Agency, progress: Callable | None = None
) -> ItemTablePreview:
    indicators = {int(n): Decimal(v) for n, v in meta.get("indicators", {}).items()}
    return item_table_parse(
        data=data, filename=meta["filename"], agency=agency, framework=framework_of(meta), indicator_scores=indicators
    )


def parse_results(
    *, data: bytes, meta: dict[str, Any], agency: None, progress: Callable | None = None
) -> ResultsPreview:
    return results_sheet_parse(
        data=data,
        filename=meta["filename"],
        framework=framework_of(meta),
        create_missing=meta["create_missing"],
        progress=progress,
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def items_summary(result: ItemImportResult) -> dict[str, Any]:
    scores = result.scores
    return {
        "agency_id": result.assessment.agency_id,
        "year": result.assessment.fiscal_year,
        "created": result.created,
        "new": result.new,
        "changed": result.changed,
        "unchanged": result.unchanged,
        "indicator_9": _text(scores.indicators.get(9)),
        "indicator_10": _text(scores.indicators.get(10)),
        "iit": _text(scores.tools.get("IIT")),
        "eit": _text(scores.tools.get("EIT")),
        "oit": _text(scores.tools.get("OIT")),
        "total": _text(scores.total),
        "grade": scores.grade,
        "rating": asdict(scores.rating),  # the session holds JSON; the done page reads it back
    }


def results_summary(result: ResultsImportResult) -> dict[str, Any]:
    return {
        "agencies_created": result.agencies_created,
        "assessments_created": result.assessments_created,
        "assessments_updated": result.assessments_updated,
        "indicator_scores_written": result.indicator_scores_written,
    }


def parse_agencies(
    *, data: bytes, meta: dict[str, Any], agency: None, progress: Callable | None = None
) -> OnboardingPreview:
    return onboarding_parse(data=data, filename=meta["filename"], province=meta["province"], progress=progress)


def agencies_summary(result: OnboardingResult) -> dict[str, Any]:
    return {
        "agencies_created": result.agencies_created,
        "agencies_updated": result.agencies_updated,
        "accounts_created": result.accounts_created,
        "invitations": len(result.invitations),
    }
