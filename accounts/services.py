"""Writes about a person's own account: a password someone else set, the agency they work in, two-factor devices.

Each service checks what it may do itself; the views only collect the input. The security events go to the
"accounts" log (the login throttling of django-axes keeps its own).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.models import Profile
from accounts.selectors import pickable_agencies
from assessments.models import Agency

log = logging.getLogger("accounts")

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "แอปยืนยันตัวตน"
RECOVERY_NAME = "รหัสสำรอง"


def password_set_by_other(*, user: Any, by: Any) -> None:
    """Someone else (an administrator) set this user's password: they must choose their own at the next login."""
    if by is not None and by.pk == user.pk:
        return
    Profile.objects.update_or_create(user=user, defaults={"must_change_password": True})
    log.info("password of %s set by %s: must change at next login", user.pk, getattr(by, "pk", None))


def password_changed_by_owner(*, user: Any) -> None:
    """The user chose their own password (change page or a reset link): no longer forced to change it."""
    Profile.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
    log.info("password of %s changed by its owner", user.pk)


def profile_pick_agency(*, user: Any, agency_id: Any) -> Agency | None:
    """Record the agency the user works in; only an agency of one of their active memberships may be picked.

    An empty choice ("ทุกหน่วยงาน") forgets the pick; None is returned.
    """
    text = str(agency_id or "").strip()
    if not text:
        Profile.objects.filter(user=user).exclude(agency=None).update(agency=None)
        return None
    # Digits only, and short enough for a bigint: PostgreSQL refuses a larger number with an error.
    agency = (
        pickable_agencies(user).filter(pk=int(text)).first()
        if text.isascii() and text.isdigit() and len(text) < 19
        else None
    )
    if agency is None:
        raise ValidationError("เลือกได้เฉพาะหน่วยงานที่ท่านเป็นสมาชิกอยู่")
    Profile.objects.update_or_create(user=user, defaults={"agency": agency})
    return agency


# --- two-factor ------------------------------------------------------------------------------------


def totp_device(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).order_by("-pk").first()


def two_factor_start(*, user: Any) -> TOTPDevice:
    """A new secret for the authenticator app, unconfirmed until the user types a code it shows."""
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def two_factor_confirm(*, user: Any, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending secret with a code from the app; it replaces any earlier one. Returns the recovery codes."""
    device = totp_device(user, confirmed=False)
    if device is None:
        raise ValidationError("ยังไม่ได้เริ่มตั้งค่า กรุณากด “เริ่มตั้งค่า” อีกครั้ง")
    # The failure count a wrong code adds must be kept: the check commits before anything is refused.
    problem = _check(device, _digits(token))
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
    log.info("two-factor set up by %s", user.pk)
    return device, codes


def recovery_codes_regenerate(*, user: Any) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Only for a user with a confirmed authenticator app."""
    if totp_device(user) is None:
        raise PermissionDenied("ยังไม่ได้ตั้งค่าการยืนยันตัวตนสองขั้นตอน")
    with transaction.atomic():
        codes = _new_recovery_codes(user)
    log.info("recovery codes of %s regenerated", user.pk)
    return codes


def two_factor_disable(*, user: Any) -> None:
    """Remove the user's devices; refused when the deployment requires a second factor of them."""
    if twofactor.required_for(user):
        raise PermissionDenied("บทบาทของท่านต้องใช้การยืนยันตัวตนสองขั้นตอน จึงปิดไม่ได้")
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()
        StaticDevice.objects.devices_for_user(user, confirmed=None).delete()
    log.info("two-factor turned off by %s", user.pk)


def _new_recovery_codes(user: Any) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(token: str) -> str:
    """Thai digits and spaces as people may type them from the phone ('๑๒๓ ๔๕๖')."""
    return token.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")).replace(" ", "").strip()


def verify_second_factor(*, request: Any, token: str) -> None:
    """Check a code from the app or a recovery code against the user's devices; on success record it in the session."""
    user = request.user
    code = _digits(token)
    app, recovery = totp_device(user), StaticDevice.objects.filter(user=user, confirmed=True).first()
    if app is None and recovery is None:
        raise ValidationError("ยังไม่ได้ตั้งค่าการยืนยันตัวตนสองขั้นตอน")
    # Six digits are the app's code; anything else a recovery code (letters and digits, lower case).
    device = app if app is not None and ((len(code) == 6 and code.isdigit()) or recovery is None) else recovery
    if device is recovery:
        code = code.lower()
    problem = _check(device, code)
    if problem:
        log.info("second factor refused for %s", user.pk)
        raise ValidationError(problem)
    twofactor.mark_verified(request, device)


def _check(device: Any, code: str) -> str:
    """Verify a code on a device under its row lock (django-otp's own throttling); the Thai problem, or ''."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, _ = locked.verify_is_allowed()
        if not allowed:
            return "ใส่รหัสผิดหลายครั้ง กรุณารอสักครู่แล้วลองใหม่"
        if not locked.verify_token(code):
            return "รหัสไม่ถูกต้องหรือใช้ไปแล้ว กรุณาลองใหม่"
    device.refresh_from_db()
    return ""
