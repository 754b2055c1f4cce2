"""Writes to assessment results typed in by hand (imports live in assessments/imports)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from assessments.models import Agency, Assessment, FrameworkVersion, IndicatorScore, ItemResult
from assessments.scoring import ScoreSheet, assessment_recompute


class ResultsConflict(Exception):
    """Someone saved these results after the form was opened; nothing was written."""

    def __init__(self, *, by: str, at: datetime.datetime, version: int) -> None:
        super().__init__("มีผู้อื่นบันทึกผลการประเมินนี้ก่อนคุณ")
        self.by, self.at, self.version = by, at, version


@dataclass
class ItemData:
    score: Decimal | None
    urls: list[str] = field(default_factory=list)
    comment: str = ""
    appeal_text: str = ""
    decision: str = ""
    decision_date: datetime.date | None = None


@dataclass
class ResultsData:
    indicators: dict[int, Decimal | None]
    items: dict[str, ItemData]
    reported: dict[str, Decimal | None] = field(default_factory=dict)  # total, iit, eit, oit


@transaction.atomic
def assessment_save_results(
    *,
    agency: Agency,
    fiscal_year: int,
    framework: FrameworkVersion,
    data: ResultsData,
    user: AbstractBaseUser,
    expected_version: int,
) -> tuple[Assessment, ScoreSheet]:
    """Create or update an agency's results for a year from the form, then recompute the scores.

    `expected_version` 0 means the form was opened before any results existed. An indicator or item
    left empty removes a stored value: the form shows everything there is.
    """
    assessment = Assessment.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if assessment is None:
        if expected_version not in (0, None):
            raise ResultsConflict(by="", at=timezone.now(), version=0)
        assessment = Assessment.objects.create(agency=agency, fiscal_year=fiscal_year, framework=framework)
    else:
        claimed = Assessment.objects.filter(pk=assessment.pk, version=expected_version).update(version=F("version") + 1)
        if not claimed:
            assessment.refresh_from_db()
            who = assessment.updated_by
            raise ResultsConflict(
                by=(who.get_full_name() or who.get_username()) if who else "",
                at=assessment.updated_at,
                version=assessment.version,
            )
    for name in ("total", "iit", "eit", "oit"):
        setattr(assessment, f"reported_{name}", data.reported.get(name))
    assessment.updated_by = user
    assessment.save(
        update_fields=["reported_total", "reported_iit", "reported_eit", "reported_oit", "updated_by", "updated_at"]
    )
    indicators = {i.number: i for i in framework.indicators.all()}
    for number, score in data.indicators.items():
        if score is None:
            IndicatorScore.objects.filter(assessment=assessment, indicator=indicators[number]).delete()
        else:
            IndicatorScore.objects.update_or_create(
                assessment=assessment, indicator=indicators[number], defaults={"score": score}
            )
    items = {i.code: i for i in framework.items.all()}
    for code, item in data.items.items():
        if item.score is None:
            ItemResult.objects.filter(assessment=assessment, item=items[code]).delete()
            continue
        ItemResult.objects.update_or_create(
            assessment=assessment,
            item=items[code],
            defaults={
                "score": item.score,
                "urls": item.urls,
                "comment": item.comment,
                "appeal_text": item.appeal_text,
                "decision": item.decision,
                "decision_date": item.decision_date,
            },
        )
    sheet = assessment_recompute(assessment=assessment)
    return assessment, sheet
