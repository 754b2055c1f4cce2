"""Make server-drawn SVG (matplotlib's) fit to be inlined in a page under the Content-Security-Policy.

The policy's style-src 'self' refuses every style="…" attribute and <style> element of the page,
inline SVG included. matplotlib writes its colours and fonts that way; every property it uses
(fill, stroke…, font-…, text-anchor) is also an SVG presentation attribute, which the policy does
not touch, so `fill: #1d7a3a` becomes fill="#1d7a3a" and the chart looks the same.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()

_TAG = re.compile(r"<([a-zA-Z][\w:-]*)(\s[^<>]*?)?(/?)>")
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
# matplotlib's only stylesheet: `*{stroke-linejoin: round; stroke-linecap: butt}` (charts.py scopes it by id).
_STYLE_ELEMENT = re.compile(r"<style[^>]*>\s*[^{<]*\*\s*\{([^}<]*)\}\s*</style>")


def _declarations(css: str) -> list[tuple[str, str]]:
    pairs = []
    for declaration in css.split(";"):
        name, sep, value = declaration.partition(":")
        if sep and name.strip():
            pairs.append((name.strip(), value.strip().replace('"', "'")))
    return pairs


def _with_attributes(name: str, attrs: str, close: str, pairs: list[tuple[str, str]]) -> str:
    for prop, value in pairs:
        # The style used to win over an attribute of the same name; keep that by replacing it.
        attrs = re.sub(rf'\s{re.escape(prop)}="[^"]*"', "", attrs)
        attrs += f' {prop}="{value}"'
    return f"<{name}{attrs}{close}>"


@register.filter(is_safe=True)
def presentation_attributes(svg: str) -> SafeString:
    """The SVG with its style attributes and its `* {…}` stylesheet turned into presentation attributes."""
    if not isinstance(svg, SafeData):
        return conditional_escape(svg)  # only markup the portal drew itself (and marked safe) is rewritten
    root_pairs: list[tuple[str, str]] = []

    def take_stylesheet(match: re.Match[str]) -> str:
        # `*` sets these on every element; as attributes of the root they are inherited instead, and an
        # element's own attribute still wins, as its style="…" did over the stylesheet.
        root_pairs.extend(_declarations(match.group(1)))
        return ""

    text = _STYLE_ELEMENT.sub(take_stylesheet, str(svg))

    def convert(match: re.Match[str]) -> str:
        name, attrs, close = match.group(1), match.group(2) or "", match.group(3)
        pairs: list[tuple[str, str]] = []
        for style in _STYLE_ATTR.findall(attrs):
            pairs += _declarations(style)
        attrs = _STYLE_ATTR.sub("", attrs)
        if name == "svg" and root_pairs:
            pairs = root_pairs + pairs
            root_pairs.clear()
        return _with_attributes(name, attrs, close, pairs) if pairs else f"<{name}{attrs}{close}>"

    return mark_safe(_TAG.sub(convert, text))  # the input was safe already: only attributes move
