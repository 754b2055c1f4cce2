"""Reads of plans and measures, scoped to the user's agencies."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, QuerySet

from assessments.selectors import User, agencies_for_user
from measures.models import MeasurePlan, Progress, Round


def plans_for_user(user: User) -> QuerySet[MeasurePlan]:
    return (
        MeasurePlan.objects.filter(agency__in=agencies_for_user(user))
        .select_related("agency", "framework")
        .annotate(measure_count=Count("measures", distinct=True))
    )


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
