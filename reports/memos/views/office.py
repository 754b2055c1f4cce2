"""The memo office pages: stand-ins (รักษาราชการแทน / ปฏิบัติราชการแทน) and the register's next number."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.permissions import can_manage_results
from assessments.selectors import agencies_for_user, get_agency_for_user
from ita_portal import thai
from reports.memos import register, standins
from reports.memos.office_forms import RegisterForm, StandInForm
from reports.memos.views.shared import form_errors, require_coordinator
from reports.models import StandIn

REGISTER_COORDINATOR_ONLY = "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่ตั้งเลขทะเบียนบันทึกข้อความได้"
NAME_STAND_IN_ONLY = "เฉพาะผู้บริหารหรือผู้ประสานงานของหน่วยงานเท่านั้นที่แต่งตั้งผู้รักษาราชการแทนได้"

# --- stand-ins ------------------------------------------------------------------------------------


@login_required
@require_GET
def stand_in_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Every member sees who acts for whom (the printed memos say so anyway); the buttons follow the rules."""
    agency = get_agency_for_user(request.user, agency_id)
    today = timezone.localdate()
    rows = list(
        StandIn.objects.filter(agency=agency)
        .select_related("principal", "stand_in", "created_by", "cancelled_by")
        .order_by("-ends_on", "-pk")
    )
    for row in rows:
        row.in_force = row.is_in_force(today)  # type: ignore[attr-defined]
        row.cancellable = standins.can_cancel(request.user, row)  # type: ignore[attr-defined]
    return render(
        request,
        "reports/memos/stand_ins.html",
        {"agency": agency, "rows": rows, "can_name": standins.can_name_stand_in(request.user, agency)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def stand_in_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    if not standins.can_name_stand_in(request.user, agency):
        raise PermissionDenied(NAME_STAND_IN_ONLY)
    if request.method == "POST":
        form = StandInForm(request.POST, agency=agency, user=request.user)
        if form.is_valid():
            try:
                created = standins.stand_in_create(agency=agency, user=request.user, data=form.to_data())
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"บันทึกผู้{created.get_kind_display()}แล้ว "
                    f"({thai.date_range_text(created.starts_on, created.ends_on)})",
                )
                return redirect("reports:stand_ins", agency.pk)
    else:
        form = StandInForm(agency=agency, user=request.user)
    return render(request, "reports/memos/stand_in_form.html", {"agency": agency, "form": form})


@login_required
@require_POST
def stand_in_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    stand_in = (
        StandIn.objects.filter(agency__in=agencies_for_user(request.user), pk=pk).select_related("agency").first()
    )
    if stand_in is None:
        raise Http404("ไม่พบรายการผู้รักษาราชการแทน")
    if standins.stand_in_cancel(stand_in=stand_in, user=request.user):
        messages.success(request, "ยกเลิกการทำการแทนแล้ว ขั้นที่พิจารณาไปแล้วยังคงบันทึกไว้ตามเดิม")
    else:
        messages.info(request, "รายการนี้ถูกยกเลิกไปก่อนหน้านี้แล้ว")
    return redirect("reports:stand_ins", stand_in.agency_id)


# --- the register ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def memo_register(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    require_coordinator(request, agency, REGISTER_COORDINATOR_ONLY)
    year = register.register_year()
    if request.method == "POST":
        form = RegisterForm(request.POST)
        if form.is_valid():
            try:
                counter = register.register_set_start(
                    agency=agency, user=request.user, year=year, next_number=form.cleaned_data["next_number"]
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"ตั้งเลขทะเบียนปี {thai.thai_digits(year)} แล้ว "
                    f"บันทึกข้อความฉบับถัดไปจะได้เลขที่ {thai.thai_digits(counter.start_number)}",
                )
                return redirect("reports:memo_register", agency.pk)
    else:
        form = RegisterForm()
    counter, issued = register.register_state(agency, year)
    return render(
        request,
        "reports/memos/register.html",
        {
            "agency": agency,
            "form": form,
            "year": year,
            "counter": counter,
            "issued": issued,
            "is_coordinator": can_manage_results(request.user, agency),
        },
    )
