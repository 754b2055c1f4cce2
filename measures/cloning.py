"""Next year's plan: copy a plan into the next fiscal year, relinked to the next catalogue, without progress."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from assessments.crosswalk import (
    ItemMapper,
    ItemMapping,
)
from assessments.models import FrameworkVersion, Indicator, Item
from ita_portal import thai
from measures.models import Measure, MeasurePlan
from measures.services import MeasureData, measure_create

# A four-digit year in Arabic or Thai digits, not part of a longer number.
_YEAR = re.compile(r"(?<![0-9๐-๙])[0-9๐-๙]{4}(?![0-9๐-๙])")
_THAI_DIGITS = set("๐๑๒๓๔๕๖๗๘๙")


# --- Next year's plan -----------------------------------------------------------------------


@dataclass
class MeasureClone:
    """One measure of the old plan and what it links to in the new one."""

    measure: Measure
    items: list[ItemMapping]
    indicators: list[Indicator]
    missing_indicators: list[int]
    new: Measure | None = None

    @property
    def mapped(self) -> list[ItemMapping]:
        return [m for m in self.items if m.mapped]

    @property
    def unmapped(self) -> list[ItemMapping]:
        return [m for m in self.items if not m.mapped]


@dataclass
class CloneResult:
    """What cloning a plan does (preview) or did (after plan_clone_to_next_year: `plan` is set)."""

    source: MeasurePlan
    fiscal_year: int
    framework: FrameworkVersion | None
    framework_note: str
    framework_is_next: bool
    measures: list[MeasureClone] = field(default_factory=list)
    existing: MeasurePlan | None = None
    plan: MeasurePlan | None = None

    @property
    def mapped_count(self) -> int:
        return sum(len(m.mapped) for m in self.measures)

    @property
    def unmapped(self) -> list[tuple[MeasureClone, ItemMapping]]:
        return [(m, mapping) for m in self.measures for mapping in m.unmapped]


def next_framework(plan: MeasurePlan) -> tuple[FrameworkVersion | None, str, bool]:
    """The catalogue of the next year's plan, a Thai note saying why, and whether it moved on."""
    old = plan.framework
    if old is None:
        return None, "แผนเดิมไม่ได้ระบุกรอบ ITA แผนใหม่จึงยังไม่ระบุกรอบ ITA และไม่เชื่อมโยงข้อการประเมิน", False
    following = FrameworkVersion.objects.filter(year=old.year + 1).first()
    if following is None:
        return old, f"ยังไม่มีกรอบ ITA ปี {old.year + 1} ในระบบ แผนใหม่จึงใช้กรอบ ITA ปี {old.year} เช่นเดียวกับแผนเดิม", False
    note = f"แผนใหม่ใช้กรอบ ITA ปี {following.year} (แผนเดิมใช้กรอบ ITA ปี {old.year})"
    if not following.is_complete:
        note += " ซึ่งในระบบยังมีรายการข้อไม่ครบ ข้อที่ยังไม่มีจะเชื่อมโยงไม่ได้"
    return following, note, True


def plan_clone_preview(plan: MeasurePlan) -> CloneResult:
    """What plan_clone_to_next_year would create, without writing anything.

    A fixed number of queries whatever the number of measures.
    """
    framework, note, moved = next_framework(plan)
    result = CloneResult(
        source=plan,
        fiscal_year=plan.fiscal_year + 1,
        framework=framework,
        framework_note=note,
        framework_is_next=moved,
        existing=MeasurePlan.objects.filter(agency_id=plan.agency_id, fiscal_year=plan.fiscal_year + 1).first(),
    )
    mapper = ItemMapper(framework)
    indicators = {i.number: i for i in framework.indicators.all()} if framework else {}
    measures = plan.measures.order_by("number").prefetch_related(
        Prefetch("items", queryset=Item.objects.select_related("framework").order_by("order", "code")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("number")),
        "departments",
    )
    for measure in measures:
        numbers = [i.number for i in measure.indicators.all()]
        result.measures.append(
            MeasureClone(
                measure=measure,
                items=[mapper.map(i.code, from_year=i.framework.year) for i in measure.items.all()],
                indicators=[indicators[n] for n in numbers if n in indicators],
                missing_indicators=[n for n in numbers if n not in indicators],
            )
        )
    return result


@transaction.atomic
def plan_clone_to_next_year(*, plan: MeasurePlan, user: AbstractBaseUser) -> CloneResult:
    """Create the plan of fiscal_year + 1 with a copy of every measure, and no progress.

    Each copy goes through measure_create (source "cloned", cloned_from the old measure), so each
    gets its History row. Items are relinked through the crosswalk; what cannot be mapped is
    listed in the result. Refused (ValidationError) when next year's plan already exists.
    """
    result = plan_clone_preview(plan)
    refused = ValidationError(
        f"มีแผนมาตรการปีงบประมาณ {thai.thai_digits(result.fiscal_year)} ของ{plan.agency.short_name}อยู่แล้ว จึงคัดลอกซ้ำไม่ได้"
    )
    if result.existing is not None:
        raise refused
    new_plan = MeasurePlan(
        agency=plan.agency,
        fiscal_year=result.fiscal_year,
        framework=result.framework,
        title=shift_be_years(plan.title, {plan.fiscal_year - 1, plan.fiscal_year}),
        intro=plan.intro,
    )
    new_plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            new_plan.save()
    except IntegrityError:  # created by someone else since the check above
        raise refused from None
    for entry in result.measures:
        old = entry.measure
        items = list({m.item.pk: m.item for m in entry.items if m.item is not None}.values())
        data = MeasureData(
            title=old.title,
            number=old.number,
            section=old.section,
            issue=old.issue,
            steps=old.steps,
            responsible_text=old.responsible_text,
            period_start=_a_year_later(old.period_start),
            period_end=_a_year_later(old.period_end),
            period_text=next_period_text(old, fiscal_year=plan.fiscal_year),
            monitoring=old.monitoring,
            items=items,
            indicators=entry.indicators,
            departments=list(old.departments.all()),
        )
        entry.new = measure_create(plan=new_plan, user=user, data=data, source=Measure.Source.CLONED, cloned_from=old)
    result.plan = new_plan
    return result


def next_period_text(measure: Measure, *, fiscal_year: int) -> str:
    """The period as typed, for next year: blank when it only repeated the dates (the new dates
    say it again), otherwise the text with this year's Buddhist-Era years moved on by one."""
    text = measure.period_text
    if not text or text == thai.month_range_text(measure.period_start, measure.period_end):
        return ""
    years = {fiscal_year - 1, fiscal_year}
    years |= {thai.be_year(d.year) for d in (measure.period_start, measure.period_end) if d is not None}
    return shift_be_years(text, years)


def shift_be_years(text: str, years: set[int]) -> str:
    """Replace each of `years` (BE, Thai or Arabic digits) by the next year, in the same digits.

    All at once, so "๒๕๖๕ – ๒๕๖๖" becomes "๒๕๖๖ – ๒๕๖๗", not "๒๕๖๗ – ๒๕๖๗". Other numbers stay.
    """

    def replace(match: re.Match[str]) -> str:
        raw = match.group(0)
        value = int(thai.arabic_digits(raw))
        if value not in years:
            return raw
        return thai.thai_digits(value + 1) if raw[0] in _THAI_DIGITS else str(value + 1)

    return _YEAR.sub(replace, text) if text else text


def _a_year_later(value: datetime.date | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)
