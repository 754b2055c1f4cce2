"""WeasyPrint reads only the project's fonts, static and media files and data: URIs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from reports.documents.render import render_part
from reports.pdf import fetcher, fonts


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/secret.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "file:///etc/hostname",
        "file:///etc/../etc/passwd",
    ],
)
def test_anything_outside_the_project_is_refused(media, url):
    with pytest.raises(ValueError):
        fetcher.local_only_fetcher().fetch(url)


def test_the_fonts_media_and_data_uris_are_read(media):
    picture = media / "agencies" / "garuda.png"
    picture.parent.mkdir()
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    local = fetcher.local_only_fetcher()
    assert local.fetch(fonts.font_uri()).read(4) in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    assert local.fetch(picture.as_uri()).read(4) == b"\x89PNG"
    assert local.fetch("data:text/plain;base64,4Liq4Lin4Lix4Liq4LiU4Li1").read().decode() == "สวัสดี"
    outside = media.parent / "elsewhere.png"
    outside.write_bytes(b"x")
    with pytest.raises(ValueError):
        local.fetch((media / ".." / "elsewhere.png").as_uri())


def test_a_document_pointing_outside_renders_without_fetching_it(media, tmp_path):
    secret = tmp_path / "secret.png"
    from PIL import Image

    Image.new("RGB", (50, 50), "red").save(secret)
    html = f'<html><body><p>ก</p><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png"></body></html>'
    rendered = render_part(html)
    assert not PdfReader(io.BytesIO(rendered.content)).pages[0].images


def test_an_uploaded_image_larger_than_the_bound_is_not_decoded_and_the_document_renders_without_it(media):
    from tests.assessments.test_agency_settings import png_declaring

    # A Garuda stored before uploads were bounded: 12000 × 12000 took 8 s and +1.1 GB per memo render.
    picture = media / "agencies" / "garuda.png"
    picture.parent.mkdir()
    picture.write_bytes(png_declaring(12000, 12000).read())
    with pytest.raises(ValueError, match="ไม่เกิน ๔,๐๐๐ × ๔,๐๐๐ จุด"):
        fetcher.local_only_fetcher().fetch(picture.as_uri())
    rendered = render_part(f'<html><body><p>ก</p><img src="{picture.as_uri()}"></body></html>')
    assert not PdfReader(io.BytesIO(rendered.content)).pages[0].images
