"""The workspace page, opening and carrying over a year, checking every link, and the readiness dashboard.

Each view: load through a scoped selector (another agency → 404), check the permission (403 with a
Thai message), validate, call a service or a task, respond.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django_tables2 import RequestConfig

from assessments.models import Membership
from assessments.selectors import get_agency_for_user, role_in_agency
from ita_portal import thai
from oit.filters import AnswerFilter
from oit.models import Answer, Workspace
from oit.permissions import is_oit_coordinator
from oit.readiness import workspace_readiness
from oit.selectors import get_workspace_for_user, workspace_answers, workspaces_for_user
from oit.services import workspace_carry_over, workspace_open, workspace_request_link_check
from oit.tables import AnswerTable
from oit.views.charts import cost_chart, status_chart

ONLY_COORDINATOR = "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้น"


@require_safe
@login_required
def workspace_page(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    workspace = workspaces_for_user(request.user).filter(agency=agency, fiscal_year=fiscal_year).first()
    coordinator = role_in_agency(request.user, agency) == Membership.Role.COORDINATOR
    if workspace is None:
        if not coordinator:
            raise Http404("ไม่พบพื้นที่ทำงาน OIT")
        return render(request, "oit/workspace_new.html", {"agency": agency, "fiscal_year": fiscal_year})
    today = timezone.localdate()
    answer_filter = AnswerFilter(
        request.GET or None, queryset=workspace_answers(workspace), workspace=workspace, today=today
    )
    table = AnswerTable(answer_filter.qs, today=today)
    RequestConfig(request, paginate=False).configure(table)
    previous = None
    if coordinator and workspace.carried_from_id is None:
        previous = Workspace.objects.filter(agency=agency, fiscal_year__lt=fiscal_year).order_by("-fiscal_year").first()
    context = {
        "workspace": workspace,
        "agency": agency,
        "filter": answer_filter,
        "table": table,
        "shown": len(table.rows),
        "is_coordinator": coordinator,
        "previous": previous,
    }
    if request.htmx and request.htmx.target == "oit-results":
        return render(request, "oit/_workspace_results.html", context)
    return render(request, "oit/workspace.html", context)


@require_POST
@login_required
def workspace_open_view(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    if role_in_agency(request.user, agency) != Membership.Role.COORDINATOR:
        raise PermissionDenied(f"{ONLY_COORDINATOR}ที่เปิดพื้นที่ทำงาน OIT ได้")
    try:
        workspace = workspace_open(agency=agency, fiscal_year=fiscal_year, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("home")
    messages.success(request, f"เปิดพื้นที่ทำงาน OIT ปี {thai.thai_digits(workspace.fiscal_year)} แล้ว")
    return redirect("oit:workspace", agency.pk, workspace.fiscal_year)


@require_POST
@login_required
def workspace_carry_over_view(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    if not is_oit_coordinator(request.user, workspace):
        raise PermissionDenied(f"{ONLY_COORDINATOR}ที่ต่อยอดจากปีก่อนได้")
    try:
        result = workspace_carry_over(workspace=workspace, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("oit:workspace", workspace.agency_id, workspace.fiscal_year)
    workspace.refresh_from_db()
    return render(
        request,
        "oit/carry_over_result.html",
        {
            "workspace": workspace,
            "agency": workspace.agency,
            "result": result,
            "copied": list(dict.fromkeys(result.copied)),  # two of last year's items can map to one of this year's
            "previous": workspace.carried_from,
        },
    )


@require_POST
@login_required
def workspace_check_links(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    if not is_oit_coordinator(request.user, workspace):
        raise PermissionDenied(f"{ONLY_COORDINATOR}ที่สั่งตรวจลิงก์ทั้งพื้นที่ทำงานได้")
    workspace_request_link_check(workspace=workspace, user=request.user)
    messages.success(request, "ส่งตรวจลิงก์ทั้งหมดแล้ว หน้านี้จะแสดงผลเองเมื่อตรวจเสร็จ")
    return redirect("oit:workspace", workspace.agency_id, workspace.fiscal_year)


@require_safe
@login_required
def dashboard(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    today = timezone.localdate()
    readiness = workspace_readiness(workspace, today=today)
    statuses = [(value, label, readiness.by_status.get(value, 0)) for value, label in Answer.Status.choices]
    departments = [
        (name, [(value, label, counts.get(value, 0)) for value, label in Answer.Status.choices], sum(counts.values()))
        for name, counts in readiness.by_department.items()
    ]
    context = {
        "workspace": workspace,
        "agency": workspace.agency,
        "readiness": readiness,
        "today": today,
        "statuses": statuses,
        "departments": departments,
        "status_chart": status_chart(statuses),
        "cost_chart": cost_chart(readiness.costs),
    }
    return render(request, "oit/dashboard.html", context)
