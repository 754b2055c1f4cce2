"""The round dashboard: counts per department and per tool, the unreported measures, and an SVG chart.

Starts from `plan_measures(plan)`, so the query count does not grow with the number of measures;
counting is done in Python over the prefetched rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from assessments.models import Tool
from ita_portal import thai
from measures.models import Measure, MeasurePlan, Progress, Round
from measures.selectors import plan_measures

MISSING = "missing"
STATUS_KEYS: list[str] = [*Progress.Status.values, MISSING]
STATUS_LABELS: dict[str, str] = {**dict(Progress.Status.choices), MISSING: "ยังไม่รายงาน"}
NO_DEPARTMENT = "ไม่ระบุส่วนราชการ"
NO_TOOL = "ไม่ระบุ"
TOOL_ORDER: list[str] = Tool.Code.values  # IIT, EIT, OIT


# --- Round dashboard -------------------------------------------------------------------------


@dataclass
class CountRow:
    """Status counts of one group (a department, a tool, or the whole plan)."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_KEYS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[str, str, int]]:
        """(status key, Thai label, count) in the fixed order, for tables and the chart."""
        return [(key, STATUS_LABELS[key], self.counts[key]) for key in STATUS_KEYS]


@dataclass
class Dashboard:
    plan: MeasurePlan
    round: int
    round_label: str
    period_start: datetime.date
    period_end: datetime.date
    today: datetime.date
    is_over: bool  # today is past the round's last day, so an unreported measure is overdue
    total: CountRow
    by_department: list[CountRow]
    by_tool: list[CountRow]
    unreported: list[Measure]

    @property
    def days_left(self) -> int:
        """Days from today to the round's last day, that day included."""
        return (self.period_end - self.today).days + 1


def parse_round(value: str | None, plan: MeasurePlan, today: datetime.date) -> int:
    """`?round=6|12` as an int; anything else falls back to the round the plan is in today
    (6 until 31 March of its fiscal year, 12 after it and for past years)."""
    if value in {str(r) for r in Round.values}:
        return int(value)
    return thai.current_round(plan.fiscal_year, today)


def plan_dashboard(plan: MeasurePlan, *, round_: int, today: datetime.date) -> Dashboard:
    """Counts per status for one round: per department, per tool, in total; and the unreported measures.

    A measure of several departments counts once for each of them, so the department rows can
    add up to more than the plan's total. The tool is the first indicator's, as in plan_measures.
    """
    measures = list(plan_measures(plan))
    total = CountRow("รวมทั้งแผน")
    # department id (None: no department) → (sort key, row); the unassigned row goes last.
    departments: dict[int | None, tuple[tuple[int, int, str], CountRow]] = {}
    tools: dict[str, CountRow] = {}
    unreported = []
    for measure in measures:
        status = _status(measure, round_)
        total.counts[status] += 1
        if status == MISSING:
            unreported.append(measure)
        for department in measure.departments.all() or [None]:
            if department is None:
                key, sort_key, label = None, (1, 0, ""), NO_DEPARTMENT
            else:
                key, sort_key, label = department.pk, (0, department.order, department.name), department.name
            departments.setdefault(key, (sort_key, CountRow(label)))[1].counts[status] += 1
        tool = measure.group_tool or NO_TOOL
        tools.setdefault(tool, CountRow(tool)).counts[status] += 1
    by_department = [row for _, row in sorted(departments.values(), key=lambda entry: entry[0])]
    by_tool = [tools[code] for code in [*TOOL_ORDER, NO_TOOL] if code in tools]
    start, end = thai.round_period(plan.fiscal_year, round_)
    return Dashboard(
        plan=plan,
        round=round_,
        round_label=Round(round_).label,
        period_start=start,
        period_end=end,
        today=today,
        is_over=today > end,
        total=total,
        by_department=by_department,
        by_tool=by_tool,
        unreported=unreported,
    )


def _status(measure: Measure, round_: int) -> str:
    progress = round_progress(measure, round_)
    return progress.status if progress else MISSING


def round_progress(measure: Measure, round_: int) -> Progress | None:
    # Uses the prefetched rows; .filter() would be one query per measure.
    return next((p for p in measure.progress.all() if p.round == round_), None)


# --- Chart (inline SVG, drawn here so the page needs no JavaScript) ---------------------------


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    count: int
    x: float
    width: float
    text_x: float
    show_text: bool  # the count fits inside the segment


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    label_y: float
    bar_y: float
    segments: list[Segment]

    @property
    def text_y(self) -> float:
        """Baseline of the counts written inside the bar."""
        return self.bar_y + 17


@dataclass(frozen=True)
class LegendEntry:
    status: str
    label: str
    x: float
    y: float  # text baseline

    @property
    def swatch_y(self) -> float:
        return self.y - 12

    @property
    def text_x(self) -> float:
        return self.x + 18


@dataclass(frozen=True)
class Chart:
    """Geometry of a stacked horizontal bar chart in a viewBox as wide as a phone's card.

    Each group's name sits on its own line above its bar, so long Thai department names never
    squeeze the bars; the bars share one scale so their lengths compare.
    """

    title: str
    description: str
    width: int
    height: int
    bars: list[Bar]
    legend: list[LegendEntry]
    bar_height: int


CHART_WIDTH = 340  # the card's inner width on a 390 px phone: one unit ≈ one pixel there
_LEGEND_HEIGHT = 48
_LABEL_HEIGHT = 22
_BAR_HEIGHT = 24
_BAR_GAP = 12
_DIGIT_WIDTH = 9  # a Thai digit at font-size 13, with room to spare


def chart(rows: list[CountRow], *, title: str) -> Chart:
    scale_max = max((row.total for row in rows), default=0) or 1
    bars = []
    y = float(_LEGEND_HEIGHT)
    for row in rows:
        x = 0.0
        segments = []
        for status, label, count in row.cells:
            width = CHART_WIDTH * count / scale_max
            digits = len(str(count))
            fits = count > 0 and width >= digits * _DIGIT_WIDTH + 4
            segments.append(Segment(status, label, count, round(x, 1), round(width, 1), round(x + width / 2, 1), fits))
            x += width
        bars.append(Bar(row.label, row.total, y + _LABEL_HEIGHT - 6, y + _LABEL_HEIGHT, segments))
        y += _LABEL_HEIGHT + _BAR_HEIGHT + _BAR_GAP
    description = "; ".join(
        f"{row.label} {thai.thai_digits(row.total)} มาตรการ: "
        + ", ".join(f"{label} {thai.thai_digits(count)}" for _, label, count in row.cells)
        for row in rows
    )
    # Two legend lines of two entries each fit the width at font-size 13.
    legend = [
        LegendEntry(status, STATUS_LABELS[status], (i % 2) * CHART_WIDTH / 2, 16.0 + (i // 2) * 22)
        for i, status in enumerate(STATUS_KEYS)
    ]
    return Chart(title, description or "ไม่มีมาตรการ", CHART_WIDTH, int(y), bars, legend, _BAR_HEIGHT)
