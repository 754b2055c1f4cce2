"""The PDFs' font: TLWG Laksaman drawn at TH SarabunPSK's size, as @font-face CSS for WeasyPrint.

Thai official documents are typed in TH SarabunPSK (Cabinet resolution of 7 Sep 2553) and their
layout rules are written in its points: body 16 pt, "บันทึกข้อความ" 29 pt, labels 20 pt
(docs/memo-format.md §1.4).  TLWG Laksaman (Debian ``fonts-tlwg-laksaman``, GPL-2+ with the font
exception) is TH SarabunPSK's glyphs, but the TLWG project scaled every glyph and metric up by
150.42 % to match Garuda's x-height (the package's changelog; docs/pdf-probe.md §3.2): Laksaman at
16 pt is TH Sarabun at 24 pt.  So the system files are read once per process and written to a
private folder with ``unitsPerEm`` multiplied by that factor: the same outlines, every glyph,
advance, mark offset and line metric 1.5042 times smaller per em, i.e. TH SarabunPSK's metrics.
A PDF then says 16 pt where an official expects 16 pt, and the glyphs are the size they are in
TH SarabunPSK 16 pt.

The derived faces are renamed "Laksaman TH" (PostScript ``LaksamanTH-*``, which is what a PDF's
font list shows), so fontconfig's own rule that draws any "TH Sarabun*" with Laksaman scaled by
0.66 (``89-tlwg-laksaman-synthetic.conf``) cannot shrink them a second time.

No Laksaman → no PDF: :func:`font_dir` raises :class:`FontMissing` (Thai and English) rather than
let WeasyPrint draw Thai with whatever fontconfig finds.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

# The family name the templates use.
FAMILY = "TH SarabunPSK"
# Glyphs Laksaman lacks (☑ ☐ of seed 004's status lines) come from DejaVu (Debian fonts-dejavu-core).
FALLBACK = '"DejaVu Sans", sans-serif'
FONT_STACK = f'"{FAMILY}", {FALLBACK}'

PACKAGE = "fonts-tlwg-laksaman"
SOURCE_DIR = Path("/usr/share/fonts/truetype/tlwg")
# (CSS weight, CSS style) → the Debian file.
SOURCE_FILES = {
    (400, "normal"): "Laksaman.ttf",
    (700, "normal"): "Laksaman-Bold.ttf",
    (400, "italic"): "Laksaman-Italic.ttf",
    (700, "italic"): "Laksaman-BoldItalic.ttf",
}
# Laksaman = TH Sarabun New × 150.42 % (fonts-tlwg's changelog: "Scale up glyphs by 150.42% for
# Garuda X-Height compatibility.  Scale up OS/2 Metrics accordingly.").
SCALE = 1.5042
DERIVED_FAMILY = "Laksaman TH"
CHART_FAMILY = "Sarabun"

# (CSS weight, CSS style) pairs declared by default: regular, bold and their italics.
DEFAULT_FACES = tuple(SOURCE_FILES)


class FontMissing(RuntimeError):
    """The Laksaman files are not installed: PDFs cannot be made."""


def missing_message(paths: list[Path]) -> str:
    names = ", ".join(str(path) for path in paths)
    return (
        f"ไม่พบฟอนต์ Laksaman สำหรับสร้างเอกสาร PDF ({names}) กรุณาติดตั้งแพ็กเกจ {PACKAGE} (.ci/system-deps.sh) / "
        f"The PDF font Laksaman is missing ({names}): install the Debian package {PACKAGE} (.ci/system-deps.sh)."
    )


def missing_files() -> list[Path]:
    return [SOURCE_DIR / name for name in SOURCE_FILES.values() if not (SOURCE_DIR / name).is_file()]


def system_check(app_configs=None, **kwargs) -> list:
    """Django system check (``manage.py check``, runserver, migrate): an Error when Laksaman is missing."""
    from django.core import checks

    missing = missing_files()
    if not missing:
        return []
    return [checks.Error(missing_message(missing), hint=f"apt-get install {PACKAGE}", id="reports.E001")]


def derive(source: Path, target: Path) -> None:
    """Write `source` (a Laksaman face) to `target` with TH SarabunPSK's size per em, renamed."""
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    font["head"].unitsPerEm = round(font["head"].unitsPerEm * SCALE)
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16, 18):
            text = record.toUnicode()
            if record.nameID in (3, 6):
                text = text.replace("Laksaman", DERIVED_FAMILY.replace(" ", ""))
            else:
                text = text.replace("Laksaman", DERIVED_FAMILY)
            record.string = text
    font.save(target)


_dir: Path | None = None
_dir_lock = threading.Lock()


def font_dir() -> Path:
    """The folder of the derived faces, made on first use in this process; FontMissing without Laksaman."""
    global _dir
    # Made again if a /tmp cleaner removed it under a long-running worker.
    if _dir is None or not (_dir / SOURCE_FILES[DEFAULT_FACES[0]]).is_file():
        with _dir_lock:
            if _dir is None or not (_dir / SOURCE_FILES[DEFAULT_FACES[0]]).is_file():
                missing = missing_files()
                if missing:
                    raise FontMissing(missing_message(missing))
                folder = Path(tempfile.mkdtemp(prefix="ita-pdf-fonts-"))
                for name in SOURCE_FILES.values():
                    derive(SOURCE_DIR / name, folder / name)
                owner = os.getpid()
                # Only the process that made it removes it (forked workers share the folder).
                atexit.register(lambda: os.getpid() == owner and shutil.rmtree(folder, ignore_errors=True))
                _dir = folder
    return _dir


def font_path(weight: int = 400, style: str = "normal") -> Path:
    """Filesystem path of the derived face for `weight` and `style`."""
    return font_dir() / SOURCE_FILES[(weight, style)]


def font_uri(weight: int = 400, style: str = "normal") -> str:
    """``file://`` URI of the derived face (what @font-face and the PDF fetcher see)."""
    return font_path(weight, style).as_uri()


def chart_font_dir() -> Path:
    """Google Sarabun (the fontpkg-sarabun wheel): the analysis charts' font (assessments/charts.py)."""
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).parent / "files"


def _rule(family: str, weight: int, style: str, path: Path) -> str:
    return (
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{path.as_uri()}") format("truetype"); }}'
    )


def font_face_css(faces=DEFAULT_FACES) -> str:
    """``@font-face`` rules for FAMILY; pass :func:`configuration` to WeasyPrint with them.

    Also "Sarabun" (Google's), which only the analysis charts' SVG text names: matplotlib laid the
    charts out with its metrics, so their labels keep fitting where they were placed.
    """
    rules = [_rule(FAMILY, weight, style, font_path(weight, style)) for weight, style in faces]
    rules += [
        _rule(CHART_FAMILY, weight, "normal", chart_font_dir() / name)
        for weight, name in ((400, "Sarabun-Regular.ttf"), (700, "Sarabun-Bold.ttf"))
    ]
    return "\n".join(rules)


_configuration = None
_configuration_lock = threading.Lock()


def configuration():
    """The process-wide WeasyPrint FontConfiguration (needed for @font-face; sharing it caches the fonts)."""
    global _configuration
    if _configuration is None:
        with _configuration_lock:
            if _configuration is None:
                from weasyprint.text.fonts import FontConfiguration

                _configuration = FontConfiguration()
    return _configuration
