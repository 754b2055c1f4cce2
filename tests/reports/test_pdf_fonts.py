"""The PDFs' font (reports.pdf.fonts): Laksaman made TH SarabunPSK-sized, and a loud stop without it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from reports.pdf import fonts


def height_per_em(font: TTFont, char: str) -> float:
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[font.getBestCmap()[ord(char)]].draw(pen)
    return (pen.bounds[3] - pen.bounds[1]) / font["head"].unitsPerEm


def test_the_derived_faces_have_th_sarabunpsks_size_per_em():
    original = TTFont(fonts.SOURCE_DIR / "Laksaman.ttf")
    derived = TTFont(fonts.font_path(400, "normal"))
    assert original["head"].unitsPerEm == 1000 and derived["head"].unitsPerEm == 1504
    # docs/pdf-probe.md §3.2: "ก" is 0.602 em in Laksaman, so ~0.400 em in TH Sarabun New.
    assert height_per_em(original, "ก") == pytest.approx(0.602, abs=0.001)
    assert height_per_em(derived, "ก") == pytest.approx(0.400, abs=0.002)
    # The same outlines, advances and line metrics in font units: only the em changed.
    assert derived["hmtx"].metrics == original["hmtx"].metrics
    assert derived["hhea"].ascent == original["hhea"].ascent
    # Renamed, so fontconfig's "TH Sarabun" → Laksaman × 0.66 rule cannot shrink it again.
    assert derived["name"].getDebugName(1) == "Laksaman TH"
    assert derived["name"].getDebugName(6) == "LaksamanTH"
    assert TTFont(fonts.font_path(700, "normal"))["name"].getDebugName(6) == "LaksamanTH-Bold"


def test_the_css_names_th_sarabunpsk_and_the_charts_sarabun():
    css = fonts.font_face_css()
    assert css.count('font-family: "TH SarabunPSK"') == 4 and css.count('font-family: "Sarabun"') == 2
    assert fonts.font_dir().as_uri() in css


def test_the_faces_are_made_again_if_their_folder_was_removed(monkeypatch):
    monkeypatch.setattr(fonts, "_dir", None)
    first = fonts.font_dir()
    for path in first.iterdir():
        path.unlink()
    first.rmdir()
    again = fonts.font_dir()
    assert again != first and fonts.font_path(700, "italic").is_file()


@pytest.fixture
def no_laksaman(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "SOURCE_DIR", tmp_path)
    monkeypatch.setattr(fonts, "_dir", None)


def test_without_laksaman_no_pdf_is_made_and_the_error_says_what_to_install(no_laksaman):
    with pytest.raises(fonts.FontMissing) as error:
        fonts.font_face_css()
    assert "ไม่พบฟอนต์ Laksaman" in str(error.value) and "fonts-tlwg-laksaman" in str(error.value)


def test_without_laksaman_the_system_check_fails(no_laksaman):
    assert [e.id for e in fonts.system_check()] == ["reports.E001"]
    with pytest.raises(SystemCheckError, match="fonts-tlwg-laksaman"):
        call_command("check")


def test_with_laksaman_the_system_check_passes():
    assert fonts.system_check() == []
