"""Template filters over ita_portal.thai (loaded as a builtin in every template)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from ita_portal import thai

register = template.Library()


@register.filter
def thai_digits(value: object) -> str:
    return thai.thai_digits(value)


@register.filter
def thai_number(value: Decimal | float | int | None, places: int = 2) -> str:
    return thai.thai_number(value, places)


@register.filter
def thai_date(value: datetime.date | datetime.datetime | None) -> str:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return thai.thai_date(value)


@register.filter
def thai_datetime(value: datetime.datetime | None) -> str:
    if value is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    return thai.thai_datetime(value)


@register.filter
def thai_month_year(value: datetime.date | None) -> str:
    return thai.thai_month_year(value)
