"""Writes to measures and progress. Every save is checked against the version the editor
started from, so a second editor never silently overwrites the first; every change leaves a
History row saying who, when and what (old → new)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Model
from django.utils import timezone

from assessments.models import Agency, Department, FrameworkVersion, Indicator, Item
from ita_portal import thai
from ita_portal.downloads import short_file_name
from measures.evidence import stored_name, validate_evidence_file
from measures.models import Evidence, History, Measure, MeasurePlan, Progress

MEASURE_FIELDS = [
    "number",
    "section",
    "title",
    "issue",
    "steps",
    "responsible_text",
    "period_start",
    "period_end",
    "period_text",
    "monitoring",
]
MEASURE_RELATIONS = ["items", "indicators", "departments"]
PROGRESS_FIELDS = ["status", "summary", "outcome"]


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "label": self.label, "old": self.old, "new": self.new}


class EditConflict(Exception):
    """Someone saved this record after the editor opened it; nothing was written.

    `differences` compares what is saved now with what the editor submitted.
    """

    def __init__(self, *, differences: list[Change], by: str, at: datetime.datetime | None, version: int) -> None:
        super().__init__("มีผู้อื่นบันทึกรายการนี้ก่อนคุณ")
        self.differences = differences
        self.by = by
        self.at = at
        self.version = version

    @property
    def message(self) -> str:
        when = f" เมื่อ {thai.thai_datetime(timezone.localtime(self.at))}" if self.at else ""
        return f"{self.by or 'ผู้ใช้อื่น'} บันทึกรายการนี้{when} หลังจากที่คุณเปิดแบบฟอร์ม ระบบจึงยังไม่บันทึกของคุณ"


@dataclass
class MeasureData:
    """A measure's editable values, as the form cleans them."""

    title: str
    number: int | None = None
    section: str = Measure.Section.MEASURE
    issue: str = ""
    steps: str = ""
    responsible_text: str = ""
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    period_text: str = ""
    monitoring: str = ""
    items: list[Item] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)


