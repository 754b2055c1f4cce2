"""The memo register (reports.memos.register): the next number, set once per agency and year, above any issued."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from reports.memos import register, services
from reports.models import MemoCounter
from tests.reports.memo_support import as_request, new_memo

pytestmark = pytest.mark.django_db


def submit(agency, users, document):
    return services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_agency_starting_mid_year_continues_its_paper_register(thungpho):
    agency, users, document = thungpho
    year = register.register_year()
    counter = register.register_set_start(agency=agency, user=users["legal"], year=year, next_number=127)
    assert (counter.last, counter.start_number, counter.start_set_by) == (126, 127, users["legal"])
    assert counter.start_set_at is not None
    assert submit(agency, users, document).number_text == "นศ ๗๗๕๐๑/๑๒๗"
    assert submit(agency, users, document).number_seq == 128


def test_the_number_is_set_once_per_year(thungpho):
    agency, users, _ = thungpho
    year = register.register_year()
    register.register_set_start(agency=agency, user=users["legal"], year=year, next_number=50)
    with pytest.raises(ValidationError) as refused:
        register.register_set_start(agency=agency, user=users["legal"], year=year, next_number=900)
    assert "ตั้งซ้ำไม่ได้" in refused.value.messages[0]
    assert MemoCounter.objects.get(agency=agency, year=year).last == 49
    # another year has its own register
    assert register.register_set_start(agency=agency, user=users["legal"], year=year + 1, next_number=5).last == 4


def test_never_at_or_below_a_number_already_issued(thungpho):
    agency, users, document = thungpho
    for _ in range(3):
        submit(agency, users, document)
    year = register.register_year()
    for number in (1, 3):
        with pytest.raises(ValidationError) as refused:
            register.register_set_start(agency=agency, user=users["legal"], year=year, next_number=number)
        assert "ออกเลขที่ไปแล้วถึง ๓" in " ".join(refused.value.messages)
    assert register.register_set_start(agency=agency, user=users["legal"], year=year, next_number=4).last == 3


def test_only_the_coordinator_sets_it(thungpho):
    agency, users, _ = thungpho
    with pytest.raises(PermissionDenied):
        register.register_set_start(agency=agency, user=users["mayor"], year=2569, next_number=10)


def test_the_page_takes_thai_digits_and_answers_in_thai(thungpho):
    agency, users, document = thungpho
    submit(agency, users, document)
    url = reverse("reports:memo_register", args=[agency.pk])
    client = client_for(users["legal"])
    html = client.get(url).content.decode()
    assert "ฉบับถัดไปจะได้เลขที่" in html and "บันทึกเลขถัดไป" in html
    html = client.post(url, {"next_number": "๑", "confirm": "on"}).content.decode()
    assert "ออกเลขที่ไปแล้วถึง ๑" in html
    assert "กรุณายืนยันเลข" in client.post(url, {"next_number": "๑๒๗"}).content.decode()
    assert "ตัวเลข" in client.post(url, {"next_number": "abc", "confirm": "on"}).content.decode()
    response = client.post(url, {"next_number": "๑๒๗", "confirm": "on"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "ตั้งเลขเริ่มต้นไว้" in html and "๑๒๗" in html and "บันทึกเลขถัดไป" not in html
    again = client.post(url, {"next_number": "๒๐๐", "confirm": "on"}).content.decode()
    assert "ตั้งซ้ำไม่ได้" in again
    assert MemoCounter.objects.get(agency=agency).last == 126


def test_who_may_open_the_page(thungpho):
    agency, users, _ = thungpho
    url = reverse("reports:memo_register", args=[agency.pk])
    assert client_for(users["mayor"]).get(url).status_code == 403
    assert client_for(users["office"]).post(url, {"next_number": "5", "confirm": "on"}).status_code == 403
    assert client_for(users["other_mayor"]).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not MemoCounter.objects.filter(start_number__isnull=False).exists()
