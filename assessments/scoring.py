"""ITA score computation: sub-indicator → indicator → tool → weighted total → grade.

Rules (verified against seed 001, ITA 2564):
- an OIT item scores 0 or 100; a sub-indicator is the mean of its items;
- an OIT indicator is the mean of its sub-indicators (or of its items when
  the year has no sub-indicators); IIT/EIT indicators come from the surveys
  and are taken as published;
- a tool is the mean of its indicators; the total is the sum of tool scores
  times the year's weights;
- everything is computed at full precision and rounded half-up to two
  decimals only at the end, as the NACC prints it;
- the rating follows the year's rules (assessments.rating): a letter by the
  total (2564–2565) or a label that may also need every tool above a minimum.
A score that needs a missing input is None: nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from assessments import rating
from assessments.models import Assessment, FrameworkVersion
from assessments.rating import Rating, RatingRule

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorShape:
    number: int
    tool: str
    # sub-indicator code → item codes; "" holds items with no sub-indicator.
    sub_items: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FrameworkShape:
    weights: dict[str, Decimal]
    indicators: list[IndicatorShape]
    rating_rules: list[RatingRule]
    pass_mark: Decimal
    rating_scheme: str = rating.LABELS
    rating_confirmed: bool = True

    def rate(self, total: Decimal | None, tools: dict[str, Decimal | None]) -> Rating:
        return rating.rate(
            total,
            tools,
            self.rating_rules,
            scheme=self.rating_scheme,
            confirmed=self.rating_confirmed,
            pass_mark=self.pass_mark,
        )

    def tool_grade(self, score: Decimal | None) -> str:
        """A tool's own letter under the bands scheme; labels are given to the whole result only."""
        return rating.total_label(score, self.rating_rules) if self.rating_scheme == rating.BANDS else ""


@dataclass(frozen=True)
class ScoreSheet:
    sub_indicators: dict[str, Decimal | None]
    indicators: dict[int, Decimal | None]
    indicator_source: dict[int, str]  # "items" | "reported" | "missing"
    tools: dict[str, Decimal | None]
    total: Decimal | None
    rating: Rating
    passed: bool | None

    @property
    def grade(self) -> str:
        return self.rating.label


def compute_scores(
    shape: FrameworkShape, *, reported: dict[int, Decimal], item_scores: dict[str, Decimal]
) -> ScoreSheet:
    """Pure computation; see the module docstring for the rules."""
    subs: dict[str, Decimal | None] = {}
    indicators: dict[int, Decimal | None] = {}
    source: dict[int, str] = {}
    for indicator in shape.indicators:
        derived = None
        if indicator.tool == "OIT" and indicator.sub_items:
            derived = _oit_indicator(indicator, item_scores, subs)
        if derived is not None:
            indicators[indicator.number], source[indicator.number] = derived, "items"
        elif indicator.number in reported:
            indicators[indicator.number], source[indicator.number] = Decimal(reported[indicator.number]), "reported"
        else:
            indicators[indicator.number], source[indicator.number] = None, "missing"
    tools: dict[str, Decimal | None] = {}
    for code in shape.weights:
        values = [indicators[i.number] for i in shape.indicators if i.tool == code]
        tools[code] = _mean(values)
    total = None
    if tools and all(v is not None for v in tools.values()):
        total = sum(shape.weights[c] / 100 * v for c, v in tools.items())  # type: ignore[operator]
    total_rounded = _round(total)
    tools_rounded = {k: _round(v) for k, v in tools.items()}
    return ScoreSheet(
        sub_indicators={k: _round(v) for k, v in subs.items()},
        indicators={k: _round(v) for k, v in indicators.items()},
        indicator_source=source,
        tools=tools_rounded,
        total=total_rounded,
        rating=shape.rate(total_rounded, tools_rounded),
        passed=None if total_rounded is None else total_rounded >= shape.pass_mark,
    )


def framework_shape(framework: FrameworkVersion) -> FrameworkShape:
    """The structure compute_scores needs, read in three queries."""
    indicators = {
        i.id: IndicatorShape(number=i.number, tool=i.tool.code)
        for i in framework.indicators.select_related("tool").order_by("number")
    }
    for item in framework.items.select_related("sub_indicator").order_by("order"):
        code = item.sub_indicator.code if item.sub_indicator else ""
        indicators[item.indicator_id].sub_items.setdefault(code, []).append(item.code)
    return FrameworkShape(
        weights={t.code: t.weight for t in framework.tools.order_by("order")},
        indicators=list(indicators.values()),
        rating_rules=rating.rules_from_data(framework.rating_rules),
        pass_mark=framework.pass_mark,
        rating_scheme=framework.rating_scheme,
        rating_confirmed=framework.rating_confirmed,
    )


def assessment_scores(assessment: Assessment) -> ScoreSheet:
    """Compute (without saving) an assessment's scores from its stored results."""
    reported = {s.indicator.number: s.score for s in assessment.indicator_scores.select_related("indicator")}
    items = {r.item.code: r.score for r in assessment.item_results.select_related("item")}
    return compute_scores(framework_shape(assessment.framework), reported=reported, item_scores=items)


@transaction.atomic
def assessment_recompute(*, assessment: Assessment) -> ScoreSheet:
    """Recompute and store the cached tool scores, total and grade of an assessment."""
    sheet = assessment_scores(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(
        score_iit=sheet.tools.get("IIT"),
        score_eit=sheet.tools.get("EIT"),
        score_oit=sheet.tools.get("OIT"),
        score_total=sheet.total,
        grade=sheet.grade,
        computed_at=timezone.now(),
    )
    assessment.refresh_from_db()
    return sheet


def _oit_indicator(
    indicator: IndicatorShape, item_scores: dict[str, Decimal], subs: dict[str, Decimal | None]
) -> Decimal | None:
    if not any(code in item_scores for codes in indicator.sub_items.values() for code in codes):
        return None
    if set(indicator.sub_items) == {""}:
        return _mean([_score(item_scores, c) for c in indicator.sub_items[""]])
    values = []
    for sub_code, codes in indicator.sub_items.items():
        if sub_code:
            subs[sub_code] = _mean([_score(item_scores, c) for c in codes])
            values.append(subs[sub_code])
    return _mean(values)


def _score(item_scores: dict[str, Decimal], code: str) -> Decimal | None:
    value = item_scores.get(code)
    return None if value is None else Decimal(value)


def _mean(values: list[Decimal | None]) -> Decimal | None:
    if not values or any(v is None for v in values):
        return None
    return sum(values) / len(values)  # type: ignore[arg-type]


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def assessment_rating(assessment: Assessment) -> Rating:
    """The rating of a stored result from its cached scores, or the published ones where nothing was computed."""
    framework = assessment.framework
    tools = {
        code: getattr(assessment, f"score_{code.lower()}") or getattr(assessment, f"reported_{code.lower()}")
        for code in ("IIT", "EIT", "OIT")
    }
    return rating.rate(
        assessment.best_total,
        tools,
        rating.rules_from_data(framework.rating_rules),
        scheme=framework.rating_scheme,
        confirmed=framework.rating_confirmed,
        pass_mark=framework.pass_mark,
    )
