"""Approval chains: the coordinator lists, creates and edits the ordered steps (a formset that works without JS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.models import Agency
from assessments.selectors import agencies_for_user, get_agency_for_user
from reports.memos import chains as chain_services
from reports.memos.forms import ChainForm, StepFormSet, chain_initial
from reports.memos.services import DECISION_LABELS
from reports.memos.views.shared import CHAINS_COORDINATOR_ONLY, form_errors, require_coordinator, service_request
from reports.models import ApprovalChain

# --- approval chains ------------------------------------------------------------------------------


def _get_chain_for_user(request: HttpRequest, pk: int) -> ApprovalChain:
    """The chain if the user may see its agency (404 otherwise) and manages it (403 otherwise)."""
    chain = (
        ApprovalChain.objects.filter(agency__in=agencies_for_user(request.user), pk=pk).select_related("agency").first()
    )
    if chain is None:
        raise Http404("ไม่พบสายการอนุมัติ")
    require_coordinator(request, chain.agency, CHAINS_COORDINATOR_ONLY)
    return chain


@login_required
@require_GET
def chain_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    require_coordinator(request, agency, CHAINS_COORDINATOR_ONLY)
    chains = list(agency.approval_chains.prefetch_related("steps__user").order_by("-is_default", "name"))
    for chain in chains:
        for step in chain.steps.all():
            step.decision_text = ", ".join(DECISION_LABELS.get(d, d) for d in step.decisions)  # type: ignore[attr-defined]
    return render(request, "reports/memos/chains.html", {"agency": agency, "chains": chains})


def _chain_form_page(request: HttpRequest, agency: Agency, chain: ApprovalChain | None) -> HttpResponse:
    show_errors = True
    if request.method == "POST":
        data = request.POST.copy()
        adding = "add_step" in data
        if adding:  # "เพิ่มขั้น" without JavaScript: the same page with one more empty step
            total = data.get("steps-TOTAL_FORMS", "")
            data["steps-TOTAL_FORMS"] = str(min(int(total) + 1, 20) if total.isdigit() else 1)
        form = ChainForm(data, agency=agency, chain=chain)
        formset = StepFormSet(data, prefix="steps", agency=agency, chain=chain)
        if adding:
            show_errors = False
        elif form.is_valid() and formset.is_valid():
            try:
                saved = chain_services.chain_save(
                    agency=agency,
                    request=service_request(request),
                    name=form.cleaned_data["name"],
                    steps=formset.steps(),
                    chain=chain,
                    remind_after_days=form.cleaned_data["remind_after_days"] or 3,
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, f"บันทึกสายการอนุมัติ “{saved.name}” แล้ว")
                return redirect("reports:chains", agency.pk)
    else:
        first = not agency.approval_chains.exists()
        name = chain.name if chain else ("สายการอนุมัติบันทึกข้อความ" if first else "")
        days = chain.remind_after_days if chain else 3
        form = ChainForm(initial={"name": name, "remind_after_days": days}, agency=agency, chain=chain)
        # A new chain starts from the agency type's usual positions (the coordinator edits or deletes them).
        initial = chain_initial(chain) if chain else chain_services.suggested_steps(agency)
        formset = StepFormSet(prefix="steps", agency=agency, chain=chain, initial=initial)
    return render(
        request,
        "reports/memos/chain_form.html",
        {"agency": agency, "chain": chain, "form": form, "formset": formset, "show_errors": show_errors},
    )


@login_required
@require_http_methods(["GET", "POST"])
def chain_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    require_coordinator(request, agency, CHAINS_COORDINATOR_ONLY)
    return _chain_form_page(request, agency, None)


@login_required
@require_http_methods(["GET", "POST"])
def chain_edit(request: HttpRequest, pk: int) -> HttpResponse:
    chain = _get_chain_for_user(request, pk)
    return _chain_form_page(request, chain.agency, chain)
