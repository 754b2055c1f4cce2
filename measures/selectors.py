"""Reads of plans and measures, scoped to the user's agencies; another agency's object is a 404."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case, Count, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.http import Http404

from assessments.models import Indicator
from assessments.selectors import User, agencies_for_user
from measures.models import Evidence, History, Measure, MeasurePlan, Progress, Round


def plans_for_user(user: User) -> QuerySet[MeasurePlan]:
    return (
        MeasurePlan.objects.filter(agency__in=agencies_for_user(user))
        .select_related("agency", "framework")
        .annotate(measure_count=Count("measures", distinct=True))
    )


def get_plan_for_user(user: User, *, agency_id: int, fiscal_year: int) -> MeasurePlan:
    plans = MeasurePlan.objects.filter(agency__in=agencies_for_user(user)).select_related("agency", "framework")
    plan = plans.filter(agency_id=agency_id, fiscal_year=fiscal_year).first()
    if plan is None:
        raise Http404("ไม่พบแผนมาตรการ")
    return plan


def get_plan_by_id_for_user(user: User, pk: int) -> MeasurePlan:
    plan = plans_for_user(user).filter(pk=pk).first()
    if plan is None:
        raise Http404("ไม่พบแผนมาตรการ")
    return plan


def measures_for_user(user: User) -> QuerySet[Measure]:
    return Measure.objects.filter(plan__agency__in=agencies_for_user(user)).select_related(
        "plan__agency", "plan__framework"
    )


def get_measure_for_user(user: User, pk: int) -> Measure:
    measure = measures_for_user(user).filter(pk=pk).first()
    if measure is None:
        raise Http404("ไม่พบมาตรการ")
    return measure


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=pk, progress__measure__plan__agency__in=agencies_for_user(user))
        .select_related("progress__measure__plan")
        .first()
    )
    if evidence is None:
        raise Http404("ไม่พบหลักฐาน")
    return evidence


def plan_measures(plan: MeasurePlan) -> QuerySet[Measure]:
    """A plan's measures in the seeds' order (tool, indicator, number), with all they show prefetched.

    The group keys are subqueries, not joins, so filters on other relations cannot multiply rows;
    the query count stays the same for 5 or 500 measures.
    """
    first_indicator = Indicator.objects.filter(measures=OuterRef("pk")).order_by("number")
    return (
        Measure.objects.filter(plan=plan)
        .annotate(
            section_order=Case(When(section=Measure.Section.MEASURE, then=Value(0)), default=Value(1)),
            group_indicator=Subquery(first_indicator.values("number")[:1]),
            group_tool=Subquery(first_indicator.values("tool__code")[:1]),
            group_tool_name=Subquery(first_indicator.values("tool__name_th")[:1]),
            group_indicator_name=Subquery(first_indicator.values("name_th")[:1]),
        )
        .prefetch_related(
            "departments",
            "items",
            Prefetch("progress", queryset=Progress.objects.prefetch_related("evidence")),
        )
        .order_by("section_order", F("group_indicator").asc(nulls_last=True), "number")
    )


def measure_history(measure: Measure) -> QuerySet[History]:
    return measure.history.select_related("user")


def status_counts(plans: list[MeasurePlan]) -> dict[int, dict[int, dict[str, int]]]:
    """plan id → round → {status: count, "missing": measures with no entry for that round}.

    One grouped query, whatever the number of plans.
    """
    counts: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    rows = (
        Progress.objects.filter(measure__plan__in=plans)
        .values("measure__plan", "round", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["measure__plan"]][row["round"]][row["status"]] = row["n"]
    result: dict[int, dict[int, dict[str, int]]] = {}
    for plan in plans:
        per_round = {}
        for round_ in Round:
            found = dict(counts[plan.pk][round_])
            found["missing"] = plan.measure_count - sum(found.values())
            per_round[round_.value] = found
        result[plan.pk] = per_round
    return result


def round_status_counts(measures: QuerySet[Measure], round_: int, *, total: int | None = None) -> dict[str, int]:
    """Counts per status in one round for a (filtered) set of measures, plus the unreported ones.

    Pass `total` when it is already known (the paginator counted the same measures).
    """
    ids = measures.values("pk")
    found = dict(Progress.objects.filter(measure__in=ids, round=round_).values_list("status").annotate(n=Count("id")))
    if total is None:
        total = Measure.objects.filter(pk__in=ids).count()
    return {**{s: found.get(s, 0) for s in Progress.Status.values}, "missing": total - sum(found.values())}