@transaction.atomic
def measure_create(
    *,
    plan: MeasurePlan,
    user: AbstractBaseUser,
    data: MeasureData,
    source: str = Measure.Source.TYPED,
    suggestion_key: str = "",
    cloned_from: Measure | None = None,
) -> Measure:
    """Add a measure to a plan (next free number unless given) and record its creation."""
    values = {name: getattr(data, name) for name in MEASURE_FIELDS}
    if not values["number"]:
        values["number"] = (plan.measures.aggregate(n=Max("number"))["n"] or 0) + 1
    measure = Measure(
        plan=plan,
        source=source,
        suggestion_key=suggestion_key,
        cloned_from=cloned_from,
        updated_by=user,
        **values,
    )
    measure.full_clean(exclude=["plan"])
    measure.save()
    _set_relations(measure, data)
    action = History.Action.CLONED if cloned_from else History.Action.CREATED
    History.objects.create(measure=measure, action=action, user=user)
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, user: AbstractBaseUser, data: MeasureData, expected_version: int) -> Measure:
    """Save a measure's fields and links if nobody saved it since `expected_version`."""
    before = _measure_snapshot(measure)
    claimed = Measure.objects.filter(pk=measure.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not claimed:
        current = Measure.objects.select_related("updated_by").get(pk=measure.pk)
        raise EditConflict(
            differences=_diff(_measure_snapshot(current), _data_snapshot(measure, data)),
            by=_name(current.updated_by),
            at=current.updated_at,
            version=current.version,
        )
    for name in MEASURE_FIELDS:
        if name == "number" and not data.number:
            continue
        setattr(measure, name, getattr(data, name))
    measure.full_clean(exclude=["plan"])
    measure.save(update_fields=MEASURE_FIELDS)
    _set_relations(measure, data)
    measure.refresh_from_db()
    changes = _diff(before, _measure_snapshot(measure))
    if changes:
        History.objects.create(
            measure=measure, action=History.Action.UPDATED, user=user, changes=[c.as_dict() for c in changes]
        )
    return measure


@dataclass
class ProgressData:
    status: str
    summary: str = ""
    outcome: str = ""
    add_urls: list[str] = field(default_factory=list)
    add_files: list[UploadedFile] = field(default_factory=list)
    remove_evidence: list[int] = field(default_factory=list)


@transaction.atomic
def progress_save(
    *, measure: Measure, round: int, user: AbstractBaseUser, data: ProgressData, expected_version: int
) -> Progress:
    """Report a measure's result for one round; version 0 means "there was no report yet"."""
    existing = Progress.objects.filter(measure=measure, round=round).first()
    before = _progress_snapshot(existing)
    values = {"status": data.status, "summary": data.summary, "outcome": data.outcome}
    if expected_version == 0 and existing is None:
        try:
            with transaction.atomic():
                progress = Progress.objects.create(measure=measure, round=round, updated_by=user, **values)
        except IntegrityError:
            existing = Progress.objects.get(measure=measure, round=round)
            raise _progress_conflict(existing, data) from None
    else:
        claimed = existing is not None and Progress.objects.filter(pk=existing.pk, version=expected_version).update(
            version=F("version") + 1, updated_by=user, updated_at=timezone.now(), **values
        )
        if not claimed:
            current = Progress.objects.select_related("updated_by").filter(measure=measure, round=round).first()
            if current is None:  # deleted meanwhile: nothing to compare with, start again
                raise EditConflict(differences=[], by="", at=None, version=0)
            raise _progress_conflict(current, data)
        progress = Progress.objects.get(pk=existing.pk)
    changes = _diff(before, _progress_snapshot(progress))
    changes += _evidence_changes(progress, data, user)
    if changes:
        History.objects.create(
            measure=measure,
            round=round,
            action=History.Action.PROGRESS,
            user=user,
            changes=[c.as_dict() for c in changes],
        )
    return progress


def _evidence_changes(progress: Progress, data: ProgressData, user: AbstractBaseUser) -> list[Change]:
    changes = []
    for evidence in progress.evidence.filter(pk__in=data.remove_evidence):
        changes.append(Change("evidence", "หลักฐาน", str(evidence), ""))
        if evidence.file:
            transaction.on_commit(lambda f=evidence.file: f.storage.delete(f.name))
        evidence.delete()
    for url in data.add_urls:
        if not progress.evidence.filter(url=url).exists():
            Evidence.objects.create(progress=progress, url=url, uploaded_by=user)
            changes.append(Change("evidence", "หลักฐาน", "", url))
    for upload in data.add_files:
        kind = validate_evidence_file(upload)
        evidence = Evidence(
            progress=progress,
            original_name=short_file_name(upload.name, 255),
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=user,
        )
        evidence.file.save(stored_name(upload.name, kind), upload, save=False)
        evidence.save()
        changes.append(Change("evidence", "หลักฐาน", "", evidence.original_name))
    return changes


def _progress_conflict(current: Progress, data: ProgressData) -> EditConflict:
    submitted = {
        "status": Progress.Status(data.status).label if data.status in Progress.Status.values else data.status,
        "summary": data.summary,
        "outcome": data.outcome,
    }
    return EditConflict(
        differences=_diff(_progress_snapshot(current), _labelled(Progress, submitted)),
        by=_name(current.updated_by),
        at=current.updated_at,
        version=current.version,
    )


def _set_relations(measure: Measure, data: MeasureData) -> None:
    measure.items.set(data.items)
    # An item belongs to an indicator: linking O11 places the measure under indicator 9 too.
    indicators = {i.pk: i for i in data.indicators}
    for item in data.items:
        indicators.setdefault(item.indicator_id, item.indicator)
    measure.indicators.set(indicators.values())
    measure.departments.set(data.departments)


Snapshot = dict[str, tuple[str, str]]  # field → (label, value as shown)


def _measure_snapshot(measure: Measure) -> Snapshot:
    values: dict[str, Any] = {name: getattr(measure, name) for name in MEASURE_FIELDS}
    values["section"] = measure.get_section_display()
    values["items"] = ", ".join(sorted(i.code for i in measure.items.all()))
    values["indicators"] = ", ".join(str(i.number) for i in measure.indicators.order_by("number"))
    values["departments"] = ", ".join(sorted(d.name for d in measure.departments.all()))
    return _labelled(Measure, values)


def _data_snapshot(measure: Measure, data: MeasureData) -> Snapshot:
    values: dict[str, Any] = {name: getattr(data, name) for name in MEASURE_FIELDS}
    values["number"] = data.number or measure.number
    values["section"] = Measure.Section(data.section).label
    values["items"] = ", ".join(sorted(i.code for i in data.items))
    indicator_numbers = {i.number for i in data.indicators} | {i.indicator.number for i in data.items}
    values["indicators"] = ", ".join(str(n) for n in sorted(indicator_numbers))
    values["departments"] = ", ".join(sorted(d.name for d in data.departments))
    return _labelled(Measure, values)


def _progress_snapshot(progress: Progress | None) -> Snapshot:
    if progress is None:
        return _labelled(Progress, {"status": "", "summary": "", "outcome": ""})
    return _labelled(
        Progress,
        {"status": progress.get_status_display(), "summary": progress.summary, "outcome": progress.outcome},
    )


def _labelled(model: type[Model], values: dict[str, Any]) -> Snapshot:
    return {name: (str(model._meta.get_field(name).verbose_name), _shown(value)) for name, value in values.items()}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return thai.thai_date(value)
    return str(value)


def _diff(old: Snapshot, new: Snapshot) -> list[Change]:
    return [
        Change(name, label, old[name][1] if name in old else "", value)
        for name, (label, value) in new.items()
        if (old[name][1] if name in old else "") != value
    ]


def _name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@transaction.atomic
def plan_create(
    *,
    agency: Agency,
    fiscal_year: int,
    framework: FrameworkVersion | None,
    user: AbstractBaseUser,
    title: str = "",
) -> MeasurePlan:
    """An empty measures plan for a fiscal year; refused in Thai if the year already has one.

    An empty title prints the standard heading with the year (reports/documents/plan.py).
    """
    if MeasurePlan.objects.filter(agency=agency, fiscal_year=fiscal_year).exists():
        raise ValidationError(f"{agency.short_name} มีแผนมาตรการปีงบประมาณ {thai.thai_digits(fiscal_year)} อยู่แล้ว")
    plan = MeasurePlan(agency=agency, fiscal_year=fiscal_year, framework=framework, title=title.strip())
    plan.full_clean(validate_unique=False)
    plan.save()
    return plan


@transaction.atomic
def measure_delete(*, measure: Measure, user: AbstractBaseUser) -> None:
    """Remove a measure with its progress, history and evidence files (the files once the delete commits)."""
    files = [e.file for e in Evidence.objects.filter(progress__measure=measure) if e.file]
    measure.delete()
    for file in files:
        transaction.on_commit(lambda f=file: f.storage.delete(f.name))
