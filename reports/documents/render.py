"""Snapshot → PDF bytes with WeasyPrint (TH SarabunPSK-sized Laksaman via @font-face, Thai text-layer patch applied)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from reports.pdf import assemble, fetcher, fonts, textlayer

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


# Templates put this comment between the parts of a long document.  Every part starts on a new page
# anyway (cover, a landscape table section, a chunk of a long table), so rendering the parts one
# by one (or in parallel, by several workers) and joining them gives the same pages as one render.
PART_BREAK = "<!-- part -->"


def render_html(kind_key: str, snapshot: dict[str, Any]) -> str:
    from reports.documents import KINDS

    kind = KINDS[kind_key]
    context = {"doc": snapshot, "font_face_css": fonts.font_face_css()}
    return keep_whole(render_to_string(kind.template_name, context))


def html_parts(html: str) -> list[str]:
    """The document's parts, each a whole HTML document with the same <head>."""
    head, sep, body = html.partition("<body>")
    if not sep:
        return [html]
    body = body.rsplit("</body>", 1)[0]
    chunks = [chunk for chunk in body.split(PART_BREAK) if chunk.strip()]
    return [f"{head}<body>{chunk}</body></html>" for chunk in chunks] or [html]


def render_part(html: str) -> RenderedPdf:
    """One part to PDF with WeasyPrint (the Thai font, the Thai text-layer patch); no page numbers yet."""
    textlayer.apply()
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher.local_only_fetcher()).render(
        font_config=fonts.configuration()
    )
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))


def join_parts(parts: list[bytes]) -> RenderedPdf:
    """The parts' PDFs joined in order, pages 2 and later numbered ``- ๒ -`` at the top centre."""
    joined = assemble.assemble(parts)
    return RenderedPdf(content=joined.content, pages=joined.pages)


def render_pdf(kind_key: str, snapshot: dict[str, Any]) -> RenderedPdf:
    """Render the kind's template with `snapshot` to a PDF, part after part in this process."""
    parts = html_parts(render_html(kind_key, snapshot))
    return join_parts([render_part(part).content for part in parts])


def warm_up() -> None:
    """Load WeasyPrint, Pango, the fonts and the page-number stamps (a worker's first render costs ~1.5 s)."""
    style = f"<style>{fonts.font_face_css()} p {{ font-family: {fonts.FONT_STACK} }}</style>"
    render_part(f'<html lang="th"><head>{style}</head><body><p>อบต. <b>๑๒๓</b></p></body></html>')
    assemble.stamps((595, 842), assemble.STAMP_BLOCK)
    assemble.stamps((842, 595), assemble.STAMP_BLOCK)
