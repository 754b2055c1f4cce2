"""The PDF text layer of Thai documents: reports.pdf.textlayer (Kozea/WeasyPrint#2841, probe §5.6).

Every document is rendered in a child process, once with the patch and once with stock
WeasyPrint 70.0, so the patch never leaks into this process or into the unpatched run.
Extracted text is compared after removing whitespace and NFC normalisation only:
no NFKC is needed (ำ comes out as U+0E33, never as NIKHAHIT + SARA AA).
"""

import html
import json
import re
import struct
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

import reports.pdf.textlayer as textlayer

REPO = Path(__file__).resolve().parents[2]

HARD_WORDS = [
    "การ",
    "ดำเนินการ",
    "ประจำปีงบประมาณ",
    "น้ำ",
    "ต่ำ",
    "สม่ำเสมอ",
    "กำกับ",
    "ทำ",
    "คำ",
    "ผู้นำ",
    "ปัญญา",
    "ฐาน",
    "ป่า",
    "ฝ้าย",
    "ฟ้า",
    "๑๒๓",
]
AA_WORDS = ["การ", "ปัญญา", "ฐาน", "ป่า", "ฝ้าย", "ฟ้า", "๑๒๓"]  # า, no ำ
AM_WORDS = ["ดำเนินการ", "น้ำ", "ต่ำ", "สม่ำเสมอ", "กำกับ", "ทำ", "คำ", "ผู้นำ", "ประจำปีงบประมาณ"]

# /work/shared/seeds/000_7e9831b8dd66d1aa.txt, line 19 (memo body).
SEED_PARAGRAPH = (
    "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (ป.ป.ช.) แจ้งให้ทุกส่วนราชการ"
    "เข้าร่วมการประเมินคุณธรรมและความโปร่งใส (Integrity and Transparency Assessment ITA) "
    "ประจำปีงบประมาณ พ.ศ.๒๕๖๗"
)


def _page(*blocks):
    from reports.pdf.fonts import font_face_css

    body = "".join(f'<p style="font-weight: {weight}">{html.escape(text)}</p>' for weight, text in blocks)
    return (
        f'<html lang="th"><head><meta charset="utf-8"><style>{font_face_css()}\n'
        'body { font-family: "TH SarabunPSK"; font-size: 14pt; }</style></head>'
        f"<body>{body}</body></html>"
    )


# name -> (blocks of (font weight, text), write_pdf options)
DOCUMENTS = {
    # า is drawn first: stock WeasyPrint extracts every ำ as า ("ดาเนินการ").
    "aa_first": ([(400, " ".join(AA_WORDS + AM_WORDS)), (700, " ".join(AA_WORDS + AM_WORDS))], {}),
    # ำ is drawn first: stock WeasyPrint extracts every า as ำ ("กำร").
    "am_first": ([(400, " ".join(AM_WORDS + AA_WORDS)), (700, " ".join(AM_WORDS + AA_WORDS))], {}),
    # Opposite orders in the two weights of one document, then the seed paragraph in both.
    "mixed_weights": (
        [
            (400, " ".join(AA_WORDS + AM_WORDS)),
            (700, " ".join(AM_WORDS + AA_WORDS)),
            (400, SEED_PARAGRAPH),
            (700, SEED_PARAGRAPH),
        ],
        {},
    ),
    # A character no installed font has (.notdef): stock WeasyPrint then switches the font to an
    # embedded /Encoding CMap, which pypdf reads as a one-byte encoding (garbage for the whole font).
    "missing_glyph": ([(400, "การ ดำเนินการ रु น้ำ " + " ".join(HARD_WORDS))], {}),
    # Tone + ำ first, then the plain ำ / า words; whole fonts embedded (other code path).
    "tone_am_first_full_fonts": (
        [(700, "น้ำ ต่ำ สม่ำเสมอ " + " ".join(HARD_WORDS)), (400, "ต่ำ น้ำ " + " ".join(HARD_WORDS))],
        {"full_fonts": True},
    ),
}

