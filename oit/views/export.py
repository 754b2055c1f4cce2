"""The ITAS answer sheet (XLSX, CSV) and the printable checklist: for everyone who may read the workspace."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ita_portal.downloads import content_disposition
from oit import export
from oit.models import Workspace
from oit.selectors import get_workspace_for_user

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@login_required
def itas_xlsx(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    return _attachment(export.itas_xlsx(workspace), XLSX_TYPE, workspace, "xlsx")


@require_safe
@login_required
def itas_csv(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    workspace = get_workspace_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    return _attachment(export.itas_csv(workspace), "text/csv; charset=utf-8", workspace, "csv")


@require_safe
@login_required
def checklist(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    """Every O-item with boxes to tick, its URLs, explanation and status, laid out for A4 landscape."""
    workspace = get_workspace_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    rows = export.sheet_rows(workspace)
    context = {
        "workspace": workspace,
        "agency": workspace.agency,
        "groups": export.grouped(rows),
        "count": len(rows),
        "today": timezone.localdate(),
    }
    return render(request, "oit/checklist.html", context)


def _attachment(content: bytes, content_type: str, workspace: Workspace, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        export.itas_filename(workspace, extension), fallback=export.itas_fallback_filename(workspace, extension)
    )
    # Answers change until the day they go into ITAS; a cached copy would hide the latest edits.
    response["Cache-Control"] = "private, no-store"
    return response
