"""The coordinator's agency details: telephone, memo number prefix, the Garuda image (checked by content)."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from assessments.models import Agency
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def image(kind: str = "PNG", height: int = 200, width: int | None = None, **save) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width or height, height), "white").save(buffer, kind, **save)
    return SimpleUploadedFile("garuda.bin", buffer.getvalue())


def chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    checksum = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)


def png_declaring(width: int, height: int, *, idat: bool = True, crc: int | None = None) -> SimpleUploadedFile:
    """A PNG whose header declares width × height (1-bit grey) with a tiny, truncated IDAT: a few hundred
    bytes that would take width × height pixels of memory if anything decoded it."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0), crc)
    data = chunk(b"IDAT", zlib.compress(b"\0" * 64)) if idat else b""
    return SimpleUploadedFile("garuda.png", b"\x89PNG\r\n\x1a\n" + header + data + chunk(b"IEND", b""))


def stored_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] if settings.MEDIA_ROOT.exists() else []


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


# --- images that would take the server's memory (issue 18, item 3) ----------------------------------------

TOO_LARGE = "ภาพตราครุฑต้องมีขนาดไม่เกิน ๔,๐๐๐ × ๔,๐๐๐ จุด และไม่เกิน ๑๖ ล้านจุด"


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (20000, 20000),  # past Pillow's own bomb limit: was a 500 (DecompressionBombError)
        (12000, 12000),  # under it, with a warning only: was stored, then took 8 s and +1.1 GB per memo render
        (4001, 200),
        (200, 4001),
    ],
)
def test_an_oversized_garuda_is_refused_in_thai_before_decoding_and_nothing_is_written(
    client, setup, settings, monkeypatch, width, height
):
    agency, coordinator, url = setup
    client.force_login(coordinator)
    upload = png_declaring(width, height)
    assert upload.size < 1000

    def decode(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    started = time.monotonic()
    response = client.post(url, {"phone": "099", "doc_prefix": "สต 1", "garuda": upload})
    assert time.monotonic() - started < 2
    assert response.status_code == 200 and TOO_LARGE in response.content.decode()
    agency.refresh_from_db()
    assert (agency.phone, agency.doc_prefix, bool(agency.garuda)) == ("", "", False)
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    "upload",
    [
        # Pixel data merely cut short is not among these: WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for
        # the whole process, so once a PDF has been rendered such an image decodes padded (still bounded).
        png_declaring(400, 400, idat=False),
        png_declaring(400, 400, crc=0),
        SimpleUploadedFile("garuda.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40),
    ],
)
def test_a_garuda_pillow_cannot_decode_is_refused_in_thai_and_nothing_is_written(client, setup, settings, upload):
    agency, coordinator, url = setup
    client.force_login(coordinator)
    response = client.post(url, {"phone": "099", "doc_prefix": "สต 1", "garuda": upload})
    assert response.status_code == 200 and "ต้องเป็นภาพ PNG หรือ JPEG" in response.content.decode()
    agency.refresh_from_db()
    assert (agency.phone, bool(agency.garuda)) == ("", False)
    assert stored_files(settings) == []


@pytest.mark.parametrize(("kind", "extension"), [("PNG", ".png"), ("JPEG", ".jpg")])
def test_the_garuda_is_stored_scaled_down_to_what_1_5_cm_at_300_dpi_needs(client, setup, kind, extension):
    agency, coordinator, url = setup
    client.force_login(coordinator)
    upload = image(kind, height=3000, width=2400)
    response = client.post(url, {"phone": "", "doc_prefix": "", "garuda": upload})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.garuda.name.endswith(extension)
    with Image.open(agency.garuda.path) as stored:
        assert (stored.format, stored.size) == (kind, (144, 180))
    assert agency.garuda.size < upload.size


def test_a_small_garuda_is_kept_at_its_size_and_a_rotated_photo_is_stored_upright(client, setup):
    agency, coordinator, url = setup
    client.force_login(coordinator)
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held on its side: rotate 90° to show
    client.post(url, {"phone": "", "doc_prefix": "", "garuda": image("JPEG", height=120, width=160, exif=exif)})
    agency.refresh_from_db()
    with Image.open(agency.garuda.path) as stored:
        assert stored.size == (120, 160)
        assert not stored.getexif().get(0x0112)
