"""Next year's plan (clone) and suggested measures: coordinator-only pages of a plan.

Each view: load the plan through the scoped selector (another agency → 404), check that the
user is the agency's coordinator (403 with a Thai message), call a service, respond.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.scoring import assessment_rating
from measures.cloning import plan_clone_preview, plan_clone_to_next_year
from measures.permissions import is_coordinator
from measures.selectors import get_plan_by_id_for_user
from measures.suggestions import (
    handled_suggestion_keys,
    last_assessment_before,
    suggestion_accept,
    suggestion_dismiss,
    suggestions_for_plan,
)

SUGGESTION_ACTIONS = {"accept", "edit", "dismiss"}


@login_required
@require_http_methods(["GET", "POST"])
def plan_clone(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET: what cloning into the next fiscal year will do; POST: do it and show what was linked."""
    plan = get_plan_by_id_for_user(request.user, plan_id)
    if not is_coordinator(request.user, plan):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่จัดทำแผนปีถัดไปได้")
    if request.method == "POST":
        try:
            result = plan_clone_to_next_year(plan=plan, user=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            return render(request, "measures/planning/clone_result.html", {"plan": plan, "result": result})
    return render(request, "measures/planning/clone_confirm.html", {"plan": plan, "preview": plan_clone_preview(plan)})


@login_required
@require_http_methods(["GET", "POST"])
def plan_suggestions(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET: the suggested measures; POST (key, action accept / edit / dismiss): act on one."""
    plan = get_plan_by_id_for_user(request.user, plan_id)
    if not is_coordinator(request.user, plan):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่พิจารณามาตรการที่เสนอได้")
    here = reverse("measures:plan_suggestions", args=[plan.pk])
    if request.method == "POST":
        key = request.POST.get("key", "").strip()
        action = request.POST.get("action", "")
        if action not in SUGGESTION_ACTIONS:
            messages.error(request, "ไม่ทราบคำสั่ง กรุณาเลือกรับเป็นมาตรการ รับและแก้ไข หรือไม่รับ")
            return redirect(here)
        try:
            if action == "dismiss":
                suggestion_dismiss(plan=plan, key=key, user=request.user)
            else:
                measure = suggestion_accept(plan=plan, key=key, user=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect(here)
        if action == "dismiss":
            messages.success(request, "ไม่รับข้อเสนอแล้ว ระบบจะไม่เสนอรายการนี้อีกสำหรับแผนนี้")
            return redirect(here)
        messages.success(request, f"รับเป็นมาตรการแล้ว: {measure.title}")
        if action == "edit":
            return redirect("measures:measure_edit", measure.pk)
        return redirect(here)
    assessment = last_assessment_before(plan)
    accepted, dismissed = handled_suggestion_keys(plan)
    context = {
        "plan": plan,
        "assessment": assessment,
        "rating": assessment_rating(assessment) if assessment else None,
        "suggestions": suggestions_for_plan(plan, assessment=assessment) if assessment else [],
        "accepted_count": len(accepted),
        "dismissed_count": len(dismissed),
    }
    return render(request, "measures/planning/suggestions.html", context)
