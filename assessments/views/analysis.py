"""Analysis of an assessment, an agency's results by year, and the province comparison (page and XLSX).

Each view: load through a scoped selector (another agency or province → 404), compute, respond.
Reading needs no role: every member of the agency and its province's overseer may read.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from assessments import charts
from assessments.analysis import assessment_analysis
from assessments.comparison import ComparisonTable, comparison_filename, comparison_xlsx, province_comparison
from assessments.permissions import can_manage_results
from assessments.scoring import assessment_rating
from assessments.selectors import (
    User,
    assessments_for_user,
    get_agency_for_user,
    get_assessment_for_user,
    provinces_for_user,
)
from ita_portal.downloads import content_disposition
from measures.selectors import plans_for_user

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@login_required
def analysis_page(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    analysis = assessment_analysis(assessment)
    is_coordinator = can_manage_results(request.user, assessment.agency)
    next_plan = None
    if is_coordinator:
        # Suggestions belong to the plan of the year after the assessment; it is never created here.
        next_plan = plans_for_user(request.user).filter(agency_id=agency_id, fiscal_year=fiscal_year + 1).first()
    context = {
        "assessment": assessment,
        "agency": assessment.agency,
        "analysis": analysis,
        "is_coordinator": is_coordinator,
        "next_plan": next_plan,
        "next_year": fiscal_year + 1,
        # Our own matplotlib output; every text in it is XML-escaped by matplotlib and charts._svg.
        "indicator_chart": mark_safe(charts.indicator_chart(analysis)),
        "tool_chart": mark_safe(charts.tool_chart(analysis)),
    }
    return render(request, "assessments/analysis/page.html", context)


@require_safe
@login_required
def assessment_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    assessments = assessments_for_user(request.user).filter(agency=agency).order_by("-fiscal_year")
    # The framework comes with each assessment (select_related): rating them costs no query.
    rated = [(a, assessment_rating(a)) for a in assessments]
    return render(request, "assessments/analysis/list.html", {"agency": agency, "assessments": rated})


@require_safe
@login_required
def comparison_page(request: HttpRequest, province: str, fiscal_year: int) -> HttpResponse:
    _check_province(request.user, province)
    comparison = province_comparison(province=province, fiscal_year=fiscal_year)
    table = ComparisonTable.for_comparison(comparison)
    RequestConfig(request, paginate=False).configure(table)
    # One year, one catalogue: its rating rules (and whether they are confirmed) are said once above the table.
    framework = comparison.rows[0].assessment.framework if comparison.rows else None
    context = {"comparison": comparison, "table": table, "sort": request.GET.get("sort", ""), "framework": framework}
    return render(request, "assessments/analysis/comparison.html", context)


@require_safe
@login_required
def comparison_export(request: HttpRequest, province: str, fiscal_year: int) -> HttpResponse:
    _check_province(request.user, province)
    comparison = province_comparison(province=province, fiscal_year=fiscal_year)
    table = ComparisonTable.for_comparison(comparison)
    RequestConfig(request, paginate=False).configure(table)  # the export keeps the page's sort order
    response = HttpResponse(comparison_xlsx(comparison, rows=list(table.data)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(
        comparison_filename(comparison), fallback=f"ita-comparison-{fiscal_year}.xlsx"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _check_province(user: User, province: str) -> None:
    """A province the user neither oversees nor has an agency in is a 404, like any other object."""
    if province not in provinces_for_user(user):
        raise Http404("ไม่พบจังหวัด")
