"""Form fields shared by the apps: numbers, telephone numbers and dates typed with Thai digits.

Every box where a number is typed is a text box with `inputmode` (a number input refuses ๐–๙: the
browser sends it empty, and an empty measure number means "append at the end"), and the server turns
what was typed into Arabic digits before validating it. tests/ita_portal/test_thai_numbers.py walks
every form of the project to keep it so.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import URLValidator

from ita_portal.thai import arabic_digits, parse_thai_date, short_date, thai_digits

# 1,000 or 12,345.50: commas that group thousands, dropped before the number is read.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def typed_number(value: Any) -> Any:
    """A number as typed, ready to be read: Thai digits made Arabic, spaces and thousands commas removed."""
    if not isinstance(value, str):
        return value
    text = "".join(arabic_digits(value).split())
    return text.replace(",", "") if _GROUPED.match(text) else text


class TypedNumberMixin:
    """A number field rendered as a text box with a numeric keyboard, reading Thai digits (see typed_number)."""

    inputmode = "numeric"
    invalid_message = "กรุณากรอกเป็นตัวเลข เช่น ๔๕ หรือ 45"

    def __init__(self, **kwargs: Any) -> None:
        messages = {"invalid": self.invalid_message}
        if kwargs.get("min_value") is not None:
            messages["min_value"] = f"ต้องไม่น้อยกว่า {thai_digits(kwargs['min_value'])}"
        if kwargs.get("max_value") is not None:
            messages["max_value"] = f"ต้องไม่เกิน {thai_digits(kwargs['max_value'])}"
        kwargs["error_messages"] = {**messages, **(kwargs.get("error_messages") or {})}
        super().__init__(**kwargs)  # type: ignore[call-arg]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)  # type: ignore[misc]
        for browser_check in ("step", "min", "max"):  # the server checks, and answers in Thai
            attrs.pop(browser_check, None)
        return {**attrs, "inputmode": self.inputmode}

    def to_python(self, value: Any) -> Any:
        return super().to_python(typed_number(value))  # type: ignore[misc]


class ThaiIntegerField(TypedNumberMixin, forms.IntegerField):
    """A whole number (a measure's number, a year, an order) that may be typed ๔๕ or 45."""

    widget = forms.TextInput
    invalid_message = "กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น ๔๕ หรือ 45"


class ThaiDecimalField(TypedNumberMixin, forms.DecimalField):
    """A decimal that may be typed with Thai digits (๘๗.๗) or a comma as decimal mark (87,5)."""

    widget = forms.TextInput
    inputmode = "decimal"
    invalid_message = "กรุณากรอกเป็นตัวเลข เช่น ๘๗.๕๐ หรือ 87.50"

    def __init__(self, **kwargs: Any) -> None:
        digits, places = kwargs.get("max_digits"), kwargs.get("decimal_places")
        messages = {}
        if digits is not None:
            messages["max_digits"] = f"ตัวเลขต้องมีไม่เกิน {thai_digits(digits)} หลัก"
        if places is not None:
            messages["max_decimal_places"] = f"ทศนิยมไม่เกิน {thai_digits(places)} ตำแหน่ง"
        if digits is not None and places is not None:
            messages["max_whole_digits"] = f"ต้องมีไม่เกิน {thai_digits(digits - places)} หลักหน้าจุดทศนิยม"
        kwargs["error_messages"] = {**messages, **(kwargs.get("error_messages") or {})}
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "size": 7}

    def to_python(self, value: Any) -> Decimal | None:
        value = typed_number(value)
        if isinstance(value, str):
            value = value.replace(",", ".")  # what is left after thousands: a decimal comma
        return super().to_python(value)


class ThaiPhoneField(forms.CharField):
    """A telephone number as typed (๐-๗๕๓๕-๕๖๓๑ ต่อ ๑๒), stored with Arabic digits; printed in Thai digits."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "tel", "autocomplete": "tel"}

    def to_python(self, value: Any) -> str:
        return " ".join(arabic_digits(super().to_python(value)).split())


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
