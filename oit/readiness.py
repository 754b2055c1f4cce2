"""How ready the year's OIT is, and what it would score if it were submitted today.

An answer counts as 100 when it is พร้อมส่ง, answered มี, and every one of its links passed the
last link check (a link made by the portal counts as passing); any other answer counts as 0.
The OIT score follows the year's own sub-indicator and indicator means; the total and the rating
use the survey indicators (IIT, EIT) of the agency's latest result before this year.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.analysis import item_impacts
from assessments.models import Assessment
from assessments.rating import Rating
from assessments.scoring import ScoreSheet, compute_scores, framework_shape
from oit.models import Answer, Workspace
from oit.selectors import workspace_answers

TWO = Decimal("0.01")


@dataclass(frozen=True)
class Cost:
    answer: Answer
    reason: str
    tool_points: Decimal
    total_points: Decimal


@dataclass
class Readiness:
    workspace: Workspace
    answers: list[Answer]
    by_status: dict[str, int]
    by_department: dict[str, Counter]
    overdue: list[Answer]
    without_url: list[Answer]
    broken: list[Answer]
    unchecked: list[Answer]
    sheet: ScoreSheet
    survey_from: Assessment | None
    costs: list[Cost] = field(default_factory=list)

    @property
    def predicted_oit(self) -> Decimal | None:
        return self.sheet.tools.get("OIT")

    @property
    def predicted_total(self) -> Decimal | None:
        return self.sheet.total

    @property
    def rating(self) -> Rating:
        return self.sheet.rating

    @property
    def ready_count(self) -> int:
        return sum(1 for a in self.answers if counts_as_ready(a))


def counts_as_ready(answer: Answer) -> bool:
    links = list(answer.links.all())
    return (
        answer.status == Answer.Status.READY
        and answer.has_data == Answer.Has.YES
        and bool(links)
        and all(link.generated or link.check_ok for link in links)
    )


def why_not_ready(answer: Answer) -> str:
    links = list(answer.links.all())
    if answer.status != Answer.Status.READY:
        return f"สถานะ “{answer.get_status_display()}”"
    if answer.has_data != Answer.Has.YES:
        return "ตอบว่าไม่มีข้อมูล" if answer.has_data == Answer.Has.NO else "ยังไม่ได้ตอบ มี/ไม่มี"
    if not links:
        return "ไม่มี URL"
    if any(link.check_ok is False and not link.generated for link in links):
        return "ลิงก์ไม่ผ่านการตรวจ"
    return "ลิงก์ยังไม่ได้ตรวจ"


def workspace_readiness(workspace: Workspace, *, today: datetime.date) -> Readiness:
    """Counts, the lists that need attention, the predicted scores and what each unready item costs."""
    answers = list(workspace_answers(workspace))
    by_department: dict[str, Counter] = defaultdict(Counter)
    for answer in answers:
        names = [d.name for d in answer.departments.all()] or ["ยังไม่มอบหมาย"]
        for name in names:
            by_department[name][answer.status] += 1
    shape = framework_shape(workspace.framework)
    survey_from = (
        Assessment.objects.filter(agency=workspace.agency, fiscal_year__lt=workspace.fiscal_year)
        .order_by("-fiscal_year")
        .first()
    )
    reported = {}
    if survey_from is not None:
        reported = {
            number: score
            for number, score in survey_from.indicator_scores.values_list("indicator__number", "score")
            if number <= 8
        }
    scores = {a.item.code: Decimal(100) if counts_as_ready(a) else Decimal(0) for a in answers}
    sheet = compute_scores(shape, reported=reported, item_scores=scores)
    impacts = item_impacts(shape)
    costs = [
        Cost(a, why_not_ready(a), impacts[a.item.code][0].quantize(TWO), impacts[a.item.code][1].quantize(TWO))
        for a in answers
        if not counts_as_ready(a) and a.item.code in impacts
    ]
    costs.sort(key=lambda c: (-c.total_points, c.answer.item.order))
    return Readiness(
        workspace=workspace,
        answers=answers,
        by_status=Counter(a.status for a in answers),
        by_department=dict(sorted(by_department.items())),
        overdue=[a for a in answers if a.due_date and a.due_date < today and a.status != Answer.Status.READY],
        without_url=[a for a in answers if not list(a.links.all())],
        broken=[a for a in answers if any(link.check_ok is False for link in a.links.all())],
        unchecked=[a for a in answers if any(link.checked_at is None and not link.generated for link in a.links.all())],
        sheet=sheet,
        survey_from=survey_from,
        costs=costs,
    )
