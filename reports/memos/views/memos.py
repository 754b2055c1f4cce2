"""The agency's memos, the memo form, the memo page with its approval chain and actions, the inbox.

A MemoConflict (someone acted or saved first) is shown in Thai on the page with status 409, never
as an error page; the services re-check everything, so the checks here only decide what to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import twofactor
from assessments.models import Agency
from assessments.permissions import can_manage_results
from assessments.selectors import get_agency_for_user
from reports.memos import services
from reports.memos.forms import ActForm, MemoForm, ReturnForm, SubmitForm
from reports.memos.selectors import agency_memos, get_memo_for_user, inbox_acting_for, inbox_for_user, memo_steps
from reports.memos.views.shared import form_errors, require_coordinator, service_request, with_current_position
from reports.memos.wording import document_label
from reports.models import GeneratedDocument, Memo, MemoStep

# --- the agency's memos ---------------------------------------------------------------------------


@login_required
@require_GET
def memo_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    memos = with_current_position(agency_memos(agency)).order_by("-created_at", "-pk")
    return render(
        request,
        "reports/memos/list.html",
        {"agency": agency, "memos": memos, "is_coordinator": can_manage_results(request.user, agency)},
    )


def _chosen_documents(request: HttpRequest, agency: Agency) -> list[GeneratedDocument]:
    """?documents=<id>&documents=<id>: the agency's finished documents among them (others are ignored)."""
    ids = [int(value) for value in request.GET.getlist("documents") if value.isdigit()]
    if not ids:
        return []
    return list(
        GeneratedDocument.objects.filter(agency=agency, status=GeneratedDocument.Status.DONE, pk__in=ids).order_by("pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def memo_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    require_coordinator(request, agency)
    if request.method == "POST":
        form = MemoForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                memo = services.memo_create(
                    agency=agency,
                    request=service_request(request),
                    data=form.to_data(),
                    documents=list(form.cleaned_data["documents"]),
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, "บันทึกร่างบันทึกข้อความแล้ว ตรวจทานแล้วกด “เสนอ” เพื่อส่งให้ผู้พิจารณา")
                return redirect("reports:memo", memo.pk)
    else:
        documents = _chosen_documents(request, agency)
        initial = services.memo_defaults(agency=agency, user=request.user, documents=documents)
        initial["documents"] = [d.pk for d in documents]
        form = MemoForm(initial=initial, agency=agency)
    return render(request, "reports/memos/form.html", {"agency": agency, "form": form, "memo": None})


@login_required
@require_http_methods(["GET", "POST"])
def memo_edit(request: HttpRequest, pk: int) -> HttpResponse:
    memo = get_memo_for_user(request.user, pk)
    agency = memo.agency
    require_coordinator(request, agency)
    conflict: services.MemoConflict | None = None
    if request.method == "GET" and not memo.is_editable:
        messages.error(request, "บันทึกข้อความนี้เสนอไปแล้ว แก้ไขไม่ได้ (แก้ไขได้เฉพาะร่าง หรือเมื่อถูกส่งกลับให้แก้ไข)")
        return redirect("reports:memo", memo.pk)
    if request.method == "POST":
        form = MemoForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                services.memo_update(
                    memo=memo,
                    request=service_request(request),
                    data=form.to_data(),
                    documents=list(form.cleaned_data["documents"]),
                    expected_version=form.cleaned_data.get("version") or 0,
                )
            except services.MemoConflict as exc:
                conflict = exc
                memo.refresh_from_db()
                # Keep what the user typed; the next save goes over the newer version on purpose.
                data = request.POST.copy()
                data["version"] = str(memo.version)
                form = MemoForm(data, agency=agency)
                form.is_valid()
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, "บันทึกการแก้ไขแล้ว")
                return redirect("reports:memo", memo.pk)
    else:
        form = MemoForm(initial=MemoForm.initial_for(memo), agency=agency)
    status = 409 if conflict else 200
    return render(
        request,
        "reports/memos/form.html",
        {"agency": agency, "form": form, "memo": memo, "conflict": conflict},
        status=status,
    )


# --- the memo page --------------------------------------------------------------------------------


@dataclass
class StepRow:
    """One step of one round as the memo page shows it."""

    step: MemoStep
    state: str  # done | returned | current | waiting | void
    person: str
    decision_label: str

    @property
    def state_label(self) -> str:
        return {
            "done": "พิจารณาแล้ว",
            "returned": "ส่งกลับให้แก้ไข",
            "current": "รอพิจารณา",
            "waiting": "ยังไม่ถึงขั้นนี้",
            "void": "ไม่ได้พิจารณา (ส่งกลับก่อนถึงขั้นนี้)",
        }[self.state]


@dataclass
class RoundRows:
    number: int
    outcome: str
    outcome_class: str
    rows: list[StepRow] = field(default_factory=list)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _rounds(memo: Memo) -> list[RoundRows]:
    """Every submission round, oldest first, with who did what when (the history stays visible)."""
    rounds = []
    for number, group in groupby(memo_steps(memo), key=lambda s: s.round):
        steps = list(group)
        latest = number == memo.round
        returned = any(s.returned for s in steps)
        rejected = any(s.decision == "reject" for s in steps)
        if returned:
            outcome, css = "ส่งกลับให้แก้ไข", "not_started"
        elif rejected:
            outcome, css = "ไม่อนุมัติ", "not_started"
        elif latest and memo.status == Memo.Status.SUBMITTED:
            outcome, css = "อยู่ระหว่างพิจารณา", "in_progress"
        elif latest and memo.status == Memo.Status.APPROVED:
            outcome, css = "พิจารณาครบแล้ว", "done"
        else:
            outcome, css = "", "missing"
        item = RoundRows(number, outcome, css)
        for step in steps:
            if step.returned:
                state = "returned"
            elif step.acted_at is not None:
                state = "done"
            elif latest and memo.status == Memo.Status.SUBMITTED and step.order == memo.current_step:
                state = "current"
            elif latest and memo.status == Memo.Status.SUBMITTED:
                state = "waiting"
            else:
                state = "void"
            if step.acted_at is not None:
                person = step.acted_name or _name(step.acted_by)
            else:
                person = _name(step.user) or f"ผู้ดำรงตำแหน่ง{step.position_title}"
            label = "" if step.returned else (step.decision_text or services.DECISION_LABELS.get(step.decision, ""))
            item.rows.append(StepRow(step, state, person, label))
        rounds.append(item)
    return rounds


def _verify_url(memo: Memo) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("reports:memo_verify", args=[memo.verify_token])


def _final_context(request: HttpRequest, memo: Memo) -> dict[str, Any]:
    return {
        "memo": memo,
        "is_coordinator": can_manage_results(request.user, memo.agency),
        "final_stale": services.memo_final_is_stale(memo),
        "verify_url": _verify_url(memo),
    }


def _memo_context(
    request: HttpRequest,
    memo: Memo,
    *,
    act_form: ActForm | None = None,
    return_form: ReturnForm | None = None,
    submit_form: SubmitForm | None = None,
    conflict: services.MemoConflict | None = None,
) -> dict[str, Any]:
    step = services.current_step(memo)
    acting = services.may_act(request.user, step)
    if acting:
        assert step is not None
        act_form = act_form or ActForm(step=step)
        return_form = return_form or ReturnForm(step=step)
    documents = list(memo.documents.order_by("pk"))
    for document in documents:
        document.label = document_label(document)  # type: ignore[attr-defined]
    draft_steps = list(memo.chain.steps.select_related("user").order_by("order")) if not memo.round else []
    return {
        **_final_context(request, memo),
        "agency": memo.agency,
        "step": step,
        "acting": acting,
        "act_form": act_form if acting else None,
        "return_form": return_form if acting else None,
        "acting_for": services.acting_stand_in(request.user, step) if acting else None,
        "submit_form": submit_form or SubmitForm(),
        "conflict": conflict,
        "documents": documents,
        "rounds": _rounds(memo),
        "draft_steps": draft_steps,
        "events": list(memo.events.select_related("user").order_by("at", "pk")),
    }


@login_required
@require_GET
def memo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    memo = get_memo_for_user(request.user, pk)
    if request.htmx and request.htmx.target == "memo-final":
        return render(request, "reports/memos/_final.html", _final_context(request, memo))
    return render(request, "reports/memos/detail.html", _memo_context(request, memo))


@login_required
@require_POST
def memo_submit(request: HttpRequest, pk: int) -> HttpResponse:
    memo = get_memo_for_user(request.user, pk)
    require_coordinator(request, memo.agency)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/memos/detail.html", _memo_context(request, memo, submit_form=form), status=400)
    try:
        memo = services.memo_submit(
            memo=memo, request=service_request(request), comment=form.cleaned_data.get("comment", "")
        )
    except (services.MemoConflict, ValidationError) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"เสนอบันทึกข้อความที่ {memo.number_text} แล้ว")
    return redirect("reports:memo", memo.pk)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _refused(request: HttpRequest, memo: Memo, conflict: services.MemoConflict) -> HttpResponse:
    """The memo as it is now, with the Thai reason the click was not recorded (a stale tab, a double click)."""
    memo.refresh_from_db()
    return render(request, "reports/memos/detail.html", _memo_context(request, memo, conflict=conflict), status=409)


