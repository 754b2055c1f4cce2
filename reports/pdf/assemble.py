"""Join the PDFs of a document's parts and number the pages ``- ๒ -`` at the top centre.

A long document is rendered in parts (each starts on a new page), possibly by several worker
processes at once; the page numbers can only be known once every part is done, so they are not
drawn by WeasyPrint's margin boxes but stamped on afterwards.  The stamps are small PDF pages
rendered once per process by WeasyPrint (the PDFs' font, Thai digits, the text-layer patch), one per
page number and page size, and laid over the pages with pikepdf (qpdf): for 200 pages this takes
a few hundredths of a second.

Numbering follows the official rule (ระเบียบงานสารบรรณ, docs/memo-format.md): pages 2 and
later carry their number between hyphens at the top centre; the first page (the cover) none.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

import pikepdf

from ita_portal.thai import thai_digits
from reports.pdf import fetcher, fonts, textlayer

# Distance of the number's baseline box from the top edge; inside the 2–2.5 cm top margins.
STAMP_TOP = "1.1cm"
STAMP_SIZE = "16pt"
# Centred over the text block, whose margins are 3 cm left and 2 cm right on every page (memo-format §1.5).
STAMP_LEFT = "3cm"
STAMP_RIGHT = "2cm"
# Stamps are rendered in blocks, so a 300-page document does not render 300 stamps one by one.
STAMP_BLOCK = 64

_stamps: dict[tuple[int, int], pikepdf.Pdf] = {}
# Re-entrant: assemble() holds it while laying stamps over pages (pikepdf objects are not thread-safe).
_stamps_lock = threading.RLock()


@dataclass(frozen=True)
class Assembled:
    content: bytes
    pages: int


def _size_key(page: pikepdf.Page) -> tuple[int, int]:
    box = page.mediabox
    return round(float(box[2]) - float(box[0])), round(float(box[3]) - float(box[1]))


def _render_stamps(size: tuple[int, int], count: int) -> pikepdf.Pdf:
    """`count` pages of `size` (points), page i showing ``- i -`` (Thai digits) at the top centre."""
    from weasyprint import HTML

    textlayer.apply()
    width, height = size
    css = (
        fonts.font_face_css()
        + f"""
@page {{ size: {width}pt {height}pt; margin: 0; }}
html {{ font-family: {fonts.FONT_STACK}; font-size: {STAMP_SIZE}; }}
body {{ margin: 0; }}
div {{ height: {height}pt; break-after: page; box-sizing: border-box; text-align: center; line-height: 1;
      padding: {STAMP_TOP} {STAMP_RIGHT} 0 {STAMP_LEFT}; }}
"""
    )
    pages = "".join(f"<div>- {thai_digits(n)} -</div>" for n in range(1, count + 1))
    head = f'<meta charset="utf-8"><style>{css}</style>'
    html = f'<!DOCTYPE html><html lang="th"><head>{head}</head><body>{pages}</body></html>'
    content = (
        HTML(string=html, url_fetcher=fetcher.local_only_fetcher())
        .render(font_config=fonts.configuration())
        .write_pdf()
    )
    return pikepdf.open(io.BytesIO(content))


def stamps(size: tuple[int, int], count: int) -> pikepdf.Pdf:
    """A PDF whose page i (0-based) is the number i + 1 for pages of `size`; cached per process."""
    with _stamps_lock:
        pdf = _stamps.get(size)
        if pdf is None or len(pdf.pages) < count:
            blocks = -(-count // STAMP_BLOCK)
            pdf = _render_stamps(size, blocks * STAMP_BLOCK)
            _stamps[size] = pdf
        return pdf


def assemble(parts: list[bytes], *, number_from: int = 2) -> Assembled:
    """One PDF from the parts' PDFs, in order, with pages `number_from` and later numbered.

    The first part's document information (title, author, language) is kept.
    """
    if not parts:
        raise ValueError("ไม่มีส่วนของเอกสารให้รวม")
    document = pikepdf.open(io.BytesIO(parts[0]))
    others = [pikepdf.open(io.BytesIO(part)) for part in parts[1:]]
    for other in others:
        document.pages.extend(other.pages)
    total = len(document.pages)
    with _stamps_lock:
        for index, page in enumerate(document.pages):
            number = index + 1
            if number >= number_from:
                page.add_overlay(stamps(_size_key(page), total).pages[number - 1])
    out = io.BytesIO()
    document.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for pdf in (document, *others):
        pdf.close()
    return Assembled(content=out.getvalue(), pages=total)
