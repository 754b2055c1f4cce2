"""The home page's summary: the user's agencies, each with its years, scores and progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import Agency, Assessment, Membership
from assessments.selectors import User, agencies_for_user, assessments_for_user, memberships_for_user
from measures.models import MeasurePlan, Progress, Round
from measures.selectors import plans_for_user, status_counts
from oit.selectors import workspaces_for_user


@dataclass
class YearRow:
    fiscal_year: int
    assessment: Assessment | None = None
    plan: MeasurePlan | None = None
    rounds: list[tuple[str, dict[str, int]]] = field(default_factory=list)


@dataclass
class AgencySummary:
    agency: Agency
    roles: list[str]
    years: list[YearRow]
    is_coordinator: bool = False
    oit_years: list[int] = field(default_factory=list)  # the agency's OIT workspaces, latest first


STATUS_ORDER = [s.value for s in Progress.Status] + ["missing"]


def home_summary(user: User) -> list[AgencySummary]:
    """Everything the home page shows, in a fixed number of queries."""
    memberships = list(memberships_for_user(user))
    agencies = list(agencies_for_user(user).order_by("province", "name"))
    assessments = list(assessments_for_user(user))
    plans = list(plans_for_user(user))
    counts = status_counts(plans)
    workspaces = list(workspaces_for_user(user).values_list("agency_id", "fiscal_year").order_by("-fiscal_year"))
    summaries = []
    for agency in agencies:
        years: dict[int, YearRow] = {}
        for assessment in (a for a in assessments if a.agency_id == agency.pk):
            years.setdefault(assessment.fiscal_year, YearRow(assessment.fiscal_year)).assessment = assessment
        for plan in (p for p in plans if p.agency_id == agency.pk):
            row = years.setdefault(plan.fiscal_year, YearRow(plan.fiscal_year))
            row.plan = plan
            row.rounds = [
                (Round(r).label, {s: counts[plan.pk][r].get(s, 0) for s in STATUS_ORDER}) for r in Round.values
            ]
        roles = sorted(
            {m.get_role_display() for m in memberships if m.agency_id == agency.pk}
            | {
                Membership.Role.OVERSEER.label
                for m in memberships
                if m.role == Membership.Role.OVERSEER and m.province == agency.province
            }
        )
        coordinator = any(m.agency_id == agency.pk and m.role == Membership.Role.COORDINATOR for m in memberships)
        oit_years = [year for agency_id, year in workspaces if agency_id == agency.pk]
        summaries.append(
            AgencySummary(agency, roles, sorted(years.values(), key=lambda r: -r.fiscal_year), coordinator, oit_years)
        )
    return summaries