RESUBMITTED = "บันทึกข้อความนี้ถูกส่งกลับและเสนอใหม่แล้วหลังจากที่ท่านเปิดหน้านี้ กรุณาอ่านฉบับปัจจุบันก่อนพิจารณา"
NOT_CURRENT = "ขั้นนี้ไม่ใช่ขั้นที่รอพิจารณาอยู่ หรือมีการพิจารณาไปแล้ว"


def _posted_step(memo: Memo, prefix: str, request: HttpRequest) -> MemoStep:
    """The step the form was made for (its hidden round and order); the service re-checks it in its transaction.

    The round matters: after a return and a resubmission, a tab opened on the old round must not act on
    the new text, although the step's order is the same.
    """
    order, round_ = (request.POST.get(f"{prefix}-{name}", "") for name in ("step_order", "round"))
    if not (order.isdigit() and round_.isdigit()):
        raise services.MemoConflict(NOT_CURRENT)
    if int(round_) != memo.round:
        raise services.MemoConflict(RESUBMITTED)
    step = MemoStep.objects.filter(memo=memo, round=memo.round, order=int(order)).first()
    if step is None:
        raise services.MemoConflict(NOT_CURRENT)
    return step


def _step_decision(
    request: HttpRequest,
    pk: int,
    *,
    prefix: str,
    form_class: type[ActForm] | type[ReturnForm],
    decide: Callable[[Memo, Any, dict[str, Any]], Memo],
    done: Callable[[MemoStep], str],
) -> HttpResponse:
    """Approve or return the current step: the posted step must be the current one, and the user its approver.

    Where the deployment requires a second factor of the user, it must have been confirmed within the
    last 15 minutes: otherwise nothing is recorded and the user confirms it first, then comes back here.
    """
    memo = get_memo_for_user(request.user, pk)
    second_factor = twofactor.fresh(request)
    if twofactor.required_for(request.user) and not second_factor:
        messages.error(request, "กรุณายืนยันตัวตนสองขั้นตอนอีกครั้งก่อนพิจารณา (ต้องยืนยันภายใน ๑๕ นาทีก่อนลงนาม)")
        return redirect(twofactor.verify_url(reverse("reports:memo", args=[memo.pk]) + "#act"))
    try:
        step = _posted_step(memo, prefix, request)
        form = form_class(request.POST, step=step)
        if form.is_valid():
            try:
                memo = decide(memo, service_request(request), form.cleaned_data | {"second_factor": second_factor})
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, done(step))
                return redirect("reports:memo", memo.pk)
    except services.MemoConflict as exc:
        return _refused(request, memo, exc)
    if not services.may_act(request.user, services.current_step(memo)):
        raise PermissionDenied("คุณไม่ใช่ผู้พิจารณาของขั้นนี้")
    return render(request, "reports/memos/detail.html", _memo_context(request, memo, **{f"{prefix}_form": form}))


