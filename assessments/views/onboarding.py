"""Onboarding: a system administrator (any province) or a province overseer (theirs) imports agencies and
their first coordinators: upload → preview with every error (nothing written) → confirm → a worker writes
it and queues the invitations, followed on the import's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.imports.agencies import onboarding_parse
from assessments.imports.common import MAX_SHOWN_ERRORS, ImportRefused
from assessments.imports.forms import OnboardingForm
from assessments.imports.jobs import import_job_of_upload, import_job_start
from assessments.imports.pending import pending_forget, pending_meta, pending_save
from assessments.models import ImportJob
from assessments.permissions import onboarding_provinces
from ita_portal.downloads import short_file_name

TEMPLATE = "assessments/imports/agencies.html"
SAMPLE_ROWS = 20
GONE = "ไม่พบไฟล์ที่รอยืนยัน (อาจนำเข้าไปแล้วหรือยกเลิกไปแล้ว) กรุณาอัปโหลดไฟล์ใหม่"


@login_required
@require_http_methods(["GET", "POST"])
def onboard_agencies(request: HttpRequest) -> HttpResponse:
    provinces = onboarding_provinces(request.user)
    if provinces is None:
        raise PermissionDenied("เฉพาะผู้ดูแลระบบหรือผู้กำกับดูแลระดับจังหวัดเท่านั้นที่นำเข้าหน่วยงานและผู้ประสานงานได้")
    url = reverse("assessments:onboard_agencies")
    context: dict[str, Any] = {"url": url, "provinces": provinces}
    if request.method == "GET":
        return render(request, TEMPLATE, {**context, "form": OnboardingForm(provinces=provinces)})
    action, token = request.POST.get("action", "upload"), request.POST.get("token", "")
    if action == "cancel":
        pending_forget(request.session, token)
        messages.info(request, "ยกเลิกการนำเข้าแล้ว ไม่มีข้อมูลใดถูกบันทึก")
        return redirect(url)
    if action == "confirm":
        return _confirm(request, token=token, url=url)
    form = OnboardingForm(request.POST, request.FILES, provinces=provinces)
    if not form.is_valid():
        return render(request, TEMPLATE, {**context, "form": form})
    meta = {
        "kind": ImportJob.Kind.AGENCIES.value,
        "agency_id": None,
        "province": form.chosen_province(),
        "filename": short_file_name(form.cleaned_data["file"].name, 200),
    }
    data = form.file_bytes()
    try:
        preview = onboarding_parse(data=data, filename=meta["filename"], province=meta["province"])
    except ImportRefused as exc:
        form.add_error("file", str(exc))
        return render(request, TEMPLATE, {**context, "form": form})
    if preview.ok:
        context["token"] = pending_save(request.session, data=data, meta=meta)
    else:
        context["form"] = form
    return render(
        request,
        TEMPLATE,
        {
            **context,
            "preview": preview,
            "errors": preview.errors[:MAX_SHOWN_ERRORS],
            "errors_hidden": max(0, len(preview.errors) - MAX_SHOWN_ERRORS),
            "sample_rows": preview.rows[:SAMPLE_ROWS],
        },
    )


def _confirm(request: HttpRequest, *, token: str, url: str) -> HttpResponse:
    meta = pending_meta(request.session, token)
    if meta is None or meta.get("kind") != ImportJob.Kind.AGENCIES:
        started = import_job_of_upload(token, request.user)
        if started is not None:
            return redirect("assessments:import_job", started.pk)
        messages.error(request, GONE)
        return redirect(url)
    job = import_job_start(
        session=request.session, token=token, kind=ImportJob.Kind.AGENCIES, meta=meta, user=request.user
    )
    if job is None:
        messages.error(request, GONE)
        return redirect(url)
    return redirect("assessments:import_job", job.pk)
