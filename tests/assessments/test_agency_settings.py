"""The coordinator's agency details: telephone, memo number prefix, the Garuda image (checked by content)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from assessments.models import Agency
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def image(kind: str = "PNG", height: int = 200) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (height, height), "white").save(buffer, kind)
    return SimpleUploadedFile("garuda.bin", buffer.getvalue())


@pytest.fixture
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    agency = AgencyFactory(phone="", doc_prefix="")
    coordinator = MembershipFactory(agency=agency, role="coordinator").user
    return agency, coordinator, reverse("assessments:agency_settings", args=[agency.pk])


def test_the_coordinator_sets_the_prefix_phone_and_garuda(client, setup):
    agency, coordinator, url = setup
    client.force_login(coordinator)
    response = client.post(url, {"phone": "0-7535-5631", "doc_prefix": "นศ 77501", "garuda": image("JPEG")})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.phone, agency.doc_prefix) == ("0-7535-5631", "นศ ๗๗๕๐๑")
    assert agency.garuda.name.endswith(".jpg")
    client.post(url, {"phone": "", "doc_prefix": "นศ ๗๗๕๐๑", "remove_garuda": "on"})
    agency.refresh_from_db()
    assert not agency.garuda


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("garuda.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "ต้องเป็นภาพ PNG หรือ JPEG"),
        (image("GIF"), "ต้องเป็นภาพ PNG หรือ JPEG"),
        (image("PNG", height=40), "สูงอย่างน้อย ๑๐๐ จุด"),
    ],
)
def test_a_wrong_garuda_is_refused_in_thai_and_nothing_changes(client, setup, upload, message):
    agency, coordinator, url = setup
    client.force_login(coordinator)
    response = client.post(url, {"phone": "099", "doc_prefix": "สต 1", "garuda": upload})
    assert response.status_code == 200 and message in response.content.decode()
    agency.refresh_from_db()
    assert (agency.phone, agency.doc_prefix, bool(agency.garuda)) == ("", "", False)


@pytest.mark.parametrize("role", ["staff", "approver"])
def test_other_roles_are_refused_and_other_agencies_see_nothing(client, setup, role):
    agency, _, url = setup
    client.force_login(MembershipFactory(agency=agency, role=role).user)
    assert client.get(url).status_code == 403
    client.force_login(MembershipFactory(role="coordinator").user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"phone": "x"}).status_code == 404
    assert Agency.objects.get(pk=agency.pk).phone == ""
