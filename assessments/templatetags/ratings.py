"""{% rating_badge rating %}: the year's official rating, its rule in a tooltip, and whether the rule is confirmed."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from assessments.rating import UNCONFIRMED, Rating

register = template.Library()


@register.simple_tag
def rating_badge(rating: Rating | None) -> SafeString | str:
    if not rating or not rating.label:
        return "–"
    badge = format_html(
        '<span class="grade grade-{}" title="{}">{}</span>', rating.tone or "mid", rating.explanation, rating.label
    )
    if rating.confirmed:
        return badge
    return format_html('{} <small class="unconfirmed">{}</small>', badge, UNCONFIRMED)
