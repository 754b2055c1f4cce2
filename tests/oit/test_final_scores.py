"""After the preliminary scores: the appeal is recorded per item, and confirming writes the result like an import."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from assessments.imports.items import item_table_import, item_table_parse
from assessments.models import Assessment, IndicatorScore
from oit.services import ReviewData, answer_record_review, workspace_confirm_scores, workspace_open
from tests.assessments.fixtures.imports_helpers import SEED_001_CSV
from tests.factories import AgencyFactory, MembershipFactory

SEED_001 = Path(__file__).resolve().parents[2] / "ita_portal" / "demo" / "data" / "001_wangprachan.json"


def seed_001():
    return json.loads(SEED_001.read_text(encoding="utf-8"))["assessment"]


def survey_scores(assessment):
    indicators = {i.number: i for i in assessment.framework.indicators.all()}
    for number, score in seed_001()["indicators"].items():
        if int(number) <= 8:
            IndicatorScore.objects.create(assessment=assessment, indicator=indicators[int(number)], score=score)


def results(assessment):
    return sorted(
        (r.item.code, r.score, r.comment, r.decision, r.decision_date)
        for r in assessment.item_results.select_related("item")
    )


@pytest.fixture
def coordinator(catalogue):
    return MembershipFactory(role="coordinator", agency=AgencyFactory(name="วังประจันทดลอง")).user


def test_confirming_seed_001s_reviewed_answers_gives_what_importing_its_item_table_gives(
    coordinator, catalogue, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    agency = coordinator.memberships.get().agency
    workspace = workspace_open(agency=agency, fiscal_year=2564, user=coordinator)
    rows = {row["code"]: row for row in seed_001()["items"]}
    for answer in workspace.answers.select_related("item", "workspace__agency"):
        row = rows[answer.item.code]
        answer_record_review(
            answer=answer,
            user=coordinator,
            data=ReviewData(
                preliminary_score=Decimal(row["score"]),
                reviewer_comment=row["comment"],
                final_decision=row["decision"],
                final_decision_date=datetime.date.fromisoformat(row["decision_date"]) if row["decision_date"] else None,
            ),
            expected_version=answer.version,
        )
    ours = Assessment.objects.create(agency=agency, fiscal_year=2564, framework=catalogue[2564])
    survey_scores(ours)

    confirmed = workspace_confirm_scores(workspace=workspace, user=coordinator)

    other = AgencyFactory(name="นำเข้าทดลอง")
    imported = Assessment.objects.create(agency=other, fiscal_year=2564, framework=catalogue[2564])
    survey_scores(imported)
    preview = item_table_parse(
        data=SEED_001_CSV.read_bytes(),
        filename="seed_001.csv",
        agency=other,
        framework=catalogue[2564],
        indicator_scores={},
    )
    item_table_import(preview=preview, user=None)
    imported.refresh_from_db()
    confirmed.refresh_from_db()
    assert (confirmed.score_oit, confirmed.score_total, confirmed.grade) == (Decimal("61.45"), Decimal("81.86"), "B")
    assert (confirmed.score_oit, confirmed.score_total) == (imported.score_oit, imported.score_total)
    assert results(confirmed) == results(imported)


def test_an_appeal_records_its_writer_and_a_year_with_an_unscored_item_cannot_be_confirmed(coordinator):
    agency = coordinator.memberships.get().agency
    workspace = workspace_open(agency=agency, fiscal_year=2569, user=coordinator)
    answer = workspace.answers.select_related("workspace__agency").get(item__code="O11")

    saved = answer_record_review(
        answer=answer,
        user=coordinator,
        data=ReviewData(preliminary_score=Decimal(0), reviewer_comment="ขาดเดือนมีนาคม", appeal_text="เพิ่มแล้ว"),
        expected_version=answer.version,
    )

    assert (saved.appeal_by, saved.reviewer_comment) == (coordinator, "ขาดเดือนมีนาคม")
    with pytest.raises(ValidationError, match="ยังไม่มีคะแนนของข้อ O1,"):
        workspace_confirm_scores(workspace=workspace, user=coordinator)
    with pytest.raises(ValidationError, match="ระหว่าง ๐ ถึง ๑๐๐"):
        answer_record_review(
            answer=saved,
            user=coordinator,
            data=ReviewData(preliminary_score=Decimal(101)),
            expected_version=saved.version,
        )
