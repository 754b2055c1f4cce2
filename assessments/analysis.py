"""The analysis of one assessment: scores with the year's weights and bands, strengths and
weaknesses, zero-scored items with their comments, the change against the previous year, and
why a published total differs from the computed one.

Scores come from assessments.scoring (the one place the rules live); this module only arranges
them and explains them. A strength is an indicator at or above the year's pass mark (85):
the issue says "≥ 85" while seed 001 writes "มากกว่าร้อยละ ๘๕"; no seed indicator sits at exactly
85, and "ผ่านเกณฑ์ (๘๕ คะแนนขึ้นไป)" counts 85 as passing, so ≥ is used throughout.

The query count does not depend on the number of items: the catalogue, the results and the
previous year's results are each read in one query (about 14 in all).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.discrepancies import Discrepancy, discrepancies
from assessments.models import Assessment, FrameworkVersion, Indicator, Item, ItemResult, SubIndicator, Tool
from assessments.rating import Rating
from assessments.scoring import FrameworkShape, ScoreSheet, compute_scores, framework_shape

HUNDRED = Decimal(100)
STRENGTH, WEAKNESS = "strength", "weakness"
SOURCE_LABELS = {"items": "คำนวณจากผลรายข้อ", "reported": "ตามที่ประกาศ", "missing": "ไม่มีข้อมูล"}


@dataclass(frozen=True)
class SubIndicatorRow:
    code: str
    name: str
    score: Decimal | None


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    name: str
    tool: str
    score: Decimal | None
    source: str  # "items" | "reported" | "missing"
    previous: Decimal | None
    change: Decimal | None
    status: str  # STRENGTH | WEAKNESS | "" when the score is missing
    sub_indicators: list[SubIndicatorRow] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]


@dataclass(frozen=True)
class ToolRow:
    code: str
    name: str
    weight: Decimal
    score: Decimal | None
    grade: str
    reported: Decimal | None
    previous: Decimal | None
    change: Decimal | None


@dataclass(frozen=True)
class ZeroItem:
    code: str
    name: str
    indicator_number: int
    sub_indicator: str  # "9.2"; "" when the year has none
    sub_indicator_name: str
    group: str
    comment: str
    decision: str
    decision_date: datetime.date | None
    # Points the tool and the total would gain had the item scored 100 (None: cannot be computed).
    tool_impact: Decimal | None
    total_impact: Decimal | None


@dataclass(frozen=True)
class ItemGroup:
    """Zero-scored items of one sub-indicator, for the page's grouped list."""

    code: str
    name: str
    items: list[ZeroItem]


@dataclass
class Analysis:
    assessment: Assessment
    framework: FrameworkVersion
    sheet: ScoreSheet
    pass_mark: Decimal
    indicators: list[IndicatorRow]
    tools: list[ToolRow]
    total: Decimal | None
    rating: Rating  # of the computed total, or of the published one when nothing could be computed
    passed: bool | None
    zero_items: list[ZeroItem]
    missing_items: list[str]  # codes of OIT items without a result where other items have one
    previous: Assessment | None
    previous_total: Decimal | None
    total_change: Decimal | None
    discrepancies: list[Discrepancy]

    @property
    def grade(self) -> str:
        return self.rating.label

    @property
    def strengths(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.status == STRENGTH]

    @property
    def weaknesses(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.status == WEAKNESS]

    @property
    def zero_groups(self) -> list[ItemGroup]:
        groups: dict[str, ItemGroup] = {}
        for item in self.zero_items:
            groups.setdefault(item.sub_indicator, ItemGroup(item.sub_indicator, item.sub_indicator_name, []))
            groups[item.sub_indicator].items.append(item)
        return list(groups.values())

    @property
    def has_item_results(self) -> bool:
        return "items" in self.sheet.indicator_source.values() or bool(self.zero_items or self.missing_items)

    @property
    def reported_total(self) -> Decimal | None:
        return self.assessment.reported_total

    @property
    def best_total(self) -> Decimal | None:
        return self.total if self.total is not None else self.assessment.reported_total


def assessment_analysis(assessment: Assessment) -> Analysis:
    """Everything the analysis page and the reports show about one assessment."""
    framework = assessment.framework
    shape = framework_shape(framework)
    tools = list(framework.tools.order_by("order"))
    indicators = list(framework.indicators.order_by("number"))
    subs = {s.code: s for s in SubIndicator.objects.filter(indicator__framework=framework).order_by("order")}
    items = list(framework.items.select_related("sub_indicator", "group").order_by("order"))
    sheet, results = _results(assessment, shape, items)

    previous = (
        Assessment.objects.filter(agency_id=assessment.agency_id, fiscal_year__lt=assessment.fiscal_year)
        .select_related("framework")
        .order_by("-fiscal_year")
        .first()
    )
    before: ScoreSheet | None = None
    if previous is not None:
        previous_shape = shape if previous.framework_id == framework.pk else framework_shape(previous.framework)
        before = _results(previous, previous_shape, None)[0]

    rows = [_indicator_row(i, tools, subs, shape, sheet, before) for i in indicators]
    tool_rows = []
    for t in tools:
        score, last = sheet.tools.get(t.code), before.tools.get(t.code) if before else None
        grade = shape.tool_grade(score)
        tool_rows.append(
            ToolRow(
                t.code, t.name_th, t.weight, score, grade, _reported(assessment, t.code), last, _change(score, last)
            )
        )
    impacts = item_impacts(shape)
    numbers = {i.pk: i.number for i in indicators}
    zero_items = [
        _zero_item(item, results[item.code], numbers[item.indicator_id], impacts)
        for item in items
        if item.code in results and results[item.code].score == 0
    ]
    missing_items = _missing_items(shape, results)
    previous_total = before.total if before else None
    return Analysis(
        assessment=assessment,
        framework=framework,
        sheet=sheet,
        pass_mark=shape.pass_mark,
        indicators=rows,
        tools=tool_rows,
        total=sheet.total,
        rating=sheet.rating if sheet.total is not None else _published_rating(assessment, shape, sheet),
        passed=sheet.passed,
        zero_items=zero_items,
        missing_items=missing_items,
        previous=previous,
        previous_total=previous_total,
        total_change=_change(sheet.total, previous_total),
        discrepancies=discrepancies(assessment, shape, sheet, rows, zero_items, missing_items),
    )


