"""The members page of an agency (its coordinator only) and the invitation page (anyone holding the link)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from assessments.models import Agency
from assessments.permissions import can_manage_results
from assessments.selectors import get_agency_for_user
from ita_portal.security import client_ip
from members import selectors, services
from members.forms import AcceptForm, InviteForm, MemberForm
from members.tables import MemberTable


def _agency_for_coordinator(request: HttpRequest, agency_id: int) -> Agency:
    """The agency if the user sees it (else 404) and is its coordinator (else 403)."""
    agency = get_agency_for_user(request.user, agency_id)
    if not can_manage_results(request.user, agency):
        raise PermissionDenied(services.COORDINATOR_ONLY)
    return agency


def _form_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_GET
def member_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency_for_coordinator(request, agency_id)
    table = MemberTable(selectors.members_of_agency(agency))
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "members/list.html", {"agency": agency, "table": table})


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency_for_coordinator(request, agency_id)
    form = InviteForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_invite(agency=agency, by=request.user, ip=client_ip(request), **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"ส่งคำเชิญไปที่ {form.cleaned_data['email']} แล้ว ลิงก์ใช้ได้ภายใน ๗๒ ชั่วโมง")
            return redirect("members:list", agency.pk)
    return render(request, "members/invite.html", {"agency": agency, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, agency_id: int, membership_id: int) -> HttpResponse:
    agency = _agency_for_coordinator(request, agency_id)
    membership = selectors.get_member_of_agency(agency, membership_id)
    initial = {
        "role": membership.role,
        "department": membership.department_id,
        "position_title": membership.position_title,
    }
    form = MemberForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(membership=membership, by=request.user, ip=client_ip(request), **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "บันทึกข้อมูลสมาชิกแล้ว")
            return redirect("members:list", agency.pk)
    context = {
        "agency": agency,
        "membership": membership,
        "form": form,
        "events": selectors.membership_events(membership)[:50],
        "is_self": membership.user_id == request.user.pk,
    }
    return render(request, "members/edit.html", context)


def _state_change(request: HttpRequest, agency_id: int, membership_id: int, *, deactivate: bool) -> HttpResponse:
    agency = _agency_for_coordinator(request, agency_id)
    membership = selectors.get_member_of_agency(agency, membership_id)
    change = services.member_deactivate if deactivate else services.member_reactivate
    try:
        change(membership=membership, by=request.user, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("members:edit", agency.pk, membership.pk)
    name = membership.user.get_full_name() or membership.user.get_username()
    messages.success(request, f"ระงับการใช้งานของ {name} แล้ว" if deactivate else f"เปิดใช้งานของ {name} อีกครั้งแล้ว")
    return redirect("members:list", agency.pk)


@login_required
@require_POST
def member_deactivate(request: HttpRequest, agency_id: int, membership_id: int) -> HttpResponse:
    return _state_change(request, agency_id, membership_id, deactivate=True)


@login_required
@require_POST
def member_reactivate(request: HttpRequest, agency_id: int, membership_id: int) -> HttpResponse:
    return _state_change(request, agency_id, membership_id, deactivate=False)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: name and password (a new account), or a confirmation (an existing one)."""
    try:
        invitation = services.invitation_lookup(token)
    except services.InvitationInvalid as exc:
        return render(request, "members/invitation_invalid.html", {"message": str(exc)}, status=404)
    membership = invitation.membership
    has_password = membership.user.has_usable_password()
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                token=token,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                ip=client_ip(request),
            )
        except services.InvitationInvalid as exc:
            return render(request, "members/invitation_invalid.html", {"message": str(exc)}, status=404)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if has_password:
                messages.success(request, f"เพิ่มคุณเป็นสมาชิกของ{membership.agency.full_name}แล้ว กรุณาเข้าสู่ระบบด้วยรหัสผ่านเดิม")
                return redirect("login")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"ยินดีต้อนรับสู่ ITA Portal ของ{membership.agency.full_name}")
            return redirect("home")
    context = {"invitation": invitation, "membership": membership, "form": form, "has_password": has_password}
    return render(request, "members/invitation.html", context)
