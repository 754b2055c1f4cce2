"""How long a login lasts: SESSION_COOKIE_AGE from the moment of logging in, on the cookie and on the server."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory

START = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)  # 08.30 in Bangkok


@pytest.fixture
def somchai(db, settings):
    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    return MembershipFactory(user__username="somchai").user


def test_the_session_cookie_lasts_session_cookie_age(client, somchai):
    response = client.post(reverse("login"), {"username": "somchai", "password": PASSWORD})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 2 * 60 * 60
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_login_ends_after_session_cookie_age_even_if_it_was_used_meanwhile(client, somchai):
    with time_machine.travel(START, tick=False):
        client.post(reverse("login"), {"username": "somchai", "password": PASSWORD})
    with time_machine.travel(START + timedelta(hours=1, minutes=59), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(START + timedelta(hours=2, minutes=1), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
