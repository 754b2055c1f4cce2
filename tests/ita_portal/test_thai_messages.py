"""Every validation message a form can show is Thai (issue 18, item 5).

Django's own Thai catalogue leaves some built-in messages in English ("Ensure this value has at
most N characters", "Null characters are not allowed", "Please submit at most N forms"); the
project ships their Thai in locale/th. This walks every field of every form class of the project
with over-long and NUL-containing input, and every formset with too many forms.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext

FORM_MODULES = [
    "assessments.forms",
    "assessments.imports.forms",
    "assessments.catalogue.forms",
    "measures.forms",
    "reports.memos.forms",
    "reports.memos.office_forms",
    "oit.forms",
    "members.forms",
    "assessments.views.agency",  # forms small enough to live beside their one view
    "reports.views",
]
# English words that start Django's built-in messages; none may reach a Thai user.
ENGLISH = re.compile(r"\b(Ensure|Enter|Null|Please|Select|This field|ManagementForm|Value|characters?)\b")
PO = Path(__file__).resolve().parents[2] / "locale" / "th" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        yield


def project_forms() -> list[type[forms.BaseForm]]:
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                found.append(cls)
    return found


def messages_for(field: forms.Field, value: object) -> list[str]:
    try:
        field.clean(value)
    except ValidationError as exc:
        return [str(m) for m in exc.messages]
    except Exception:  # a field that cannot take text at all says nothing to anyone
        return []
    return []


def test_every_message_the_project_translates_is_loaded_in_thai():
    text = PO.read_text(encoding="utf-8")
    singles = re.findall(r'^msgid "(.+)"\nmsgstr "', text, flags=re.M)
    plurals = re.findall(r'^msgid "(.+)"\nmsgid_plural "(.+)"', text, flags=re.M)
    assert len(singles) + len(plurals) > 40
    untranslated = [m for m in singles if gettext(m) == m] + [p for s, p in plurals if ngettext(s, p, 5) == p]
    assert untranslated == [], "locale/th is not compiled or not on LOCALE_PATHS"


def test_every_form_field_answers_over_long_and_nul_input_in_thai():
    checked = 0
    for form in project_forms():
        for name, field in form.base_fields.items():
            limit = getattr(field, "max_length", None) or 100
            for value in ("ก" * (limit + 5), "ก\x00ข", "9" * 40):
                for message in messages_for(field, value):
                    checked += 1
                    assert not ENGLISH.search(message), f"{form.__name__}.{name}: {message}"
    assert checked > 50  # the walk really met validation messages


@pytest.mark.parametrize("module", ["assessments.catalogue.forms"])
def test_every_formset_answers_too_many_forms_and_a_broken_management_form_in_thai(module):
    formsets = [
        cls
        for _, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass)
        if issubclass(cls, forms.BaseFormSet) and cls is not forms.BaseFormSet and hasattr(cls, "form")
    ]
    assert formsets
    checked = 0
    for formset in formsets:
        kwargs = {"form_kwargs": {}} if "form_kwargs" in inspect.signature(formset.__init__).parameters else {}
        too_many = {"form-TOTAL_FORMS": str(formset.absolute_max + 5), "form-INITIAL_FORMS": "0"}
        for data in (too_many, {}):
            try:
                bound = formset(data=data, prefix="form", **kwargs)
                errors = [str(e) for e in bound.non_form_errors()]
            except TypeError:  # a formset that needs its own arguments (agency, draft …) is walked by its page tests
                continue
            assert errors, formset.__name__
            assert not any(ENGLISH.search(e) for e in errors), errors
            checked += 1
    assert checked >= 2
