"""Plan page, measures, progress per round and evidence files.

Each view: load through a scoped selector (another agency → 404), check the
permission (403 with a Thai message), validate with a form, call a service,
respond — a full page, or the fragment when htmx asked for it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from assessments.models import Membership
from assessments.permissions import can_manage_results
from assessments.selectors import get_agency_for_user, membership_in_agency
from ita_portal import thai
from ita_portal.downloads import uploaded_file_response
from measures.evidence import INLINE_TYPES
from measures.filters import MeasureFilter
from measures.forms import MeasureForm, PlanForm, ProgressForm
from measures.models import MeasurePlan, Progress, Round
from measures.permissions import can_edit_measure, editable_measure_ids, is_coordinator, staff_department_id
from measures.selectors import (
    get_evidence_for_user,
    get_measure_for_user,
    get_plan_by_id_for_user,
    get_plan_for_user,
    measure_history,
    plan_measures,
    round_status_counts,
)
from measures.services import EditConflict, measure_create, measure_delete, measure_update, plan_create, progress_save
from measures.tables import MeasureTable, progress_cell

PER_PAGE = 25


@login_required
def plan_page(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    membership = membership_in_agency(request.user, plan.agency)
    role = membership.role if membership else None
    measure_filter = _plan_filter(plan, request.GET)
    table = MeasureTable(
        measure_filter.qs,
        editable_ids=editable_measure_ids(request.user, plan, membership=membership),
        next_url=request.get_full_path(),
    )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context = {
        "plan": plan,
        "agency": plan.agency,
        "filter": measure_filter,
        "table": table,
        **_status_counts(plan, measure_filter, total=table.paginator.count),
        "is_coordinator": role == Membership.Role.COORDINATOR,
        "role": role,
    }
    if request.htmx and request.htmx.target == "plan-results":
        return render(request, "measures/_plan_results.html", context)
    return render(request, "measures/plan.html", context)


def _plan_filter(plan: MeasurePlan, query: QueryDict) -> MeasureFilter:
    current = thai.current_round(plan.fiscal_year, timezone.localdate())
    return MeasureFilter(query or None, queryset=plan_measures(plan), plan=plan, current_round=current)


def _status_counts(plan: MeasurePlan, measure_filter: MeasureFilter, total: int | None = None) -> dict[str, object]:
    """The status counts above the plan's table: the filtered measures in the chosen round."""
    chosen_round = measure_filter.chosen_round
    return {
        "round_label": Round(chosen_round).label,
        "round_period": thai.round_period_text(plan.fiscal_year, chosen_round),
        "counts": round_status_counts(measure_filter.qs, chosen_round, total=total),
    }


