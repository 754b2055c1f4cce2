"""Write a validated spec into the catalogue: one transaction, one revision, results scored again.

A correction changes the framework in place, so everything that points at an item
(measures, results, OIT answers) keeps pointing at the same row; the revision history
keeps what changed, who confirmed it and from which file, and each generated document
keeps the snapshot it was rendered from. Removing an item that is in use is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from assessments.catalogue.diff import FrameworkDiff, framework_diff
from assessments.catalogue.spec import CatalogueError, FrameworkSpec, validate_spec
from assessments.models import FrameworkRevision, FrameworkVersion, Group, Indicator, Item, SubIndicator, Tool

BUNDLED_SOURCE = "ข้อมูลที่มากับระบบ"


@dataclass(frozen=True)
class LoadResult:
    year: int
    created: bool
    items: int
    items_added: int
    revision: int
    diff: FrameworkDiff


def catalogue_load(
    *,
    spec: FrameworkSpec,
    user=None,
    source: str = BUNDLED_SOURCE,
    expected_revision: int | None = None,
) -> LoadResult:
    """Create or correct one framework year; nothing is written when nothing changes.

    `expected_revision` is the revision the administrator saw: a newer one (someone else's
    correction in between) refuses the change instead of overwriting it.
    """
    validate_spec(spec)
    with transaction.atomic():
        framework = FrameworkVersion.objects.select_for_update().filter(year=spec.year).first()
        if expected_revision is not None and framework is not None and framework.revision != expected_revision:
            raise CatalogueError(
                [
                    f"กรอบการประเมินปี {spec.year} ถูกแก้ไขไปแล้วโดยผู้อื่น (ฉบับแก้ไขที่ {framework.revision}) "
                    "ระบบจึงไม่บันทึกทับ กรุณาเริ่มแก้ไขจากฉบับล่าสุด"
                ]
            )
        diff = framework_diff(framework, spec)
        if diff.blocked:
            raise CatalogueError([b.reason for b in diff.blocked])
        before = framework.items.count() if framework else 0
        if framework is not None and not diff.changes_anything:
            return LoadResult(spec.year, False, before, 0, framework.revision, diff)
        created = framework is None
        framework = _write(spec, framework)
        FrameworkRevision.objects.create(
            framework=framework, number=framework.revision, changes=diff.as_log(), source=source, created_by=user
        )
        count = framework.items.count()
        if diff.rescoring and not created:
            framework_id = framework.pk
            transaction.on_commit(lambda: _rescore(framework_id))
    return LoadResult(spec.year, created, count, count - before, framework.revision, diff)


def corrected_by_people(framework: FrameworkVersion) -> bool:
    """Whether an administrator changed this year; the bundled files then no longer overwrite it."""
    return framework.revisions.exclude(source=BUNDLED_SOURCE).exists()


def _write(spec: FrameworkSpec, framework: FrameworkVersion | None) -> FrameworkVersion:
    values = {
        "name": spec.name,
        "rating_scheme": spec.rating_scheme,
        "rating_rules": spec.rating_rules,
        "rating_confidence": spec.rating_confidence,
        "rating_source": spec.rating_source,
        "pass_mark": Decimal(spec.pass_mark),
        "is_complete": spec.is_complete,
        "weights_verified": spec.weights_verified,
        "notes": spec.notes,
        "focus_lowest_indicator": spec.focus_lowest_indicator,
        "first_fiscal_year": spec.year,
        "last_fiscal_year": spec.year,
    }
    if framework is None:
        framework = FrameworkVersion.objects.create(year=spec.year, revision=1, **values)
    else:
        for name, value in values.items():
            setattr(framework, name, value)
        framework.revision += 1
        framework.save()
    tools = {}
    for order, entry in enumerate(spec.tools):
        tools[entry["code"]], _ = Tool.objects.update_or_create(
            framework=framework,
            code=entry["code"],
            defaults={"name_th": entry["name_th"], "weight": Decimal(str(entry["weight"])), "order": order},
        )
    indicators = {}
    for number, entry in sorted(spec.indicators.items()):
        indicators[number], _ = Indicator.objects.update_or_create(
            framework=framework,
            number=number,
            defaults={"tool": tools[entry["tool"]], "name_th": entry["name_th"], "name_en": entry.get("name_en", "")},
        )
    subs: dict[str, SubIndicator] = {}
    groups: dict[tuple[str, str], Group] = {}
    for order, row in enumerate(spec.items):
        sub = None
        if row.sub_indicator:
            if row.sub_indicator not in subs:
                subs[row.sub_indicator], _ = SubIndicator.objects.update_or_create(
                    indicator=indicators[row.indicator_no],
                    code=row.sub_indicator,
                    defaults={"name_th": spec.sub_indicators.get(row.sub_indicator, ""), "order": len(subs)},
                )
            sub = subs[row.sub_indicator]
        group = None
        if sub and row.group_name_th:
            key = (row.sub_indicator, row.group_name_th)
            if key not in groups:
                groups[key], _ = Group.objects.update_or_create(
                    sub_indicator=sub, name_th=row.group_name_th, defaults={"order": len(groups)}
                )
            group = groups[key]
        Item.objects.update_or_create(
            framework=framework,
            code=row.code,
            defaults={
                "name_th": row.item_name_th,
                "indicator": indicators[row.indicator_no],
                "sub_indicator": sub,
                "group": group,
                "order": order,
                "confidence": row.confidence,
                "source": row.source,
                "note": row.note,
            },
        )
    # Checked unused by framework_diff; a row that gained a reference since fails on PROTECT and rolls back.
    framework.items.exclude(code__in=[r.code for r in spec.items]).delete()
    _drop_empty_structure(framework)
    return framework


def _drop_empty_structure(framework: FrameworkVersion) -> None:
    Group.objects.filter(sub_indicator__indicator__framework=framework, items__isnull=True).delete()
    SubIndicator.objects.filter(indicator__framework=framework, items__isnull=True).delete()


def _rescore(framework_id: int) -> None:
    from assessments.tasks import framework_rescore

    framework_rescore.delay(framework_id)
