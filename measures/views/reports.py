"""Round dashboard and the plan's XLSX / CSV export. Every member of the agency and its
province's overseer may read them; get_plan_by_id_for_user makes anyone else's request a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ita_portal.downloads import content_disposition
from measures import dashboard as dashboards
from measures import export
from measures.models import MeasurePlan, Round
from measures.selectors import get_plan_by_id_for_user

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@login_required
def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_by_id_for_user(request.user, plan_id)
    today = timezone.localdate()
    round_ = dashboards.parse_round(request.GET.get("round"), plan, today)
    board = dashboards.plan_dashboard(plan, round_=round_, today=today)
    context = {
        "plan": plan,
        "board": board,
        "today": today,
        "rounds": [(r.value, r.label) for r in Round],
        "department_chart": dashboards.chart(
            board.by_department, title=f"สถานะมาตรการรายส่วนราชการ {board.round_label}"
        ),
        "tool_chart": dashboards.chart(board.by_tool, title=f"สถานะมาตรการรายเครื่องมือการประเมิน {board.round_label}"),
    }
    return render(request, "measures/reports/dashboard.html", context)


@require_safe
@login_required
def export_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_by_id_for_user(request.user, plan_id)
    return _attachment(export.export_xlsx(plan), XLSX_TYPE, plan, "xlsx")


@require_safe
@login_required
def export_csv(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_by_id_for_user(request.user, plan_id)
    return _attachment(export.export_csv(plan), "text/csv; charset=utf-8", plan, "csv")


def _attachment(content: bytes, content_type: str, plan: MeasurePlan, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        export.export_filename(plan, extension), fallback=f"ita-measures-{plan.pk}-{plan.fiscal_year}.{extension}"
    )
    # Progress reports change; a cached copy would hide the latest edits.
    response["Cache-Control"] = "private, no-store"
    return response
