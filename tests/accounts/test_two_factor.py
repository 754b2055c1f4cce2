"""Two-factor sign-in: set up with an authenticator app, verify with its code or a recovery code, required by role."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, twofactor
from tests.factories import PASSWORD, MembershipFactory, UserFactory

HOME = reverse("home")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
STATUS = reverse("accounts:two_factor")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _device(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator app and its recovery codes, made through the services."""
    pending = services.two_factor_start(user=user)
    return services.two_factor_confirm(user=user, token=_code(pending))


def _login(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["approver", "coordinator"]


def test_two_factor_is_required_when_configured(client, db, required):
    approver = MembershipFactory(role="approver").user
    _login(client, approver)

    assert client.get(HOME)["Location"] == SETUP  # no device yet: set one up first
    assert client.get(reverse("reports:inbox"))["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("logout")).status_code == 302

    _device(approver)
    _login(client, approver)
    response = client.get(HOME + "?all=1")
    assert response["Location"] == twofactor.verify_url(HOME + "?all=1")


def test_not_required_means_no_redirect(client, db, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["approver"]
    staff = MembershipFactory(role="staff").user
    _login(client, staff)
    assert client.get(HOME).status_code == 200
    settings.TWO_FACTOR_REQUIRED_ROLES = []
    approver = MembershipFactory(role="approver").user
    _login(client, approver)
    assert client.get(HOME).status_code == 200


def test_a_deactivated_membership_does_not_require_it(db, required):
    membership = MembershipFactory(role="approver", is_active=False)
    assert not twofactor.required_for(membership.user)
    MembershipFactory(user=membership.user, role="coordinator")
    assert twofactor.required_for(membership.user)


def test_setting_up_shows_the_secret_and_qr_then_ten_recovery_codes_once(client, db, required):
    user = MembershipFactory(role="coordinator").user
    _login(client, user)

    assert client.post(SETUP, {"action": "start"})["Location"] == SETUP
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert 'src="data:image/svg+xml;base64,' in page
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert secret == base64.b32encode(device.bin_key).decode()

    response = client.post(SETUP, {"token": _code(device)})

    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10 and set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(HOME).status_code == 200  # confirming counts as verifying
    assert "<code>" not in client.get(STATUS).content.decode()  # not shown again


def test_a_wrong_setup_code_is_refused_in_thai(client, db):
    user = UserFactory()
    client.force_login(user)
    client.post(SETUP, {"action": "start"})
    response = client.post(SETUP, {"token": "000000"})
    assert "รหัสไม่ถูกต้อง" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_totp_verification_with_a_code_from_the_app(client, db, required):
    user = MembershipFactory(role="approver").user
    device, _ = _device(user)
    _login(client, user)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=60), tick=False):
        response = client.post(VERIFY, {"token": _code(device), "next": reverse("reports:inbox")})
        assert response["Location"] == reverse("reports:inbox")
        assert client.get(HOME).status_code == 200


def test_thai_digits_and_spaces_in_the_code_are_accepted(client, db, required):
    user = MembershipFactory(role="approver").user
    device, _ = _device(user)
    _login(client, user)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=60), tick=False):
        code = _code(device).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        assert client.post(VERIFY, {"token": f"{code[:3]} {code[3:]}"})["Location"] == HOME


def test_a_wrong_code_is_refused_and_the_next_try_must_wait(client, db, required):
    user = MembershipFactory(role="approver").user
    device, _ = _device(user)
    _login(client, user)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=60), tick=False):
        wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
        assert "รหัสไม่ถูกต้อง" in client.post(VERIFY, {"token": wrong}).content.decode()
        refused = client.post(VERIFY, {"token": _code(device)})  # right, but within the throttle's second
        assert refused.status_code == 200 and "กรุณารอสักครู่" in refused.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=95), tick=False):
        assert client.post(VERIFY, {"token": _code(device)})["Location"] == HOME


def test_a_recovery_code_works_once(client, db, required):
    user = MembershipFactory(role="approver").user
    _, codes = _device(user)
    _login(client, user)
    assert client.post(VERIFY, {"token": codes[0].upper()})["Location"] == HOME
    assert client.get(HOME).status_code == 200

    client.post(reverse("logout"))
    _login(client, user)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5), tick=False):
        assert "รหัสไม่ถูกต้องหรือใช้ไปแล้ว" in client.post(VERIFY, {"token": codes[0]}).content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10), tick=False):
        assert client.post(VERIFY, {"token": codes[1]})["Location"] == HOME


def test_fresh_is_true_then_false_after_fifteen_minutes(client, db):
    user = UserFactory()
    device, _ = _device(user)
    client.force_login(user)
    start = timezone.now() + dt.timedelta(seconds=60)
    with time_machine.travel(start, tick=False):
        client.post(VERIFY, {"token": _code(device)})
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    user.is_verified = lambda: True  # OTPMiddleware's attribute, for a request made outside the middleware

    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert twofactor.verified_at(request) == start
        assert twofactor.fresh(request)
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert not twofactor.fresh(request)
        assert twofactor.fresh(request, minutes=20)
    user.is_verified = lambda: False
    assert twofactor.verified_at(request) is None  # a session whose OTP login is gone counts as never


def test_verify_url_returns_to_the_page(db):
    assert twofactor.verify_url("/agencies/1/memos/2/?x=1") == f"{VERIFY}?next=%2Fagencies%2F1%2Fmemos%2F2%2F%3Fx%3D1"


def test_verify_returns_only_to_a_page_of_the_portal(client, db):
    user = UserFactory()
    device, _ = _device(user)
    client.force_login(user)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=60), tick=False):
        assert client.post(VERIFY, {"token": _code(device), "next": "https://evil.example/"})["Location"] == HOME


def test_new_recovery_codes_need_a_fresh_second_factor(client, db):
    user = UserFactory()
    device, old_codes = _device(user)
    client.force_login(user)
    recovery = reverse("accounts:recovery_codes")
    assert client.post(recovery)["Location"] == twofactor.verify_url(STATUS)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=60), tick=False):
        client.post(VERIFY, {"token": _code(device)})
        response = client.post(recovery)
    new_codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert StaticToken.objects.filter(token__in=old_codes).count() == 0


def test_two_factor_cannot_be_turned_off_when_required(client, db, required):
    user = MembershipFactory(role="coordinator").user
    _, codes = _device(user)
    _login(client, user)
    client.post(VERIFY, {"token": codes[0]})
    response = client.post(reverse("accounts:two_factor_disable"), follow=True)
    assert "จึงปิดไม่ได้" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()


def test_two_factor_can_be_turned_off_when_not_required(client, db):
    user = UserFactory()
    _, codes = _device(user)
    client.force_login(user)
    client.post(VERIFY, {"token": codes[0]})
    client.post(reverse("accounts:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_the_two_factor_pages_are_for_logged_in_users(client, db):
    for url in (STATUS, SETUP, VERIFY):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_the_password_alone_cannot_put_another_phone_in_place_of_the_device(client, db, required):
    user = MembershipFactory(role="approver").user
    _, codes = _device(user)
    _login(client, user)

    assert client.get(SETUP)["Location"] == twofactor.verify_url(SETUP)
    assert client.post(SETUP, {"action": "start"})["Location"] == twofactor.verify_url(SETUP)
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()

    client.post(VERIFY, {"token": codes[0], "next": SETUP})
    assert client.post(SETUP, {"action": "start"})["Location"] == SETUP  # after a code, a new phone may be set up
    assert TOTPDevice.objects.filter(user=user, confirmed=False).exists()