def _published_rating(assessment: Assessment, shape: FrameworkShape, sheet: ScoreSheet) -> Rating:
    tools = {code: sheet.tools.get(code) or _reported(assessment, code) for code in shape.weights}
    return shape.rate(assessment.reported_total, tools)


def item_impacts(shape: FrameworkShape) -> dict[str, tuple[Decimal, Decimal]]:
    """Item code → (points its tool, points the total) gains when the item goes from 0 to 100.

    An OIT item is one of n items of its sub-indicator, one of m sub-indicators of its indicator,
    one of k indicators of the tool: 100 / n / m / k points of the tool, times the tool's weight.
    """
    per_tool = {code: sum(1 for i in shape.indicators if i.tool == code) for code in shape.weights}
    impacts: dict[str, tuple[Decimal, Decimal]] = {}
    for indicator in shape.indicators:
        if indicator.tool != "OIT" or not indicator.sub_items:
            continue
        named = {code: codes for code, codes in indicator.sub_items.items() if code} or indicator.sub_items
        for codes in named.values():
            tool_points = HUNDRED / len(codes) / len(named) / per_tool[indicator.tool]
            total_points = tool_points * shape.weights[indicator.tool] / HUNDRED
            for code in codes:
                impacts[code] = (tool_points, total_points)
    return impacts


def _results(
    assessment: Assessment, shape: FrameworkShape, items: list[Item] | None
) -> tuple[ScoreSheet, dict[str, ItemResult]]:
    """Score sheet of an assessment (two queries); with `items`, also its item results by code."""
    reported = dict(assessment.indicator_scores.values_list("indicator__number", "score"))
    if items is None:
        scores = dict(assessment.item_results.values_list("item__code", "score"))
        return compute_scores(shape, reported=reported, item_scores=scores), {}
    codes = {item.pk: item.code for item in items}
    results = {codes[r.item_id]: r for r in assessment.item_results.all() if r.item_id in codes}
    scores = {code: r.score for code, r in results.items()}
    return compute_scores(shape, reported=reported, item_scores=scores), results


def _indicator_row(
    indicator: Indicator,
    tools: list[Tool],
    subs: dict[str, SubIndicator],
    shape: FrameworkShape,
    sheet: ScoreSheet,
    before: ScoreSheet | None,
) -> IndicatorRow:
    number = indicator.number
    score = sheet.indicators.get(number)
    previous = before.indicators.get(number) if before else None
    status = "" if score is None else STRENGTH if score >= shape.pass_mark else WEAKNESS
    tool = next(t.code for t in tools if t.pk == indicator.tool_id)
    sub_rows = [
        SubIndicatorRow(code, subs[code].name_th if code in subs else "", sheet.sub_indicators[code])
        for code in sorted(sheet.sub_indicators, key=_code_key)
        if code.split(".")[0] == str(number)
    ]
    return IndicatorRow(
        number=number,
        name=indicator.name_th,
        tool=tool,
        score=score,
        source=sheet.indicator_source.get(number, "missing"),
        previous=previous,
        change=_change(score, previous),
        status=status,
        sub_indicators=sub_rows,
    )


def _zero_item(item: Item, result: ItemResult, number: int, impacts: dict[str, tuple[Decimal, Decimal]]) -> ZeroItem:
    sub = item.sub_indicator
    tool_impact, total_impact = impacts.get(item.code, (None, None))
    return ZeroItem(
        code=item.code,
        name=item.name_th,
        indicator_number=number,
        sub_indicator=sub.code if sub else "",
        sub_indicator_name=sub.name_th if sub else "",
        group=item.group.name_th if item.group else "",
        comment=result.comment,
        decision=result.decision,
        decision_date=result.decision_date,
        tool_impact=None if tool_impact is None else tool_impact.quantize(Decimal("0.01")),
        total_impact=None if total_impact is None else total_impact.quantize(Decimal("0.01")),
    )


def _missing_items(shape: FrameworkShape, results: dict[str, ItemResult]) -> list[str]:
    """OIT items without a result, in indicators where at least one item has one."""
    missing = []
    for indicator in shape.indicators:
        codes = [c for codes in indicator.sub_items.values() for c in codes]
        if indicator.tool == "OIT" and any(c in results for c in codes):
            missing += [c for c in codes if c not in results]
    return missing


def _reported(assessment: Assessment, key: str) -> Decimal | None:
    return getattr(assessment, f"reported_{key.lower()}")


def _change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    return None if now is None or before is None else now - before


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split(".") if part.isdigit())
