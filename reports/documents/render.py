"""Snapshot → PDF bytes with WeasyPrint (Sarabun via @font-face, Thai text-layer patch applied)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from reports.pdf import fonts, textlayer

_font_config = None
_font_config_lock = threading.Lock()


# Abbreviations libthai does not know (it broke "ทางอบ|ต.ฯ", docs/pdf-probe.md §5.2) and "พ.ศ. ๒๕๖๖":
# kept whole on a line.  Applied to the rendered HTML, whose only Thai is text content.
_KEEP_WHOLE = re.compile(r"(?:อบต\.ฯ?|อปท\.|ป\.ป\.ช\.|ป\.ป\.ท\.|พ\.ร\.บ\.|ฯลฯ|พ\.ศ\.\s?[๐-๙0-9]{4})")


def keep_whole(html: str) -> str:
    """Wrap the abbreviations of the document's body in nowrap spans (the <head> is left as it is)."""
    head, sep, body = html.partition("<body>")
    if not sep:
        head, body = "", html
    return head + sep + _KEEP_WHOLE.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', body)


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


def font_configuration():
    """The process-wide FontConfiguration (WeasyPrint needs one for @font-face; sharing it caches fonts)."""
    global _font_config
    if _font_config is None:
        with _font_config_lock:
            if _font_config is None:
                from weasyprint.text.fonts import FontConfiguration

                _font_config = FontConfiguration()
    return _font_config


def render_html(kind_key: str, snapshot: dict[str, Any]) -> str:
    from reports.documents import KINDS

    kind = KINDS[kind_key]
    context = {"doc": snapshot, "font_face_css": fonts.font_face_css()}
    return keep_whole(render_to_string(kind.template_name, context))


def render_pdf(kind_key: str, snapshot: dict[str, Any]) -> RenderedPdf:
    """Render the kind's template with `snapshot` to a PDF; returns the bytes and the page count."""
    textlayer.apply()
    from weasyprint import HTML

    html = render_html(kind_key, snapshot)
    font_config = font_configuration()
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=font_config)
    content = document.write_pdf()
    return RenderedPdf(content=content, pages=len(document.pages))
