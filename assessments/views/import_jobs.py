"""The page that follows a background import: its progress, then its result or what went wrong."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assessments.imports.jobs import import_job_cancel, import_job_refresh, import_job_retry, import_jobs_for_user
from assessments.models import ImportJob


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = import_job_refresh(get_object_or_404(import_jobs_for_user(request.user), pk=job_id))
    template = "assessments/imports/_job_status.html" if request.htmx else "assessments/imports/job.html"
    return render(request, template, {"job": job, "again_url": _again_url(job)})


@login_required
@require_POST
def import_job_action(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(import_jobs_for_user(request.user), pk=job_id)
    if request.POST.get("action") == "cancel":
        if import_job_cancel(job=job, user=request.user):
            messages.info(request, "ยกเลิกการนำเข้าแล้ว ไฟล์ถูกลบ ไม่มีข้อมูลใดถูกบันทึก")
        else:
            messages.error(request, "ยกเลิกไม่ได้ เพราะการนำเข้ากำลังทำงานอยู่หรือเสร็จไปแล้ว")
    elif import_job_retry(job=job, user=request.user):
        messages.info(request, "ส่งการนำเข้าเข้าคิวอีกครั้งแล้ว")
    else:
        messages.error(request, "ส่งอีกครั้งไม่ได้ เพราะการนำเข้ากำลังทำงานอยู่ เสร็จไปแล้ว หรือไม่มีไฟล์แล้ว")
    return redirect("assessments:import_job", job.pk)


# Where another file of the same kind is uploaded.
UPLOAD_PAGES = {
    ImportJob.Kind.RESULTS: "assessments:import_results",
    ImportJob.Kind.AGENCIES: "assessments:onboard_agencies",
}


def _again_url(job: ImportJob) -> str:
    return reverse(UPLOAD_PAGES.get(job.kind, "home"))
