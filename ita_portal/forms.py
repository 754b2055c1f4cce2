"""Form fields shared by the apps: numbers typed with Thai digits."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import URLValidator

from ita_portal.thai import arabic_digits, parse_thai_date, short_date


class ThaiDecimalField(forms.DecimalField):
    """A decimal that may be typed with Thai digits (๘๗.๗) or a comma as decimal mark; rendered as text,
    because a number input refuses Thai digits."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid": "กรุณากรอกเป็นตัวเลข เช่น ๘๗.๕๐ หรือ 87.50"})
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return {**attrs, "inputmode": "decimal", "size": 7}

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = arabic_digits(value).strip().replace(",", ".")
        return super().to_python(value)


class ThaiDateField(forms.DateField):
    """A date typed in the Buddhist Era as officials write it (12/7/64, ๑๒ ก.ค. ๒๕๖๔): a text box, not the
    browser's date picker, whose years are Christian Era."""

    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "placeholder": "วว/ดด/ปปปป (พ.ศ.)", "size": 11}

    def prepare_value(self, value: Any) -> Any:
        return short_date(value) if isinstance(value, datetime.date) else value

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_thai_date(str(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def url_lines(text: str) -> list[tuple[int, str, str | None]]:
    """Links typed one per line: (line number, what was typed, the URL or None if it is not a web link).

    Blank lines are skipped; a link typed without a scheme is taken as https://.
    """
    validate = URLValidator(schemes=["http", "https"])
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        typed = line.strip()
        if not typed:
            continue
        url = typed if "://" in typed else f"https://{typed}"
        try:
            validate(url)
        except forms.ValidationError:
            found.append((number, typed, None))
        else:
            found.append((number, typed, url))
    return found
