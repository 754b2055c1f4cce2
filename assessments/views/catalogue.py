"""The ITA catalogue in the browser, for the system administrator: years, drafts, their diff, confirmation.

Every page is for Django is_staff only. As for the results-sheet import (imports.import_results)
anyone else is refused with 403 before anything is looked up, so the answer is the same whether
a year or a draft exists; a draft of another administrator is a 404. Nothing in the catalogue
changes before "ยืนยันการเปลี่ยนแปลง" on the diff page (catalogue.drafts).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import rating
from assessments.catalogue import (
    CatalogueError,
    ItemChange,
    framework_diff,
    framework_draft_confirm,
    framework_draft_copy,
    framework_draft_discard,
    framework_draft_edit,
    framework_draft_save,
    framework_draft_upload,
    framework_drafts_for_user,
    spec_from_data,
    validate_spec,
)
from assessments.catalogue.forms import NewYearForm, UploadForm, editor_forms, spec_from_forms
from assessments.models import Confidence, FrameworkDraft, FrameworkVersion
from assessments.permissions import is_system_admin
from ita_portal.spreadsheets import SpreadsheetError
from ita_portal.thai import thai_digits


def _require_admin(request: HttpRequest) -> None:
    if not is_system_admin(request.user):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่ดูและแก้ไขกรอบการประเมินได้")


def _get_draft_for_user(request: HttpRequest, pk: int) -> FrameworkDraft:
    return get_object_or_404(framework_drafts_for_user(request.user), pk=pk)


@login_required
@require_GET
def catalogue_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    frameworks = FrameworkVersion.objects.annotate(item_count=Count("items")).order_by("-year")
    drafts = framework_drafts_for_user(request.user).order_by("-updated_at")
    return render(request, "assessments/catalogue/list.html", {"frameworks": frameworks, "drafts": drafts})


@login_required
@require_GET
def catalogue_year(request: HttpRequest, year: int) -> HttpResponse:
    _require_admin(request)
    framework = get_object_or_404(FrameworkVersion, year=year)
    items = framework.items.select_related("indicator__tool", "sub_indicator", "group").order_by("order")
    context = {
        "framework": framework,
        "items": items,
        "tools": framework.tools.order_by("order"),
        "rules": rating.rules_from_data(framework.rating_rules),
        "revisions": framework.revisions.select_related("created_by").order_by("-number"),
        "drafts": framework_drafts_for_user(request.user).filter(year=year),
    }
    return render(request, "assessments/catalogue/year.html", context)


@login_required
@require_POST
def catalogue_year_edit(request: HttpRequest, year: int) -> HttpResponse:
    _require_admin(request)
    framework = get_object_or_404(FrameworkVersion, year=year)
    draft = framework_draft_edit(user=request.user, year=framework.year)
    return redirect("assessments:catalogue_draft_edit", draft.pk)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_upload(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = framework_draft_upload(
                user=request.user, year=form.cleaned_data["year"], data=form.file_bytes(), filename=upload.name
            )
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        except CatalogueError as exc:
            errors = exc.errors
        else:
            messages.info(request, "อ่านไฟล์แล้ว ยังไม่มีข้อมูลใดถูกบันทึก ตรวจสอบการเปลี่ยนแปลงด้านล่างแล้วกดยืนยัน")
            return redirect("assessments:catalogue_draft", draft.pk)
    return render(request, "assessments/catalogue/upload.html", {"form": form, "errors": errors})


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_new(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = NewYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = framework_draft_copy(
                user=request.user, year=form.cleaned_data["year"], from_year=form.cleaned_data["from_year"]
            )
        except CatalogueError as exc:
            for error in exc.errors:
                form.add_error(None, error)
        else:
            return redirect("assessments:catalogue_draft_edit", draft.pk)
    return render(request, "assessments/catalogue/new.html", {"form": form})


@login_required
@require_GET
def catalogue_draft(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    draft = _get_draft_for_user(request, pk)
    spec = spec_from_data(draft.spec)
    framework = FrameworkVersion.objects.filter(year=draft.year).first()
    diff = framework_diff(framework, spec)
    problems: list[str] = []
    try:
        validate_spec(spec)
    except CatalogueError as exc:
        problems = exc.errors
    stale = (framework is not None and draft.base_revision != framework.revision) or (
        framework is None and draft.base_revision is not None
    )
    # A new year is read against the year before it: what was renamed, added or dropped since.
    previous = None if framework else FrameworkVersion.objects.filter(year__lt=draft.year).order_by("-year").first()
    previous_diff = framework_diff(previous, spec) if previous else None
    if previous_diff is not None:
        previous_diff.blocked = []  # nothing of the previous year is removed by starting a new one
        previous_diff.settings = [c for c in previous_diff.settings if c.code != "ชื่อกรอบการประเมิน"]
    context = {
        "previous": previous,
        "previous_diff": previous_diff,
        "previous_settings": [_readable(c) for c in previous_diff.settings] if previous_diff else [],
        "draft": draft,
        "spec": spec,
        "framework": framework,
        "diff": diff,
        "settings_changes": [_readable(c) for c in diff.settings],
        "blocked": [(b, b.reason.replace(" ".join(b.uses), thai_digits(" ".join(b.uses)))) for b in diff.blocked],
        "problems": problems,
        "stale": stale,
        "can_confirm": diff.changes_anything and not diff.blocked and not problems and not stale,
    }
    return render(request, "assessments/catalogue/draft.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    draft = _get_draft_for_user(request, pk)
    spec = spec_from_data(draft.spec)
    settings, rules, items = editor_forms(spec, request.POST if request.method == "POST" else None)
    problems: list[str] = []
    if request.method == "POST" and all([settings.is_valid(), rules.is_valid(), items.is_valid()]):
        try:
            framework_draft_save(user=request.user, draft=draft, spec=spec_from_forms(spec, settings, rules, items))
        except CatalogueError as exc:
            problems = exc.errors
        else:
            if "stay" in request.POST:
                messages.success(request, "บันทึกร่างแล้ว ยังไม่มีการเปลี่ยนแปลงใดในกรอบการประเมิน")
                return redirect("assessments:catalogue_draft_edit", draft.pk)
            messages.info(request, "บันทึกร่างแล้ว ตรวจสอบการเปลี่ยนแปลงด้านล่างแล้วกดยืนยัน")
            return redirect("assessments:catalogue_draft", draft.pk)
    context = {
        "draft": draft,
        "spec": spec,
        "settings_form": settings,
        "rules": rules,
        "items": items,
        "problems": problems,
        "posted": request.method == "POST",
    }
    return render(request, "assessments/catalogue/edit.html", context)


@login_required
@require_POST
def catalogue_draft_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    draft = _get_draft_for_user(request, pk)
    year = draft.year
    try:
        result = framework_draft_confirm(user=request.user, draft=draft)
    except CatalogueError as exc:
        for error in exc.errors:
            messages.error(request, error)
        return redirect("assessments:catalogue_draft", pk)
    except DatabaseError:  # an item gained a measure between the diff and the write (PROTECT)
        messages.error(request, "บันทึกไม่สำเร็จเพราะมีผู้อื่นแก้ไขข้อมูลที่เกี่ยวข้องพร้อมกัน ร่างยังอยู่ กรุณาลองใหม่")
        return redirect("assessments:catalogue_draft", pk)
    if not result.diff.changes_anything:
        messages.info(request, f"ร่างไม่ต่างจากฉบับในระบบ กรอบการประเมินปี {thai_digits(year)} จึงไม่เปลี่ยน")
    else:
        messages.success(
            request,
            f"บันทึกกรอบการประเมินปี {thai_digits(year)} ฉบับแก้ไขที่ {thai_digits(result.revision)} แล้ว",
        )
    return redirect("assessments:catalogue_year", year)


@login_required
@require_POST
def catalogue_draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    draft = _get_draft_for_user(request, pk)
    framework_draft_discard(user=request.user, draft=draft)
    messages.info(request, "ยกเลิกร่างแล้ว กรอบการประเมินไม่มีการเปลี่ยนแปลง")
    return redirect("assessments:catalogue")


_VALUE_NAMES: dict[str, dict[str, str]] = {
    "รูปแบบการจัดระดับ": dict(FrameworkVersion.RatingScheme.choices),
    "ความน่าเชื่อถือของเกณฑ์ระดับ": dict(Confidence.choices),
}


def _readable(change: ItemChange) -> ItemChange:
    """A settings change with its stored values (labels, candidate) as people read them."""
    names = _VALUE_NAMES.get(change.code)
    if names is None:
        return change
    return ItemChange(change.code, names.get(change.before, change.before), names.get(change.after, change.after))
