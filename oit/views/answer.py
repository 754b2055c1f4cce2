"""One O-item's answer: what it requires, filling, assigning, the coordinator's check, links, evidence, history.

Each form posts to its own URL and, when it does not go through, the whole answer page is shown again
with that form as the person filled it in (a stale save shows the Thai conflict message and keeps the input).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ita_portal import thai
from ita_portal.downloads import uploaded_file_response
from measures.evidence import INLINE_TYPES
from measures.services import EditConflict
from oit import services, tasks
from oit.forms import AssignForm, CheckForm, EvidenceForm, FillForm
from oit.models import Answer, Link
from oit.permissions import can_fill_answer, is_oit_coordinator
from oit.readiness import counts_as_ready, why_not_ready
from oit.selectors import answer_history, get_answer_evidence_for_user, get_answer_for_user
from oit.services import answer_assign, answer_check, answer_fill

NOT_ASSIGNED = "ท่านไม่ได้รับมอบหมายให้จัดทำข้อนี้ (จัดทำได้เฉพาะข้อของส่วนราชการของท่าน)"
ONLY_COORDINATOR = "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่{}ได้"


@require_safe
@login_required
def answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer_for_user(request.user, pk)
    return _answer_page(request, answer)


@require_POST
@login_required
def answer_fill_view(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer_for_user(request.user, pk)
    if not can_fill_answer(request.user, answer):
        raise PermissionDenied(NOT_ASSIGNED)
    coordinator = is_oit_coordinator(request.user, answer.workspace)
    return _submit(
        request,
        answer,
        name="fill",
        make_form=lambda data: FillForm(data, answer=answer, coordinator=coordinator),
        save=lambda form: answer_fill(
            answer=answer, user=request.user, data=form.to_data(), expected_version=form.cleaned_data["version"]
        ),
        done=lambda form: f"บันทึกคำตอบข้อ {answer.item.code} แล้ว",
    )


@require_POST
@login_required
def answer_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer_for_user(request.user, pk)
    if not is_oit_coordinator(request.user, answer.workspace):
        raise PermissionDenied(ONLY_COORDINATOR.format("มอบหมายงาน"))
    return _submit(
        request,
        answer,
        name="assign",
        make_form=lambda data: AssignForm(data, answer=answer),
        save=lambda form: answer_assign(
            answer=answer, user=request.user, data=form.to_data(), expected_version=form.cleaned_data["version"]
        ),
        done=lambda form: f"บันทึกการมอบหมายข้อ {answer.item.code} แล้ว",
    )


@require_POST
@login_required
def answer_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer_for_user(request.user, pk)
    if not is_oit_coordinator(request.user, answer.workspace):
        raise PermissionDenied(ONLY_COORDINATOR.format("ตรวจคำตอบ"))
    return _submit(
        request,
        answer,
        name="check",
        make_form=CheckForm,
        save=lambda form: answer_check(
            answer=answer,
            user=request.user,
            result=form.cleaned_data["result"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        ),
        done=lambda form: f"บันทึกผลการตรวจข้อ {answer.item.code}: {Answer.Check(form.cleaned_data['result']).label}",
    )


def _submit(
    request: HttpRequest,
    answer: Answer,
    *,
    name: str,
    make_form: Callable[[Any], forms.Form],
    save: Callable[[Any], object],
    done: Callable[[Any], str],
) -> HttpResponse:
    """The answer page's forms share one shape: validate, save with the version the person saw, and on a
    stale save show the page again with their input kept and the Thai conflict message."""
    form = make_form(request.POST)
    if form.is_valid():
        try:
            save(form)
        except EditConflict as exc:
            form = make_form(_with_version(request.POST, exc.version))
            form.is_valid()
            return _answer_page(request, answer, **{f"{name}_form": form}, conflict=exc, conflict_in=name)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done(form))
            return redirect("oit:answer", answer.pk)
    return _answer_page(request, answer, **{f"{name}_form": form})


@require_POST
@login_required
def answer_check_links(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer_for_user(request.user, pk)
    if not can_fill_answer(request.user, answer):
        raise PermissionDenied(NOT_ASSIGNED)
    tasks.check_answer_links.delay(answer.pk)
    messages.success(request, f"ส่งตรวจลิงก์ของข้อ {answer.item.code} แล้ว ผลจะแสดงเมื่อตรวจเสร็จ")
    return redirect("oit:answer", answer.pk)


@require_POST
@login_required
def answer_evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer_for_user(request.user, pk)
    if not can_fill_answer(request.user, answer):
        raise PermissionDenied(NOT_ASSIGNED)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        names = services.answer_evidence_add(answer=answer, user=request.user, files=form.cleaned_data["files"])
        messages.success(request, f"แนบหลักฐานข้อ {answer.item.code} แล้ว {thai.thai_digits(len(names))} ไฟล์")
        return redirect("oit:answer", answer.pk)
    return _answer_page(request, answer, evidence_form=form)


@require_safe
@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only for members of its agency (and its overseer); never rendered as a web page."""
    evidence = get_answer_evidence_for_user(request.user, pk)
    return uploaded_file_response(
        evidence.file,
        content_type=evidence.content_type,
        original_name=evidence.original_name,
        inline=evidence.content_type in INLINE_TYPES,
    )


# --- helpers ---------------------------------------------------------------------------------------


def _answer_page(
    request: HttpRequest,
    answer: Answer,
    *,
    fill_form: FillForm | None = None,
    assign_form: AssignForm | None = None,
    check_form: CheckForm | None = None,
    evidence_form: EvidenceForm | None = None,
    conflict: EditConflict | None = None,
    conflict_in: str = "",
) -> HttpResponse:
    """The answer page; a form passed in (bound, with its errors) replaces the fresh one."""
    answer = (
        Answer.objects.select_related(
            "workspace__agency", "workspace__framework", "item__indicator", "item__sub_indicator", "responsible",
            "checked_by", "updated_by",
        )
        .prefetch_related("departments", "evidence", Prefetch("links", queryset=Link.objects.order_by("order", "pk")))
        .get(pk=answer.pk)
    )  # fmt: skip
    user = request.user
    coordinator = is_oit_coordinator(user, answer.workspace)
    can_fill = can_fill_answer(user, answer)
    context: dict[str, Any] = {
        "answer": answer,
        "workspace": answer.workspace,
        "agency": answer.workspace.agency,
        "item": answer.item,
        "links": list(answer.links.all()),
        "evidence": list(answer.evidence.all()),
        "history": answer_history(answer),
        "is_coordinator": coordinator,
        "can_fill": can_fill,
        "ready": counts_as_ready(answer),
        "why_not_ready": why_not_ready(answer),
        "conflict": conflict,
        "conflict_in": conflict_in,
    }
    if can_fill:
        context["fill_form"] = fill_form or FillForm(
            initial=FillForm.initial_for(answer), answer=answer, coordinator=coordinator
        )
        context["evidence_form"] = evidence_form or EvidenceForm()
    if coordinator:
        context["assign_form"] = assign_form or AssignForm(initial=AssignForm.initial_for(answer), answer=answer)
        context["check_form"] = check_form or CheckForm(initial=CheckForm.initial_for(answer))
    return render(request, "oit/answer.html", context)


def _with_version(post: Any, version: int) -> Any:
    data = post.copy()
    data["version"] = str(version)
    return data