RENDER_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    jobs, patched = json.loads(sys.stdin.read())
    if patched:
        from reports.pdf import textlayer
        textlayer.apply()
    import weasyprint.draw.text
    assert getattr(weasyprint.draw.text.draw_first_line, "textlayer_patched", False) == patched
    for source, target, options in jobs:
        HTML(string=source).write_pdf(target, font_config=FontConfiguration(), **options)
    """
)


def _render_all(directory, patched):
    jobs, paths = [], {}
    for name, (blocks, options) in DOCUMENTS.items():
        paths[name] = directory / f"{name}.{'patched' if patched else 'stock'}.pdf"
        jobs.append((_page(*blocks), str(paths[name]), options))
    subprocess.run(
        [sys.executable, "-c", RENDER_SCRIPT],
        input=json.dumps([jobs, patched]),
        text=True,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return paths


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    directory = tmp_path_factory.mktemp("textlayer")
    return {"patched": _render_all(directory, True), "stock": _render_all(directory, False)}


def _squash(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _pdftotext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pypdf(path):
    return "".join(page.extract_text() for page in PdfReader(path).pages)


EXTRACTORS = {"pdftotext": _pdftotext, "pypdf": _pypdf}


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_patched_text_layer_equals_the_source(pdfs, name, extractor):
    source = _squash("".join(text for _, text in DOCUMENTS[name][0]))
    extracted = EXTRACTORS[extractor](pdfs["patched"][name])
    got = _squash(extracted)
    assert [word for word in HARD_WORDS if word in source and word not in got] == []
    assert got == source
    # No NFKC needed: ำ is never extracted as NIKHAHIT + SARA AA.
    assert "\u0e4d" not in extracted


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_stock_weasyprint_has_the_bug_both_ways(pdfs, extractor):
    """Without the patch these documents extract wrongly, so the test above can fail."""
    aa_first = _squash(EXTRACTORS[extractor](pdfs["stock"]["aa_first"]))
    am_first = _squash(EXTRACTORS[extractor](pdfs["stock"]["am_first"]))
    assert "ดำเนินการ" not in aa_first  # every ำ came out as า ...
    assert "ดาเนินการ" in aa_first
    assert "การ" not in am_first  # ... or every า as ำ
    assert "กำร" in am_first
    for name, (blocks, _) in DOCUMENTS.items():
        text = _squash(EXTRACTORS[extractor](pdfs["stock"][name]))
        assert text != _squash("".join(text for _, text in blocks)), name
        assert [word for word in ("ดำเนินการ", "ต่ำ", "สม่ำเสมอ") if word not in text], name


def _png_pages(pdf, prefix):
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(prefix)], check=True)
    return [path.read_bytes() for path in sorted(prefix.parent.glob(f"{prefix.name}-*.png"))]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pages_are_pixel_identical_with_and_without_the_patch(pdfs, name, tmp_path):
    patched = _png_pages(pdfs["patched"][name], tmp_path / "patched")
    stock = _png_pages(pdfs["stock"][name], tmp_path / "stock")
    assert patched
    assert len(patched) == len(stock)
    assert [a == b for a, b in zip(patched, stock, strict=True)] == [True] * len(stock)


def test_apply_is_idempotent_and_reports_itself():
    script = textwrap.dedent(
        """
        import weasyprint.draw.text as text, weasyprint.pdf.fonts as fonts
        from reports.pdf import textlayer
        assert not textlayer.is_applied()
        textlayer.apply()
        first = (text.draw_first_line, fonts.Font.subset, fonts.Font.get_unused_glyph_id,
                 fonts._build_vector_font_dictionary)
        textlayer.apply()
        assert textlayer.is_applied()
        assert first == (text.draw_first_line, fonts.Font.subset, fonts.Font.get_unused_glyph_id,
                         fonts._build_vector_font_dictionary)
        assert all(getattr(function, "textlayer_patched", False) for function in first)
        """
    )
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True, capture_output=True)


def test_apply_refuses_another_weasyprint_version(monkeypatch):
    import weasyprint
    import weasyprint.draw.text

    original = weasyprint.draw.text.draw_first_line
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    monkeypatch.setattr(textlayer, "_applied", False)
    with pytest.raises(textlayer.TextLayerPatchError, match=r"WeasyPrint 70\.0, found 71\.0"):
        textlayer.apply()
    assert weasyprint.draw.text.draw_first_line is original  # nothing was patched


def test_the_patch_is_pinned_to_the_installed_weasyprint():
    import weasyprint

    assert weasyprint.__version__ == textlayer.WEASYPRINT_VERSION


@pytest.mark.parametrize("name", DOCUMENTS)
def test_fonts_keep_identity_h_and_map_variant_codes_with_cid_to_gid_map(pdfs, name):
    fonts = {}
    for page in PdfReader(pdfs["patched"][name]).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    sarabun = {base: font for base, font in fonts.items() if "Sarabun" in base}
    assert sarabun
    for font in sarabun.values():
        assert font["/Encoding"] == "/Identity-H"
        cid_to_gid = font["/DescendantFonts"][0].get_object()["/CIDToGIDMap"].get_object()
        data = cid_to_gid.get_data()
        gids = struct.unpack(f">{len(data) // 2}H", data)
        # Every document here draws some glyph with two texts: a variant CID maps to a real glyph.
        assert any(0 < gid != cid for cid, gid in enumerate(gids))
