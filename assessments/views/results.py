"""Entering an agency's ITA results by hand (coordinators). Imports are in views/imports.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assessments.forms import NewResultsForm, ResultsForm
from assessments.models import Agency, Assessment, FrameworkVersion
from assessments.permissions import can_manage_results
from assessments.scoring import assessment_scores
from assessments.selectors import get_agency_for_user
from assessments.services import ResultsConflict, assessment_save_results
from ita_portal import thai


def _coordinator_agency(request: HttpRequest, agency_id: int) -> Agency:
    agency = get_agency_for_user(request.user, agency_id)
    if not can_manage_results(request.user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่บันทึกผลการประเมินได้")
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def results_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _coordinator_agency(request, agency_id)
    taken = set(Assessment.objects.filter(agency=agency).values_list("fiscal_year", flat=True))
    form = NewResultsForm(request.POST or None, taken=taken)
    if request.method == "POST" and form.is_valid():
        return redirect("assessments:results_edit", agency.pk, form.cleaned_data["fiscal_year"])
    return render(request, "assessments/results_new.html", {"agency": agency, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def results_edit(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    agency = _coordinator_agency(request, agency_id)
    assessment = Assessment.objects.filter(agency=agency, fiscal_year=fiscal_year).select_related("framework").first()
    framework = assessment.framework if assessment else FrameworkVersion.objects.filter(year=fiscal_year).first()
    if framework is None:
        raise Http404("ยังไม่มีกรอบการประเมินของปีนี้ในระบบ")
    initial = ResultsForm.initial_for(assessment)
    form = ResultsForm(request.POST or None, framework=framework, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            assessment, sheet = assessment_save_results(
                agency=agency,
                fiscal_year=fiscal_year,
                framework=framework,
                data=form.to_data(),
                user=request.user,
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ResultsConflict as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = str(exc.version)
            form = ResultsForm(data, framework=framework, initial=initial)
            form.is_valid()
        else:
            total = thai.thai_number(sheet.total) if sheet.total is not None else "ยังคำนวณไม่ได้ (ข้อมูลไม่ครบ)"
            messages.success(request, f"บันทึกผลการประเมิน ITA {thai.thai_digits(fiscal_year)} แล้ว คะแนนรวม {total}")
            return redirect("assessments:results_edit", agency.pk, fiscal_year)
    sheet = assessment_scores(assessment) if assessment else None
    context = {
        "agency": agency,
        "fiscal_year": fiscal_year,
        "framework": framework,
        "assessment": assessment,
        "form": form,
        "sheet": sheet,
        "conflict": conflict,
    }
    return render(request, "assessments/results_form.html", context)