@login_required
@require_POST
def memo_act(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_decision(
        request,
        pk,
        prefix="act",
        form_class=ActForm,
        decide=lambda memo, who, data: services.memo_act(
            memo=memo,
            step_order=data["step_order"],
            request=who,
            decision=data["decision"],
            comment=data["comment"],
            decision_text=data["decision_text"],
            second_factor=data["second_factor"],
        ),
        done=lambda step: f"บันทึกการพิจารณาของ{step.position_title}แล้ว",
    )


@login_required
@require_POST
def memo_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_decision(
        request,
        pk,
        prefix="return",
        form_class=ReturnForm,
        decide=lambda memo, who, data: services.memo_return(
            memo=memo,
            step_order=data["step_order"],
            request=who,
            reason=data["reason"],
            words=data["decision_text"],
            second_factor=data["second_factor"],
        ),
        done=lambda step: "ส่งบันทึกข้อความกลับให้ผู้เสนอแก้ไขแล้ว",
    )


# --- the inbox ------------------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    memos = list(with_current_position(inbox_for_user(request.user)))
    acting_for = inbox_acting_for(request.user, memos)
    for memo in memos:
        memo.acting_for = acting_for.get(memo.pk)  # type: ignore[attr-defined]
    return render(request, "reports/memos/inbox.html", {"memos": memos})
