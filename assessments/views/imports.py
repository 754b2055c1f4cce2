"""Import results from spreadsheets: upload → preview (nothing written) → confirm → result page.

Two pages share one flow: an agency's OIT item table (its coordinator) and a
results sheet of many agencies (a system administrator, since it spans
agencies and may create them). The upload is parsed and checked in full and
shown with every error by row and column; only a file without errors can be
confirmed. The file waits in MEDIA_ROOT/imports (assessments.imports.pending),
is parsed again on confirmation because the database may have changed, and
can be confirmed once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.imports import kinds
from assessments.imports.common import MAX_SHOWN_ERRORS, ImportRefused
from assessments.imports.forms import ItemImportForm, ResultsImportForm
from assessments.imports.items import item_table_import
from assessments.imports.jobs import import_job_of_upload, import_job_start
from assessments.imports.pending import pending_claim, pending_forget, pending_meta, pending_restore, pending_save
from assessments.imports.results import ResultsPreview, results_sheet_import
from assessments.models import Agency, ImportJob
from assessments.permissions import can_manage_results, is_system_admin
from assessments.rating import Rating
from assessments.selectors import get_agency_for_user
from ita_portal.downloads import short_file_name
from ita_portal.thai import thai_digits

RESULT_SESSION_KEY = "import_result"
SHOWN_NEW_AGENCIES = 200
SAMPLE_ROWS = 20


@dataclass(frozen=True)
class _Kind:
    name: str
    template: str
    done_template: str
    form_class: type
    parse: Callable[..., Any]
    write: Callable[..., Any]
    summary: Callable[[Any], dict[str, Any]]


@login_required
@require_http_methods(["GET", "POST"])
def import_items(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    if not can_manage_results(request.user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่นำเข้าผลการประเมินของหน่วยงานได้")
    return _flow(request, ITEMS, agency=agency, url=reverse("assessments:import_items", args=[agency.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def import_results(request: HttpRequest) -> HttpResponse:
    if not is_system_admin(request.user):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่นำเข้าผลการประเมินของหลายหน่วยงานได้")
    return _flow(request, RESULTS, agency=None, url=reverse("assessments:import_results"))


def _flow(request: HttpRequest, kind: _Kind, *, agency: Agency | None, url: str) -> HttpResponse:
    context: dict[str, Any] = {"agency": agency, "url": url}
    if request.method == "GET":
        done = request.session.get(RESULT_SESSION_KEY)
        token = request.GET.get("done")
        if (
            token
            and isinstance(done, dict)
            and done.get("token") == token
            and done.get("kind") == kind.name
            and done.get("agency_id") == (agency.pk if agency else None)
        ):
            return render(request, kind.done_template, {**context, "result": done, "rating": _stored_rating(done)})
        return render(request, kind.template, {**context, "form": kind.form_class()})
    action = request.POST.get("action", "upload")
    token = request.POST.get("token", "")
    if action == "cancel":
        pending_forget(request.session, token)
        messages.info(request, "ยกเลิกการนำเข้าแล้ว ไม่มีข้อมูลใดถูกบันทึก")
        return redirect(url)
    if action == "confirm":
        return _confirm(request, kind, agency=agency, url=url, token=token, context=context)
    form = kind.form_class(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, kind.template, {**context, "form": form})
    meta = _meta(kind, form, agency)
    data = form.file_bytes()
    try:
        preview = kind.parse(data=data, meta=meta, agency=agency)
    except ImportRefused as exc:
        form.add_error("file", str(exc))
        return render(request, kind.template, {**context, "form": form})
    if preview.ok:
        if isinstance(preview, ResultsPreview):
            meta["new_agencies"] = len(preview.new_agencies)
        context["token"] = pending_save(request.session, data=data, meta=meta)
    else:
        context["form"] = form
    return render(request, kind.template, {**context, **_preview_context(preview)})


def _confirm(
    request: HttpRequest, kind: _Kind, *, agency: Agency | None, url: str, token: str, context: dict[str, Any]
) -> HttpResponse:
    meta = pending_meta(request.session, token)
    if meta is None or meta.get("kind") != kind.name or meta.get("agency_id") != (agency.pk if agency else None):
        started = import_job_of_upload(token, request.user)
        if started is not None:
            return redirect("assessments:import_job", started.pk)
        messages.error(request, "ไม่พบไฟล์ที่รอยืนยัน (อาจนำเข้าไปแล้วหรือยกเลิกไปแล้ว) กรุณาอัปโหลดไฟล์ใหม่")
        return redirect(url)
    if kind is RESULTS:
        return _confirm_in_background(request, token=token, meta=meta, url=url)
    data = pending_claim(request.session, token)
    if data is None:
        messages.error(request, "ไม่พบไฟล์ที่รอยืนยัน (อาจนำเข้าไปแล้วหรือยกเลิกไปแล้ว) กรุณาอัปโหลดไฟล์ใหม่")
        return redirect(url)
    try:
        preview = kind.parse(data=data, meta=meta, agency=agency)
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect(url)
    form = kind.form_class(initial={"fiscal_year": meta["year"]})
    if not preview.ok:
        messages.error(request, "ข้อมูลในระบบเปลี่ยนไปหลังการตรวจสอบ ไฟล์นี้จึงยังนำเข้าไม่ได้ ไม่มีข้อมูลใดถูกบันทึก")
        return render(request, kind.template, {**context, "form": form, **_preview_context(preview)})
    try:
        result = kind.write(preview=preview, user=request.user)
    except DatabaseError:
        # Nothing was written: the file goes back so that the same confirmation can be sent again.
        pending_restore(request.session, token=token, data=data, meta=meta)
        messages.error(request, "บันทึกไม่สำเร็จเพราะมีผู้อื่นแก้ไขข้อมูลเดียวกันพร้อมกัน ไม่มีข้อมูลใดถูกบันทึก กดยืนยันอีกครั้งได้")
        return render(request, kind.template, {**context, **_preview_context(preview), "token": token})
    request.session[RESULT_SESSION_KEY] = {"token": token, "kind": kind.name, **kind.summary(result)}
    return redirect(f"{url}?done={token}")


def _confirm_in_background(request: HttpRequest, *, token: str, meta: dict[str, Any], url: str) -> HttpResponse:
    """A results sheet may hold every agency of the country: it is written by a worker, followed on its page."""
    limit = settings.IMPORT_MAX_NEW_AGENCIES
    if meta.get("new_agencies", 0) > limit and not request.POST.get("many_agencies"):
        messages.error(
            request,
            f"ไฟล์นี้จะสร้างหน่วยงานใหม่ {thai_digits(meta['new_agencies'])} แห่ง เกินขีดจำกัด {thai_digits(limit)} แห่ง "
            "ต้องทำเครื่องหมายยืนยันการสร้างหน่วยงานจำนวนมากก่อน ไม่มีข้อมูลใดถูกบันทึก",
        )
        return redirect(url)
    job = import_job_start(
        session=request.session, token=token, kind=ImportJob.Kind.RESULTS, meta=meta, user=request.user
    )
    if job is None:
        messages.error(request, "ไม่พบไฟล์ที่รอยืนยัน (อาจนำเข้าไปแล้วหรือยกเลิกไปแล้ว) กรุณาอัปโหลดไฟล์ใหม่")
        return redirect(url)
    return redirect("assessments:import_job", job.pk)


def _meta(kind: _Kind, form: Any, agency: Agency | None) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "kind": kind.name,
        "agency_id": agency.pk if agency else None,
        "year": form.cleaned_data["fiscal_year"],
        "filename": short_file_name(form.cleaned_data["file"].name, 200),
    }
    if kind is ITEMS:
        meta["indicators"] = {str(n): str(v) for n, v in form.indicator_scores().items()}
    else:
        meta["create_missing"] = bool(form.cleaned_data.get("create_missing"))
    return meta


def _preview_context(preview: Any) -> dict[str, Any]:
    context = {
        "preview": preview,
        "errors": preview.errors[:MAX_SHOWN_ERRORS],
        "errors_hidden": max(0, len(preview.errors) - MAX_SHOWN_ERRORS),
    }
    if isinstance(preview, ResultsPreview):
        context["new_agencies"] = preview.new_agencies[:SHOWN_NEW_AGENCIES]
        context["new_agencies_limit"] = settings.IMPORT_MAX_NEW_AGENCIES
        context["sample_rows"] = preview.rows[:SAMPLE_ROWS]
    elif preview.ok and preview.scores is not None:  # a projection of a file that cannot be imported misleads
        sheet = preview.scores
        context["score_rows"] = [
            ("ตัวชี้วัดที่ ๙", sheet.indicators.get(9)),
            ("ตัวชี้วัดที่ ๑๐", sheet.indicators.get(10)),
            ("OIT", sheet.tools.get("OIT")),
            ("IIT", sheet.tools.get("IIT")),
            ("EIT", sheet.tools.get("EIT")),
            ("คะแนนรวม", sheet.total),
        ]
    return context


def _stored_rating(done: dict[str, Any]) -> Rating | None:
    data = done.get("rating")
    try:
        return Rating(**data) if isinstance(data, dict) else None
    except TypeError:  # a summary stored by another version of Rating
        return None


ITEMS = _Kind(
    name="items",
    template="assessments/imports/items.html",
    done_template="assessments/imports/items_done.html",
    form_class=ItemImportForm,
    parse=kinds.parse_items,
    write=item_table_import,
    summary=kinds.items_summary,
)
RESULTS = _Kind(
    name="results",
    template="assessments/imports/results.html",
    done_template="assessments/imports/results_done.html",
    form_class=ResultsImportForm,
    parse=kinds.parse_results,
    write=results_sheet_import,
    summary=kinds.results_summary,
)
