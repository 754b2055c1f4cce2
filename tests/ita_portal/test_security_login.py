"""Login throttling (django-axes): a username is locked out from one address after too many wrong passwords."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from ita_portal.env import env_int
from ita_portal.security import client_ip
from tests.factories import PASSWORD, MembershipFactory

LOGIN = reverse("login")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # 16.00 in Bangkok


@pytest.fixture(autouse=True)
def _throttling(settings):
    """The production defaults, whatever LOGIN_FAILURE_LIMIT / LOGIN_COOLOFF_MINUTES the test run has."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def somchai(db):
    return MembershipFactory(user__username="somchai").user


def log_in(client, username, password, ip="203.0.113.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="203.0.113.10"):
    """Wrong passwords: the form again ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"), and the lockout page from the 5th on."""
    statuses = [log_in(client, username, "wrong", ip).status_code for _ in range(times)]
    assert statuses == [200 if n < 5 else 429 for n in range(1, times + 1)]


def assert_logged_in(response):
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("home")


def test_the_sixth_attempt_after_five_wrong_passwords_is_refused_with_a_thai_page(client, somchai):
    with time_machine.travel(START, tick=False):
        fail(client, "somchai", 5)
        response = log_in(client, "somchai", PASSWORD)

    html = response.content.decode()
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in html
    assert "ไม่ถูกต้องติดต่อกันครบ ๕ ครั้ง" in html
    assert "กรุณาลองใหม่หลัง <strong>๒ มีนาคม ๒๕๖๙ เวลา ๑๖.๑๕ น.</strong> (อีกประมาณ ๑๕ นาที)" in html
    assert '<html lang="th">' in html
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_still_let_the_right_one_in(client, somchai):
    fail(client, "somchai", 4)
    assert_logged_in(log_in(client, "somchai", PASSWORD))


def test_another_username_from_the_same_address_is_not_locked(client, somchai):
    MembershipFactory(user__username="somsri")
    fail(client, "somchai", 5)
    assert_logged_in(log_in(client, "somsri", PASSWORD))


def test_the_same_username_from_another_address_is_not_locked(client, somchai):
    fail(client, "somchai", 5, ip="203.0.113.10")
    assert log_in(client, "somchai", PASSWORD, ip="203.0.113.10").status_code == 429
    assert_logged_in(log_in(client, "somchai", PASSWORD, ip="198.51.100.20"))


def test_after_the_cool_off_the_right_password_works_again(client, somchai):
    with time_machine.travel(START, tick=False):
        fail(client, "somchai", 5)
    with time_machine.travel(START + timedelta(minutes=14), tick=False):
        assert log_in(client, "somchai", PASSWORD).status_code == 429  # and the cool-off starts again
    with time_machine.travel(START + timedelta(minutes=14 + 16), tick=False):
        assert_logged_in(log_in(client, "somchai", PASSWORD))


def test_a_successful_login_resets_the_count(client, somchai):
    fail(client, "somchai", 4)
    assert_logged_in(log_in(client, "somchai", PASSWORD))
    client.post(reverse("logout"))
    fail(client, "somchai", 4)
    assert_logged_in(log_in(client, "somchai", PASSWORD))


def test_the_admin_login_is_throttled_too(client, somchai):
    somchai.is_staff = True
    somchai.save()
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "somchai", "password": "wrong"}, REMOTE_ADDR="203.0.113.10")
    response = client.post(url, {"username": "somchai", "password": PASSWORD}, REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()


def test_an_administrator_can_unlock_a_username_from_the_command_line(client, somchai):
    fail(client, "somchai", 5)
    assert log_in(client, "somchai", PASSWORD).status_code == 429
    call_command("axes_reset_username", "somchai", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_logged_in(log_in(client, "somchai", PASSWORD))


def test_the_lockout_is_listed_in_the_admin_where_it_can_be_deleted(client, somchai, django_user_model):
    fail(client, "somchai", 5)
    admin = django_user_model.objects.create_superuser("root", "root@example.go.th", "x")
    client.force_login(admin)
    html = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "somchai" in html and "203.0.113.10" in html


def test_behind_the_proxy_the_address_is_the_one_the_proxy_forwarded(settings):
    settings.BEHIND_TLS_PROXY = True
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"  # the right-most entry is the proxy's; 1.2.3.4 may be forged
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_without_the_proxy_a_forwarded_address_is_ignored(settings):
    settings.BEHIND_TLS_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.10", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "203.0.113.10"


def test_the_limits_come_from_the_environment_and_must_be_positive():
    assert env_int("LOGIN_FAILURE_LIMIT", 5, {"LOGIN_FAILURE_LIMIT": "10"}, minimum=1) == 10
    assert env_int("LOGIN_FAILURE_LIMIT", 5, {}, minimum=1) == 5
    with pytest.raises(ImproperlyConfigured, match="LOGIN_COOLOFF_MINUTES='0' must be at least 1"):
        env_int("LOGIN_COOLOFF_MINUTES", 15, {"LOGIN_COOLOFF_MINUTES": "0"}, minimum=1)
