"""The analysis report's SVG charts as PNG pictures for Word (python-docx takes raster images only).

WeasyPrint draws the SVG on a page of the picture's size, as it does in the PDF, and poppler's
`pdftoppm` (poppler-utils, a system package of the project) turns that page into a PNG.
"""

from __future__ import annotations

import logging
import re
import subprocess

from reports.documents.render import render_part
from reports.pdf import fonts
from reports.templatetags.report_pdf import svg_data_uri

logger = logging.getLogger(__name__)
DPI = 200
_VIEWBOX = re.compile(r'viewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*"')


def svg_png(svg: str, *, width_cm: float) -> tuple[bytes, float] | None:
    """(PNG bytes, height in cm) of the chart `width_cm` wide; None (logged) if it cannot be drawn."""
    match = _VIEWBOX.search(svg)
    if not match:
        return None
    height_cm = width_cm * float(match[2]) / float(match[1])
    html = (
        f"<html><head><style>{fonts.font_face_css()} @page {{ size: {width_cm}cm {height_cm}cm; margin: 0 }}"
        " body { margin: 0 } img { display: block; width: 100%; height: 100% }</style></head>"
        f'<body><img src="{svg_data_uri(svg)}" alt=""></body></html>'
    )
    try:
        pdf = render_part(html).content
        result = subprocess.run(
            ["pdftoppm", "-png", "-r", str(DPI), "-singlefile", "-f", "1", "-l", "1", "-"],  # PNG to stdout
            input=pdf,
            capture_output=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        logger.exception("a chart could not be drawn for the Word copy")
        return None
    return result.stdout, height_cm
