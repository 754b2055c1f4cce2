"""The dashboard's two charts as geometry for an inline SVG (attributes only: the CSP forbids style="")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ita_portal import thai
from oit.readiness import Cost

WIDTH = 640
BAR = 22
STATUS_WIDTH = 400  # narrower than the cost chart: on a phone its numbers stay readable
STATUS_BAR = 30
LABEL_WIDTH = 230
MAX_COST_BARS = 10


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    count: int
    x: float
    width: float

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def show_text(self) -> bool:
        return self.width >= 24  # room for two Thai digits


@dataclass(frozen=True)
class StatusChart:
    width: int
    height: int
    bar_height: int
    segments: list[Segment]
    total: int
    description: str

    @property
    def text_y(self) -> int:
        return self.bar_height // 2 + 6


@dataclass(frozen=True)
class CostBar:
    label: str
    points: Decimal
    y: int
    width: float

    @property
    def text_y(self) -> int:
        return self.y + BAR // 2 + 5

    @property
    def value_x(self) -> float:
        return round(LABEL_WIDTH + self.width + 6, 1)


@dataclass(frozen=True)
class CostChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[CostBar]
    description: str


def status_chart(statuses: list[tuple[str, str, int]]) -> StatusChart:
    """One bar split by status: how much of the year is พร้อมส่ง, waiting, or not started."""
    total = sum(count for _, _, count in statuses)
    segments, x = [], 0.0
    for value, label, count in statuses:
        width = round(STATUS_WIDTH * count / total, 1) if total else 0.0
        segments.append(Segment(value, label, count, round(x, 1), width))
        x += width
    description = ", ".join(f"{label} {thai.thai_digits(count)} ข้อ" for _, label, count in statuses)
    return StatusChart(STATUS_WIDTH, STATUS_BAR, STATUS_BAR, segments, total, description)


def cost_chart(costs: list[Cost]) -> CostChart:
    """The costliest unready items (points of the predicted total), longest bar first."""
    top = costs[:MAX_COST_BARS]
    largest = max((c.total_points for c in top), default=Decimal(0))
    room = WIDTH - LABEL_WIDTH - 60
    bars = [
        CostBar(
            label=f"{c.answer.item.code} {c.reason}",
            points=c.total_points,
            y=i * (BAR + 8),
            width=round(float(c.total_points / largest) * room, 1) if largest else 0.0,
        )
        for i, c in enumerate(top)
    ]
    description = ", ".join(f"{b.label} {thai.thai_number(b.points)} คะแนน" for b in bars)
    return CostChart(WIDTH, max(len(bars), 1) * (BAR + 8), LABEL_WIDTH, BAR, bars, description)
