"""The LINE page: its owner sees their own link and code; others never do; the anonymous go to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from linechannel.models import LineAccount, LinkCode
from tests.factories import UserFactory

PAGE = reverse("linechannel:link")
CODE = reverse("linechannel:code")
UNLINK = reverse("linechannel:unlink")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [PAGE, CODE, UNLINK])
def test_the_anonymous_are_sent_to_the_login_page(client, db, url):
    response = client.post(url) if url != PAGE else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_owner_gets_a_code_and_sees_it_with_the_oa_and_its_qr_code(client, line_api):
    user = UserFactory()
    client.force_login(user)

    response = client.post(CODE)

    assert response.status_code == 302
    code = LinkCode.objects.get(user=user)
    page = client.get(PAGE).content.decode()
    assert code.code in page
    assert "@123abcde" in page
    assert "https://line.me/R/ti/p/%40123abcde" in page
    assert 'class="qr" src="data:image/svg+xml;base64,' in page
    assert "เพิ่มบัญชีทางการ" in page


def test_another_user_never_sees_the_owners_code(client, line_api):
    owner = UserFactory()
    client.force_login(owner)
    client.post(CODE)
    code = LinkCode.objects.get(user=owner).code

    client.force_login(UserFactory())
    page = client.get(PAGE).content.decode()

    assert code not in page
    assert "ขอรหัสเชื่อมบัญชี" in page


def test_asking_again_replaces_the_code(client, line_api):
    user = UserFactory()
    client.force_login(user)
    client.post(CODE)
    first = LinkCode.objects.get(user=user).code

    client.post(CODE)

    assert list(LinkCode.objects.filter(user=user).values_list("code", flat=True)) != [first]
    assert LinkCode.objects.filter(user=user).count() == 1


def test_a_linked_user_sees_it_and_can_unlink(client, linked_user, line_api):
    client.force_login(linked_user)

    page = client.get(PAGE).content.decode()
    assert "เชื่อมบัญชี LINE แล้ว" in page
    response = client.post(UNLINK, follow=True)

    assert "ยกเลิกการเชื่อมบัญชี LINE แล้ว" in response.content.decode()
    assert LineAccount.objects.get(user=linked_user).unlinked_at is not None


def test_unlinking_someone_elses_account_is_not_possible(client, linked_user, line_api):
    client.force_login(UserFactory())

    response = client.post(UNLINK, follow=True)

    assert "ยังไม่ได้เชื่อมกับ LINE" in response.content.decode()
    assert LineAccount.objects.get(user=linked_user).unlinked_at is None


def test_while_line_is_off_the_page_says_so_and_gives_no_code(client, db, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = settings.LINE_CHANNEL_SECRET = ""
    user = UserFactory()
    client.force_login(user)

    assert "ยังไม่ได้เปิดใช้การแจ้งเตือนทาง LINE" in client.get(PAGE).content.decode()
    response = client.post(CODE, follow=True)

    assert "ยังไม่ได้เปิดใช้การแจ้งเตือนทาง LINE" in response.content.decode()
    assert not LinkCode.objects.exists()


def test_an_expired_code_is_no_longer_shown(client, line_api):
    user = UserFactory()
    client.force_login(user)
    client.post(CODE)
    code = LinkCode.objects.get(user=user)
    LinkCode.objects.filter(pk=code.pk).update(expires_at=timezone.now())

    assert code.code not in client.get(PAGE).content.decode()


def test_the_link_page_takes_no_post(client, line_api):
    client.force_login(UserFactory())
    assert client.post(PAGE).status_code == 405
