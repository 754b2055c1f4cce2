"""What the plan and the progress documents share: the plan lookup, the cover's agency lines,
a measure's row and the table body grouped by tool and indicator.

Every string built here that holds a number, a year or an item code is already in Thai digits;
texts people typed are copied as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from assessments.codes import ItemCodeError, normalise_item_code
from assessments.models import Agency, Item, Membership
from ita_portal import thai
from measures.models import Measure, MeasurePlan

FOLLOWUP_HEADING = "แนวทางการยกระดับรายตัวชี้วัด"

Columns = list[tuple[str, str, int]]


def plan_for(agency: Agency, fiscal_year: int) -> MeasurePlan:
    """The agency's plan of that fiscal year; a Thai ValidationError when there is none."""
    plan = MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if plan is None:
        year_text = thai.thai_digits(fiscal_year)
        raise ValidationError(f"{agency.full_name} ยังไม่มีแผนมาตรการประจำปีงบประมาณ พ.ศ.{year_text}", code="no_plan")
    return plan


def fiscal_year_line(fiscal_year: int) -> str:
    return f"ประจำปีงบประมาณ พ.ศ.{thai.thai_digits(fiscal_year)}"


def agency_data(agency: Agency) -> dict[str, Any]:
    return {
        "id": agency.pk,
        "full_name": agency.full_name,
        "short_name": agency.short_name,
        "district": agency.district,
        "province": agency.province,
    }


def place_line(agency: Agency) -> str:
    return f"อำเภอ{agency.district} จังหวัด{agency.province}"


def prepared_by(agency: Agency) -> list[str]:
    """จัดทำโดย: the coordinator's department, then the agency's full name."""
    membership = (
        Membership.objects.filter(agency=agency, role=Membership.Role.COORDINATOR, is_active=True)
        .select_related("department")
        .order_by("pk")
        .first()
    )
    lines = []
    if membership is not None and membership.department is not None:
        lines.append(membership.department.name)
    lines.append(agency.full_name)
    return lines


def columns(spec: Columns) -> list[dict[str, Any]]:
    return [{"key": key, "label": label, "width": width} for key, label, width in spec]


def tool_heading(code: str, name: str, *, number: str = "") -> str:
    """'๒.๑ มาตรการยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)' from the tool's catalogue name."""
    topic = name.removeprefix("แบบวัด").strip() if name else ""
    text = f"มาตรการยกระดับ{topic} ({code})"
    return f"{number} {text}" if number else text


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# A leading item code, after any bullet: "- 0๑๑ รายงาน…", "O๑๑, O๑๒ …".
_LEADING_CODE = re.compile(r"^[-–•*\s]*(?P<code>[^\s,]+)[,\s]*")


def _issue_without_codes(issue: str, codes: set[str]) -> str:
    """The typed issue minus the item codes it starts with when they are the measure's own items
    ("0๑๑ รายงานการ…" → "รายงานการ…"), since the row prints those codes itself."""
    rest = issue.strip()
    while match := _LEADING_CODE.match(rest):
        try:
            code = normalise_item_code(match["code"])
        except ItemCodeError:
            break
        if code not in codes:
            break
        rest = rest[match.end() :]
    return rest


def _items(measure: Measure) -> list[Item]:
    """The measure's items in catalogue order (prefetched by plan_measures)."""
    return sorted(measure.items.all(), key=lambda item: (item.order, item.code))


def key_lines(measure: Measure) -> list[dict[str, str]]:
    """The 'ประเด็นที่ต้องปรับปรุงแก้ไข' cell of seed 003: the item codes (O๑๑, i๒๐) with the typed
    issue, or with each item's catalogue text, or else the measure's number and title."""
    items = _items(measure)
    codes = [thai.thai_digits(item.code) for item in items]
    # An issue that is nothing but the items' codes says no more than the items' own texts.
    issue = _issue_without_codes(measure.issue, {item.code for item in items}) if items else measure.issue.strip()
    if issue:
        return [{"code": ", ".join(codes), "text": issue}]
    if items:
        return [{"code": code, "text": thai.thai_digits(item.name_th)} for code, item in zip(codes, items, strict=True)]
    return [{"code": f"{thai.thai_digits(measure.number)}.", "text": measure.title}]


def measure_row(measure: Measure) -> dict[str, Any]:
    """A measure's plan columns (no progress)."""
    keys = key_lines(measure)
    keyed_text = _squash(" ".join(line["text"] for line in keys))
    period = measure.period_display
    return {
        "id": measure.pk,
        "number": measure.number,
        "number_text": thai.thai_digits(measure.number),
        "title": measure.title,
        "title_plain": measure.title,
        "steps": measure.steps,
        "responsible": measure.responsible_text or ", ".join(d.name for d in measure.departments.all()),
        "period": period,
        "monitoring": measure.monitoring,
        "item_codes": [thai.thai_digits(item.code) for item in _items(measure)],
        "key_lines": keys,
        # seed 003's steps column is "ขั้นตอนหรือวิธีการ/มาตรการ": the title goes there unless the
        # key column already says it (seed 003's own measures are titled by their item).
        "measure_title": "" if _squash(measure.title) == keyed_text else measure.title,
    }


@dataclass(frozen=True)
class Grouping:
    """How a layout names its groups: tool(position, code, catalogue name) and indicator(number, name)."""

    tool: Callable[[int, str, str], str]
    indicator: Callable[[int, str], str]


SEED003_GROUPING = Grouping(
    tool=lambda _position, code, _name: f"เครื่องมือการประเมิน {code}",
    indicator=lambda number, name: f"ตัวชี้วัดที่ {thai.thai_digits(number)} {name}",
)


def lines(
    measures: list[Measure], row: Callable[[Measure], dict[str, Any]], grouping: Grouping | None
) -> list[dict[str, Any]]:
    """The table body in order: tool headings, indicator headings and measure rows.

    Without a grouping the measures follow one another; with one, the indicator follow-ups
    (seed 004) come last under their own heading.
    """
    result: list[dict[str, Any]] = []
    tools_seen = 0
    current_group: tuple[str, str | None] | None = None
    current_indicator: tuple[Any, ...] | None = None
    for measure in measures:
        if grouping is not None:
            followup = measure.section == Measure.Section.INDICATOR_FOLLOWUP
            group = ("followup", None) if followup else ("measure", measure.group_tool)
            if group != current_group:
                current_group, current_indicator = group, None
                if followup:
                    result.append({"type": "tool", "text": FOLLOWUP_HEADING})
                elif measure.group_tool:
                    tools_seen += 1
                    text = grouping.tool(tools_seen, measure.group_tool, measure.group_tool_name or "")
                    result.append({"type": "tool", "text": text})
            indicator = (group, measure.group_indicator)
            if measure.group_indicator_name and indicator != current_indicator:
                current_indicator = indicator
                text = grouping.indicator(measure.group_indicator, measure.group_indicator_name)
                result.append({"type": "indicator", "text": text})
        result.append({"type": "measure", **row(measure)})
    return result