def _counts_after_save(plan: MeasurePlan, next_url: str) -> dict[str, object] | None:
    """The counts of the plan page the inline editor was opened from (its filters are in `next`), else None."""
    page = urlsplit(next_url)
    if page.path != reverse("measures:plan", args=[plan.agency_id, plan.fiscal_year]):
        return None
    return _status_counts(plan, _plan_filter(plan, QueryDict(page.query)))


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    if not can_manage_results(request.user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่สร้างแผนมาตรการได้")
    taken = set(agency.plans.values_list("fiscal_year", flat=True))
    asked = thai.arabic_digits(request.GET.get("fiscal_year", ""))  # the analysis page's link names its year
    year = int(asked) if asked.isdigit() else None
    form = PlanForm(request.POST or None, taken=taken, today=timezone.localdate(), year=year)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(
                agency=agency,
                fiscal_year=form.cleaned_data["fiscal_year"],
                framework=form.cleaned_data["framework"],
                title=form.cleaned_data["title"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"สร้างแผนมาตรการปีงบประมาณ {thai.thai_digits(plan.fiscal_year)} แล้ว")
            return redirect("measures:plan", agency.pk, plan.fiscal_year)
    return render(request, "measures/plan_form.html", {"agency": agency, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def measure_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, pk)
    plan = measure.plan
    if not is_coordinator(request.user, plan):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่ลบมาตรการได้")
    if request.method == "POST":
        number = measure.number
        measure_delete(measure=measure, user=request.user)
        messages.success(request, f"ลบมาตรการที่ {thai.thai_digits(number)} แล้ว")
        return redirect("measures:plan", plan.agency_id, plan.fiscal_year)
    return render(request, "measures/measure_delete.html", {"measure": measure, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def measure_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_by_id_for_user(request.user, plan_id)
    if not is_coordinator(request.user, plan):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่เพิ่มมาตรการได้")
    form = MeasureForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            measure = measure_create(plan=plan, user=request.user, data=form.to_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"เพิ่มมาตรการที่ {thai.thai_digits(measure.number)} แล้ว")
            return redirect("measures:measure", measure.pk)
    return render(request, "measures/measure_form.html", {"form": form, "plan": plan, "measure": None})


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, pk)
    progress = {p.round: p for p in measure.progress.select_related("updated_by").prefetch_related("evidence")}
    rounds = [(r, Round(r).label, progress.get(r), thai.round_period_text(measure.plan.fiscal_year, r)) for r in Round]
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "plan": measure.plan,
            "rounds": rounds,
            "history": measure_history(measure),
            "can_edit": can_edit_measure(request.user, measure),
            "can_delete": is_coordinator(request.user, measure.plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, pk)
    if not can_edit_measure(request.user, measure):
        raise PermissionDenied("ท่านไม่มีสิทธิ์แก้ไขมาตรการนี้ (แก้ไขได้เฉพาะมาตรการของส่วนราชการของท่าน)")
    plan = measure.plan
    department = None if is_coordinator(request.user, plan) else staff_department_id(request.user, plan.agency_id)
    initial = MeasureForm.initial_for(measure)
    form = MeasureForm(request.POST or None, plan=plan, initial=initial, staff_department_id=department)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            measure_update(
                measure=measure,
                user=request.user,
                data=form.to_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except EditConflict as exc:
            conflict = exc
            form = MeasureForm(
                _with_version(request.POST, exc.version), plan=plan, initial=initial, staff_department_id=department
            )
            form.is_valid()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "บันทึกการแก้ไขแล้ว")
            return redirect("measures:measure", measure.pk)
    return render(
        request, "measures/measure_form.html", {"form": form, "plan": plan, "measure": measure, "conflict": conflict}
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_edit(request: HttpRequest, pk: int, round: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, pk)
    if round not in Round.values:
        raise Http404("ไม่มีรอบการรายงานนี้")
    if not can_edit_measure(request.user, measure):
        raise PermissionDenied("ท่านไม่มีสิทธิ์รายงานผลมาตรการนี้ (รายงานได้เฉพาะมาตรการของส่วนราชการของท่าน)")
    progress = Progress.objects.filter(measure=measure, round=round).prefetch_related("evidence").first()
    initial = {"version": progress.version if progress else 0}
    if progress:
        initial |= {"status": progress.status, "summary": progress.summary, "outcome": progress.outcome}
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = ProgressForm(*data, initial=initial, progress=progress)
    conflict = None
    next_url = _safe_next(request) or reverse("measures:plan", args=[measure.plan.agency_id, measure.plan.fiscal_year])
    if request.method == "POST" and form.is_valid():
        try:
            saved = progress_save(
                measure=measure,
                round=round,
                user=request.user,
                data=form.to_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except EditConflict as exc:
            conflict = exc
            progress = Progress.objects.filter(measure=measure, round=round).prefetch_related("evidence").first()
            form = ProgressForm(_with_version(request.POST, exc.version), progress=progress, initial=initial)
            form.is_valid()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            text = f"บันทึกผล{Round(round).label} ของมาตรการที่ {thai.thai_digits(measure.number)} แล้ว"
            if request.htmx:
                saved = Progress.objects.prefetch_related("evidence").get(pk=saved.pk)
                cell = progress_cell(measure, round, saved, can_edit=True, next_url=next_url, oob=True)
                # The editor closes (its content is only whitespace); the cell, the counts and the message
                # are swapped out of band into the plan page.
                counts = _counts_after_save(measure.plan, next_url) or {}
                context = {"message": text, "cell": cell, **counts}
                return render(request, "measures/_progress_saved.html", context)
            messages.success(request, text)
            return redirect(next_url)
    context = {
        "form": form,
        "measure": measure,
        "plan": measure.plan,
        "round": round,
        "round_label": Round(round).label,
        "round_period": thai.round_period_text(measure.plan.fiscal_year, round),
        "progress": progress,
        "conflict": conflict,
        "next": next_url,
    }
    template = "measures/_progress_form.html" if request.htmx else "measures/progress_form.html"
    return render(request, template, context)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only for members of its agency; never rendered as a web page."""
    evidence = get_evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404("หลักฐานนี้เป็นลิงก์ ไม่ใช่ไฟล์")
    return uploaded_file_response(
        evidence.file,
        content_type=evidence.content_type,
        original_name=evidence.original_name,
        inline=evidence.content_type in INLINE_TYPES,
    )


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def _with_version(post, version: int):
    data = post.copy()
    data["version"] = str(version)
    return data
