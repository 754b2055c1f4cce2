"""Password change, reset by e-mail (same answer for any address, throttled), and the forced change."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import Profile
from tests.factories import PASSWORD, MembershipFactory, UserFactory

CHANGE = reverse("accounts:password_change")
RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "ใหม่-รหัส-2568-ยาว"


def _csrf_free(html: str) -> str:
    """The page without its CSRF tokens (a form field and the htmx header), which differ on every response."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


# --- change ---------------------------------------------------------------------------------------


def test_a_user_changes_their_password_with_the_current_one(client, db):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302 and response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200  # still logged in


def test_a_wrong_current_password_is_refused_in_thai(client, db):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        CHANGE, {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 200
    assert "รหัสผ่านปัจจุบันไม่ถูกต้อง" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_password_change_page_is_for_logged_in_users_and_linked_from_the_header(client, db):
    assert client.get(CHANGE)["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    assert f'href="{CHANGE}"' in client.get(reverse("home")).content.decode()


# --- reset ----------------------------------------------------------------------------------------


def test_password_reset_does_not_reveal_whether_an_address_exists(client, db):
    UserFactory(email="somchai@example.go.th")

    known = client.post(RESET, {"email": "somchai@example.go.th"}, follow=True)
    sent = len(mail.outbox)
    unknown = client.post(RESET, {"email": "nobody@example.go.th"}, follow=True)

    assert sent == 1 and len(mail.outbox) == 1
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert _csrf_free(known.content.decode()) == _csrf_free(unknown.content.decode())
    assert "ตรวจสอบอีเมลของท่าน" in known.content.decode()


def test_the_reset_mail_is_in_thai_with_a_link_to_the_configured_site(client, db, settings):
    settings.SITE_URL = "https://ita.example.go.th"
    UserFactory(username="somchai", email="somchai@example.go.th")

    client.post(RESET, {"email": "SOMCHAI@example.go.th"})

    message = mail.outbox[0]
    assert message.subject == "ตั้งรหัสผ่านใหม่สำหรับ ITA Portal"
    assert "ใช้ได้ครั้งเดียว ภายใน ๓ วัน" in message.body
    assert "https://ita.example.go.th/account/password-reset/" in message.body
    html = message.alternatives[0][0]
    assert "ตั้งรหัสผ่านใหม่" in html and "https://ita.example.go.th/account/password-reset/" in html


def test_a_bad_address_is_answered_in_thai(client, db):
    response = client.post(RESET, {"email": "not-an-address"})
    assert response.status_code == 200
    assert "รูปแบบอีเมลไม่ถูกต้อง" in response.content.decode()


def test_password_reset_is_throttled_per_address_with_the_same_answer(client, db, settings):
    settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR = 2
    UserFactory(email="somchai@example.go.th")
    answers = [client.post(RESET, {"email": "somchai@example.go.th"}) for _ in range(4)]

    assert len(mail.outbox) == 2
    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {reverse("accounts:password_reset_done")}


def test_password_reset_is_throttled_per_client_address(client, db, settings):
    settings.PASSWORD_RESET_PER_IP_PER_HOUR = 3
    for n in range(5):
        UserFactory(email=f"person{n}@example.go.th")
        client.post(RESET, {"email": f"person{n}@example.go.th"}, REMOTE_ADDR="198.51.100.7")
    assert len(mail.outbox) == 3
    client.post(RESET, {"email": "person4@example.go.th"}, REMOTE_ADDR="198.51.100.8")
    assert len(mail.outbox) == 4  # another client is counted on its own


def test_the_reset_link_sets_a_new_password_and_logs_in(client, db):
    user = UserFactory(email="somchai@example.go.th")
    Profile.objects.create(user=user, must_change_password=True)
    client.post(RESET, {"email": "somchai@example.go.th"})
    link = re.search(r"https?://\S+/account/password-reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    form_page = client.get("/" + path, follow=True)  # Django swaps the token for a session marker
    assert form_page.status_code == 200 and "ตั้งรหัสผ่านใหม่" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200  # logged in, and not sent to change it again
    assert not Profile.objects.get(user=user).must_change_password
    assert client.get("/" + path).status_code == 200
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in client.get("/" + path, follow=True).content.decode()  # works once


def test_the_login_page_links_the_reset_page(client, db):
    assert f'href="{RESET}"' in client.get(reverse("login")).content.decode()


# --- forced change --------------------------------------------------------------------------------


def test_a_password_an_administrator_sets_must_be_changed_at_the_next_login(client, db):
    admin_user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-123-xyz")
    user = UserFactory(username="somchai")
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = client.post(url, {"password1": "temporary-2568-x", "password2": "temporary-2568-x"})
    assert response.status_code == 302

    client.logout()
    assert client.post(reverse("login"), {"username": "somchai", "password": "temporary-2568-x"}).status_code == 302
    assert client.get(reverse("home"))["Location"] == CHANGE
    assert "ตั้งรหัสผ่านใหม่ของท่านเอง" in client.get(CHANGE).content.decode()
    assert client.post(reverse("logout")).status_code == 302  # leaving is always allowed


def test_a_user_the_administrator_adds_must_change_the_password(client, db):
    admin_user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-123-xyz")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newcomer", "password1": "temporary-2568-x", "password2": "temporary-2568-x"}
        | {"usable_password": "true"},
    )
    assert response.status_code == 302
    assert Profile.objects.get(user__username="newcomer").must_change_password
    assert not Profile.objects.filter(user=admin_user).exists()


def test_the_forced_change_ends_when_the_user_sets_their_own(client, db):
    user = UserFactory()
    Profile.objects.create(user=user, must_change_password=True)
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == CHANGE
    assert client.get(reverse("accounts:two_factor")).status_code == 200  # the two-factor pages stay open

    client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert client.get(reverse("home")).status_code == 200
    assert not Profile.objects.get(user=user).must_change_password


def test_an_htmx_request_is_sent_to_the_change_page_by_the_client(client, db):
    user = UserFactory()
    Profile.objects.create(user=user, must_change_password=True)
    client.force_login(user)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == CHANGE


@pytest.mark.parametrize("username", ["thungpho.legal", "thungpho.head", "satun.overseer", "admin"])
def test_demo_logins_keep_working_without_a_forced_change(client, demo, username):
    from ita_portal.demo.loader import DEMO_PASSWORD

    assert client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_membership_alone_does_not_force_a_change(client, db):
    membership = MembershipFactory()
    client.force_login(membership.user)
    assert client.get(reverse("home")).status_code == 200
