"""The memo's audit trail records the client's address by login throttling's trusted-proxy rule
(ita_portal.security.client_ip): X-Forwarded-For only behind the configured TLS proxy, else REMOTE_ADDR."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import MemoEvent
from tests.reports.memo_support import new_memo

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def submit(users, memo, **headers) -> MemoEvent:
    client = Client()
    client.force_login(users["legal"])
    response = client.post(reverse("reports:memo_submit", args=[memo.pk]), REMOTE_ADDR=PROXY, **headers)
    assert response.status_code == 302
    return MemoEvent.objects.get(memo=memo, action=MemoEvent.Action.SUBMIT)


def test_behind_the_proxy_the_signature_is_recorded_from_the_client_address(thungpho, settings):
    settings.BEHIND_TLS_PROXY = True
    agency, users, document = thungpho
    event = submit(users, new_memo(agency, users, document), HTTP_X_FORWARDED_FOR="198.51.100.23")
    assert event.ip == "198.51.100.23"


def test_behind_the_proxy_only_the_entry_the_proxy_wrote_counts(thungpho, settings):
    settings.BEHIND_TLS_PROXY = True
    agency, users, document = thungpho
    event = submit(users, new_memo(agency, users, document), HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.23")
    assert event.ip == "198.51.100.23"


def test_behind_the_proxy_a_header_that_is_not_an_address_records_no_address(thungpho, settings):
    settings.BEHIND_TLS_PROXY = True
    agency, users, document = thungpho
    event = submit(users, new_memo(agency, users, document), HTTP_X_FORWARDED_FOR="not-an-address")
    assert event.ip is None


def test_without_the_proxy_setting_the_header_is_ignored(thungpho, settings):
    settings.BEHIND_TLS_PROXY = False
    agency, users, document = thungpho
    event = submit(users, new_memo(agency, users, document), HTTP_X_FORWARDED_FOR="198.51.100.23")
    assert event.ip == PROXY
