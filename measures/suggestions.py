"""Suggested measures: one draft per weak indicator (< pass mark) and per zero-scored item
of the agency's last assessment before the plan's year; the coordinator accepts, edits or discards.

Stored text (titles, issues) and flashed messages use Thai digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.crosswalk import ItemMapper, ItemMapping
from assessments.models import Assessment, FrameworkVersion, Indicator, Item, ItemResult
from assessments.scoring import assessment_scores
from ita_portal import thai
from measures.models import DismissedSuggestion, Measure, MeasurePlan
from measures.services import MeasureData, measure_create

# --- Suggested measures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A draft measure for one weak indicator or zero-scored item of the last assessment."""

    key: str  # "focus:3", "indicator:10" or "item:O17" (the assessment's code)
    title: str
    issue: str
    score: Decimal
    indicator_number: int
    item_code: str = ""
    items: tuple[Item, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    mapping: ItemMapping | None = None

    @property
    def is_indicator(self) -> bool:
        return self.key.startswith(("indicator:", "focus:"))

    @property
    def is_focus(self) -> bool:
        """The one indicator the plan concentrates its preventive measures on (ITA 2569 onwards)."""
        return self.key.startswith("focus:")

    @property
    def section(self) -> str:
        return Measure.Section.INDICATOR_FOLLOWUP if self.is_indicator else Measure.Section.MEASURE


def last_assessment_before(plan: MeasurePlan) -> Assessment | None:
    """The agency's most recent assessment of a fiscal year before the plan's."""
    return (
        Assessment.objects.filter(agency_id=plan.agency_id, fiscal_year__lt=plan.fiscal_year)
        .select_related("framework")
        .order_by("-fiscal_year")
        .first()
    )


def handled_suggestion_keys(plan: MeasurePlan) -> tuple[set[str], set[str]]:
    """(keys already accepted as measures of the plan, keys dismissed for the plan)."""
    accepted = set(plan.measures.exclude(suggestion_key="").values_list("suggestion_key", flat=True))
    dismissed = set(DismissedSuggestion.objects.filter(plan=plan).values_list("key", flat=True))
    return accepted, dismissed


def suggestions_for_plan(plan: MeasurePlan, *, assessment: Assessment | None = None) -> list[Suggestion]:
    """Draft measures from the last assessment before the plan's year: one per indicator below
    the pass mark, then one per item scored 0; minus those accepted or dismissed for the plan.

    Items are mapped into the plan's catalogue when it is another year's (a plan with no
    catalogue takes the assessment's).
    """
    assessment = assessment or last_assessment_before(plan)
    if assessment is None:
        return []
    source = assessment.framework
    target = plan.framework or source
    accepted, dismissed = handled_suggestion_keys(plan)
    skip = accepted | dismissed
    source_indicators = {i.number: i for i in source.indicators.all()}
    target_indicators = source_indicators if target == source else {i.number: i for i in target.indicators.all()}
    zero_results = list(
        ItemResult.objects.filter(assessment=assessment, score=0)
        .select_related("item__indicator")
        .order_by("item__order", "item__code")
    )
    suggestions: list[Suggestion] = []
    scores = assessment_scores(assessment).indicators
    focused = (
        target.focus_lowest_indicator
        or FrameworkVersion.objects.filter(year=plan.fiscal_year, focus_lowest_indicator=True).exists()
    )
    focus = _lowest_indicator(scores, source_indicators) if focused else None
    if focus is not None and f"focus:{focus}" not in skip:
        suggestions.append(
            _focus_suggestion(assessment, source_indicators[focus], scores[focus], target_indicators.get(focus))  # type: ignore[arg-type]
        )
    for number, score in sorted(scores.items()):
        key = f"indicator:{number}"
        if score is None or score >= source.pass_mark or key in skip or number not in source_indicators:
            continue
        if number == focus:
            continue
        suggestions.append(
            _indicator_suggestion(
                key,
                assessment,
                source_indicators[number],
                score,
                target_indicators.get(number),
                [r for r in zero_results if r.item.indicator.number == number],
            )
        )
    mapper = ItemMapper(target)
    for result in zero_results:
        key = f"item:{result.item.code}"
        if key in skip:
            continue
        mapping = mapper.map(result.item.code, from_year=source.year)
        suggestions.append(_item_suggestion(key, assessment, result, mapping, target_indicators))
    return suggestions


def _lowest_indicator(scores: dict[int, Decimal | None], indicators: dict[int, Indicator]) -> int | None:
    scored = [(score, number) for number, score in scores.items() if score is not None and number in indicators]
    return min(scored)[1] if scored else None


def _focus_suggestion(
    assessment: Assessment, indicator: Indicator, score: Decimal, mapped: Indicator | None
) -> Suggestion:
    """ITA 2569's practice: one indicator, the lowest-scored (or the riskiest), with preventive measures."""
    number = thai.thai_digits(indicator.number)
    lines = [
        "แนวทาง ITA ตั้งแต่ปี ๒๕๖๙: เลือกตัวชี้วัดที่ได้คะแนนต่ำที่สุดหรือมีความเสี่ยงสูงที่สุดหนึ่งตัวชี้วัด "
        "แล้วกำหนดมาตรการป้องกันการทุจริตสำหรับตัวชี้วัดนั้น",
        f"ผลการประเมิน ITA ปี {thai.thai_digits(assessment.framework.year)} ตัวชี้วัดที่ {number} {indicator.name_th} "
        f"ได้ {thai.thai_number(score)} คะแนน ต่ำที่สุดในผลการประเมิน",
        "หากหน่วยงานเห็นว่าตัวชี้วัดอื่นมีความเสี่ยงสูงกว่า ให้ปฏิเสธข้อเสนอนี้แล้วเพิ่มมาตรการสำหรับตัวชี้วัดนั้นเอง",
    ]
    return Suggestion(
        key=f"focus:{indicator.number}",
        title=f"มาตรการป้องกันสำหรับตัวชี้วัดที่ {number} {indicator.name_th} (ตัวชี้วัดที่ได้คะแนนต่ำที่สุด)",
        issue="\n".join(lines),
        score=score,
        indicator_number=indicator.number,
        indicators=(mapped,) if mapped else (),
    )


def _indicator_suggestion(
    key: str,
    assessment: Assessment,
    indicator: Indicator,
    score: Decimal,
    target: Indicator | None,
    zero_results: list[ItemResult],
) -> Suggestion:
    number = thai.thai_digits(indicator.number)
    lines = [
        f"ผลการประเมิน ITA ปี {thai.thai_digits(assessment.framework.year)} ตัวชี้วัดที่ {number} "
        f"{indicator.name_th} ได้ {thai.thai_number(score)} คะแนน "
        f"ต่ำกว่าเกณฑ์ผ่าน {_plain_number(assessment.framework.pass_mark)} คะแนน"
    ]
    if zero_results:
        codes = ", ".join(thai.thai_digits(r.item.code) for r in zero_results)
        lines.append(f"ข้อที่ไม่ได้คะแนน: {codes}")
    return Suggestion(
        key=key,
        title=f"ยกระดับตัวชี้วัดที่ {number} {indicator.name_th}",
        issue="\n".join(lines),
        score=score,
        indicator_number=indicator.number,
        indicators=(target,) if target else (),
    )


def _item_suggestion(
    key: str,
    assessment: Assessment,
    result: ItemResult,
    mapping: ItemMapping,
    target_indicators: dict[int, Indicator],
) -> Suggestion:
    item = result.item
    shown = mapping.item or item
    lines = [
        f"ผลการประเมิน ITA ปี {thai.thai_digits(assessment.framework.year)} ข้อ {thai.thai_digits(item.code)} "
        f"{thai.thai_digits(item.name_th)} ได้ {_plain_number(result.score)} คะแนน"
    ]
    if mapping.item is not None and mapping.to_year != mapping.from_year:
        lines.append(
            f"ในกรอบ ITA ปี {thai.thai_digits(mapping.to_year)} "
            f"คือข้อ {thai.thai_digits(shown.code)} {thai.thai_digits(shown.name_th)}"
        )
    if result.comment.strip():
        lines.append(f"ความเห็นของผู้ตรวจประเมิน: {result.comment.strip()}")
    if result.decision.strip():
        when = f" ({thai.thai_date(result.decision_date)})" if result.decision_date else ""
        lines.append(f"ผลการพิจารณาคำชี้แจง{when}: {result.decision.strip()}")
    indicator = mapping.item.indicator if mapping.item else target_indicators.get(item.indicator.number)
    return Suggestion(
        key=key,
        title=f"ปรับปรุงข้อ {thai.thai_digits(shown.code)} {thai.thai_digits(shown.name_th)} ให้ครบถ้วนตามเกณฑ์การประเมิน",
        issue="\n".join(lines),
        score=result.score,
        indicator_number=item.indicator.number,
        item_code=item.code,
        items=(mapping.item,) if mapping.item else (),
        indicators=(indicator,) if indicator else (),
        mapping=mapping,
    )


def _plain_number(value: Decimal) -> str:
    """85.00 → ๘๕, 79.50 → ๗๙.๕๐: whole numbers without decimals, as the documents write them."""
    return thai.thai_number(value, 0) if value == value.to_integral_value() else thai.thai_number(value)


def _offered(plan: MeasurePlan, key: str) -> Suggestion:
    accepted, dismissed = handled_suggestion_keys(plan)
    if key in accepted:
        raise ValidationError("ข้อเสนอนี้รับเป็นมาตรการของแผนนี้แล้ว")
    if key in dismissed:
        raise ValidationError("ข้อเสนอนี้ได้ระบุว่าไม่รับไปแล้ว")
    for suggestion in suggestions_for_plan(plan):
        if suggestion.key == key:
            return suggestion
    raise ValidationError("ไม่พบข้อเสนอนี้ในผลการประเมินครั้งล่าสุดของหน่วยงาน")


def _lock(plan: MeasurePlan) -> None:
    # Two coordinators accepting the same suggestion at once would make two measures; on
    # PostgreSQL the row lock makes the second wait and then see the first one's measure.
    MeasurePlan.objects.select_for_update().only("pk").get(pk=plan.pk)


@transaction.atomic
def suggestion_accept(*, plan: MeasurePlan, key: str, user: AbstractBaseUser) -> Measure:
    """Turn an offered suggestion into a measure of the plan (source "suggested").

    Indicator suggestions go to the section "แนวทางยกระดับรายตัวชี้วัด", item suggestions to
    "มาตรการ". A key that is not offered now (unknown, accepted, dismissed) is a ValidationError.
    """
    _lock(plan)
    suggestion = _offered(plan, key)
    data = MeasureData(
        title=suggestion.title,
        section=suggestion.section,
        issue=suggestion.issue,
        items=list(suggestion.items),
        indicators=list(suggestion.indicators),
    )
    return measure_create(
        plan=plan, user=user, data=data, source=Measure.Source.SUGGESTED, suggestion_key=suggestion.key
    )


@transaction.atomic
def suggestion_dismiss(*, plan: MeasurePlan, key: str, user: AbstractBaseUser) -> DismissedSuggestion:
    """Record that the coordinator does not want this suggestion, so it is not offered again."""
    _lock(plan)
    suggestion = _offered(plan, key)
    try:
        with transaction.atomic():
            return DismissedSuggestion.objects.create(plan=plan, key=suggestion.key, user=user)
    except IntegrityError:
        raise ValidationError("ข้อเสนอนี้ได้ระบุว่าไม่รับไปแล้ว") from None
