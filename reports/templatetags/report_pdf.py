"""Filters for the PDF templates."""

from __future__ import annotations

import base64

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def keep_name(text: str, name: str) -> SafeString:
    """`text` escaped, with every `name` in it kept on one line.

    libthai breaks an agency's name between its dictionary words (องค์การบริหารส่วนตำบลวัง|ประจัน).
    Pass the bare name (วังประจัน), not the full one, so the line may still break before it.
    """
    escaped = conditional_escape(text)
    if not name:
        return mark_safe(escaped)
    wanted = conditional_escape(name)  # both sides escaped: the result is safe
    return mark_safe(escaped.replace(wanted, f'<span class="nw">{wanted}</span>'))


@register.filter
def svg_data_uri(svg: str) -> str:
    """An SVG document as a data: URI for <img>.

    WeasyPrint renders an <img> SVG on its own: inline <svg> would pass matplotlib's style
    attributes through the HTML CSS parser (a warning for each fill/stroke) and through keep_whole.
    """
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
