"""The bell, the list, mark read and the choices: owner, other person, anonymous; no JavaScript needed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import Notification, Preference
from notifications.services import notify
from tests.factories import MembershipFactory, UserFactory
from tests.notifications.conftest import link_line


@pytest.fixture
def owner(db):
    user = UserFactory(username="owner", email="owner@example.go.th")
    MembershipFactory(user=user)
    return user


@pytest.fixture
def other(db):
    user = UserFactory(username="other", email="other@example.go.th")
    MembershipFactory(user=user)
    return user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def message(user, n: int = 1, url: str = "/measures/1/") -> Notification:
    notify(user=user, kind="reminders", occasion=f"view:{n}", title=f"เรื่องที่ {n} ของ{user.username}", url=url)
    return Notification.objects.get(user=user, occasion=f"view:{n}")


def test_the_bell_shows_the_unread_count_in_thai_digits(owner):
    for n in range(1, 4):
        message(owner, n)
    html = client_for(owner).get(reverse("home")).content.decode()
    assert 'href="/notifications/"' in html and ">๓</span>" in html


def test_the_bell_costs_one_query_and_nothing_for_visitors(owner, rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from notifications.context import bell

    request = rf.get("/")
    request.user = owner
    message(owner)
    with django_assert_num_queries(0):
        context = bell(request)  # not shown, not counted
    with django_assert_num_queries(1):
        assert str(context["notification_unread_count"]) == "1"
        assert context["notification_unread_count"]  # the second use does not count again
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert bell(request) == {}


def test_the_list_shows_only_the_owners_notifications(owner, other):
    message(owner)
    message(other)
    html = client_for(owner).get(reverse("notifications:list")).content.decode()
    assert "เรื่องที่ 1 ของowner" in html and "ของother" not in html
    assert 'action="/notifications/' in html  # mark read is a form: works without JavaScript


def test_the_list_asks_visitors_to_log_in(db):
    response = client_for(None).get(reverse("notifications:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_owner_marks_one_read_and_is_taken_to_the_thing(owner):
    notification = message(owner, url="/measures/7/")
    response = client_for(owner).post(reverse("notifications:read", args=[notification.pk]), {"next": notification.url})
    assert response.status_code == 302 and response["Location"] == "/measures/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_refuses_another_persons_notification_with_a_404(owner, other):
    notification = message(other)
    assert client_for(owner).post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_asks_visitors_to_log_in_and_refuses_get(owner):
    notification = message(owner)
    url = reverse("notifications:read", args=[notification.pk])
    assert client_for(None).post(url)["Location"].startswith(reverse("login"))
    assert client_for(owner).get(url).status_code == 405


def test_next_leading_off_the_site_goes_to_the_list_instead(owner):
    notification = message(owner)
    response = client_for(owner).post(
        reverse("notifications:read", args=[notification.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("notifications:list")


def test_read_all_marks_only_the_owners(owner, other):
    message(owner, 1)
    message(owner, 2)
    theirs = message(other)
    client_for(owner).post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_filter_leaves_out_what_was_read(owner):
    read = message(owner, 1)
    message(owner, 2)
    client_for(owner).post(reverse("notifications:read", args=[read.pk]))
    html = client_for(owner).get(reverse("notifications:list") + "?unread=1").content.decode()
    assert "เรื่องที่ 2" in html and "เรื่องที่ 1" not in html


def test_preferences_start_with_in_app_and_e_mail_on_and_save_per_kind_and_channel(owner, other):
    client = client_for(owner)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert page.count("checked") == 6 and "LINE" not in page.split("<table")[1].split("</table>")[0]
    response = client.post(reverse("notifications:preferences"), {"reminders__inapp": "on", "approvals__email": "on"})
    assert response.status_code == 302
    saved = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=owner)}
    assert saved[("reminders", "inapp")] and saved[("approvals", "email")]
    assert not saved[("reminders", "email")] and not saved[("digests", "inapp")]
    assert not Preference.objects.filter(user=other).exists()
    notify(user=owner, kind="reminders", occasion="after", title="หลังตั้งค่า")
    assert mail.outbox == []


def test_preferences_ask_visitors_to_log_in(db):
    assert client_for(None).get(reverse("notifications:preferences"))["Location"].startswith(reverse("login"))


def test_preferences_show_a_line_column_when_line_is_configured(owner, line_api):
    link_line(owner, 1)
    page = client_for(owner).get(reverse("notifications:preferences")).content.decode()
    table = page.split("<table")[1].split("</table>")[0]
    assert "LINE" in table and table.count("checked") == 9


def test_preferences_lead_to_the_line_link_page_only_when_line_is_configured(owner, line_api):
    page = client_for(owner).get(reverse("notifications:preferences")).content.decode()
    assert f'href="{reverse("linechannel:link")}"' in page


def test_preferences_have_no_line_link_without_line(owner):
    page = client_for(owner).get(reverse("notifications:preferences")).content.decode()
    assert "linechannel" not in page and "/line/" not in page
