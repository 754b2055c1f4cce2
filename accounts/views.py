"""The account pages: password change and reset, the agency picker, two-factor sign-in."""

from __future__ import annotations

import base64
import io
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_otp.qr import write_qrcode_image

from accounts import services, session, throttle, twofactor
from accounts.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm, TokenForm
from ita_portal import thai
from ita_portal.security import client_ip

log = logging.getLogger("accounts")


def _next(request: HttpRequest, default: str = "home") -> str:
    """The local page to return to (?next= or the form's next), else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


# --- passwords --------------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed_by_owner(user=form.user)
        self.request.session[session.MUST_CHANGE] = False
        messages.success(self.request, "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว")
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"forced": session.must_change_password(self.request)}


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    form_class = PasswordResetForm
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        # Same answer whatever happens below: a mail sent, no such address, or over the hourly limit.
        if not throttle.reset_allowed(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            log.warning("password reset throttled for a request from %s", client_ip(self.request))
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "validity": _duration_text(settings.PASSWORD_RESET_TIMEOUT),
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("home")
    post_reset_login = True
    # Two backends are configured (django-axes first); the login after a reset is the model backend's.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed_by_owner(user=form.user)
        self.request.session[session.MUST_CHANGE] = False
        messages.success(self.request, "ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว และเข้าสู่ระบบให้แล้ว")
        return response


# --- the agency a member of several agencies works in -----------------------------------------------


@login_required
@require_POST
def agency_pick(request: HttpRequest) -> HttpResponse:
    try:
        agency = services.profile_pick_agency(user=request.user, agency_id=request.POST.get("agency"))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        session.remember(request, request.user)
        messages.success(request, f"ทำงานในนาม{agency.full_name}" if agency else "แสดงทุกหน่วยงานของท่าน")
    return redirect(_next(request))


# --- two-factor sign-in -----------------------------------------------------------------------------


@login_required
@require_GET
def two_factor(request: HttpRequest) -> HttpResponse:
    """Status: set up or not, how many recovery codes are left, and what the user may do."""
    from django_otp.plugins.otp_static.models import StaticToken

    context = {
        "device": services.totp_device(request.user),
        "required": twofactor.required_for(request.user),
        "codes_left": StaticToken.objects.filter(device__user=request.user).count(),
        "verified_at": twofactor.verified_at(request),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Start (POST action=start), show the secret and QR code, and confirm with a code from the app.

    Replacing a device already set up needs a code from it (or a recovery code) within 15 minutes: the
    password alone must not be enough to put another phone in its place.
    """
    if twofactor.has_device(request.user) and not twofactor.fresh(request):
        return redirect(twofactor.verify_url(reverse("accounts:two_factor_setup")))
    pending = services.totp_device(request.user, confirmed=False)
    form = TokenForm()
    if request.method == "POST":
        if request.POST.get("action") == "start":
            services.two_factor_start(user=request.user)
            return redirect("accounts:two_factor_setup")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                device, codes = services.two_factor_confirm(user=request.user, token=form.cleaned_data["token"])
            except ValidationError as exc:
                form.add_error("token", exc.messages[0])
            else:
                twofactor.mark_verified(request, device)
                return render(request, "accounts/recovery_codes.html", {"codes": codes, "first_time": True})
    context = {"pending": pending, "form": form, "required": twofactor.required_for(request.user)}
    if pending is not None:
        context |= {"secret": _grouped_secret(pending), "qr": _qr_data_uri(pending.config_url)}
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code from the app or a recovery code; then back to ?next=."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_second_factor(request=request, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.messages[0])
        else:
            return redirect(_next(request))
    context = {"form": form, "next": _next(request), "has_device": twofactor.has_device(request.user)}
    return render(request, "accounts/two_factor_verify.html", context)


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes, shown once; asks for a second factor confirmed within 15 minutes first."""
    if not twofactor.has_device(request.user):
        messages.error(request, "ยังไม่ได้ตั้งค่าการยืนยันตัวตนสองขั้นตอน")
        return redirect("accounts:two_factor")
    if not twofactor.fresh(request):
        return redirect(twofactor.verify_url(reverse("accounts:two_factor")))
    try:
        codes = services.recovery_codes_regenerate(user=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("accounts:two_factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first_time": False})


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if twofactor.has_device(request.user) and not twofactor.fresh(request):
        return redirect(twofactor.verify_url(reverse("accounts:two_factor")))
    try:
        services.two_factor_disable(user=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        request.session.pop(twofactor.SESSION_KEY, None)
        messages.success(request, "ปิดการยืนยันตัวตนสองขั้นตอนแล้ว")
    return redirect("accounts:two_factor")


def _duration_text(seconds: int) -> str:
    """'๓ วัน', '๑๒ ชั่วโมง' or '๔๕ นาที': how long a reset link works, in the unit it was set in."""
    for unit, name in ((86400, "วัน"), (3600, "ชั่วโมง"), (60, "นาที")):
        if seconds >= unit and seconds % unit == 0:
            return f"{thai.thai_digits(seconds // unit)} {name}"
    return f"{thai.thai_digits(max(1, seconds // 60))} นาที"


def _grouped_secret(device: Any) -> str:
    """The base32 secret in groups of four, as people type it into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_data_uri(url: str) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (the CSP allows data: images, no inline SVG styles)."""
    out = io.BytesIO()
    write_qrcode_image(url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()
