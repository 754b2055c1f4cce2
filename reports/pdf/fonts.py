"""Sarabun @font-face CSS for WeasyPrint (files from the fontpkg-sarabun wheel)."""

import threading

import fontpkg

FAMILY = "Sarabun"

# (CSS weight, CSS style) pairs declared by default: regular, bold and their italics.
DEFAULT_FACES = ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic"))


def font_uri(weight=400, style="normal"):
    """``file://`` URI of the Sarabun TTF for ``weight`` and ``style``."""
    return fontpkg.path(FAMILY, weight, style).as_uri()


def font_uri_path(weight=400, style="normal"):
    """Filesystem path of the Sarabun TTF (its folder holds every face)."""
    return str(fontpkg.path(FAMILY, weight, style))


def font_face_css(faces=DEFAULT_FACES):
    """``@font-face`` rules for Sarabun; pass a ``FontConfiguration`` to WeasyPrint with them."""
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{font_uri(weight, style)}") format("truetype"); }}'
        for weight, style in faces
    )


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
