"""Numbers typed with Thai digits (๐–๙) are read as numbers in every box of the portal (issue 15, item 7).

A number input (type="number") sends ๔๕ as an empty value, so a measure numbered ๔๕ quietly went to
the end of the plan. Every box where a number is typed is a text box with a numeric keyboard, and the
server reads Thai digits. This walks every form of the project, including the fields forms add when
they are built (scores per indicator, a chain step's order, a month's year).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from assessments.forms import ResultsForm
from assessments.imports.forms import ItemImportForm
from ita_portal.forms import ThaiDateField, ThaiIntegerField, ThaiPhoneField, typed_number
from ita_portal.thai import thai_digits
from measures.models import Measure
from reports.memos.forms import MemoForm, StepFormSet
from reports.views import DocumentRequestForm
from tests.factories import AgencyFactory, MembershipFactory, PlanFactory
from tests.ita_portal.test_thai_messages import project_forms


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        yield


def typed_fields(fields: dict[str, forms.Field]) -> list[tuple[str, forms.Field]]:
    """The fields a person types a number into: number fields, and boxes that ask for a numeric keyboard."""
    found = []
    for name, field in fields.items():
        subfields = getattr(field, "fields", None)
        if subfields:  # a month and a year
            found += typed_fields({f"{name}_{i}": f for i, f in enumerate(subfields)})
            continue
        if isinstance(field.widget, forms.HiddenInput):
            continue
        number = isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
        if number or field.widget.attrs.get("inputmode") in ("numeric", "decimal"):
            found.append((name, field))
    return found


def assert_reads_thai_digits(name: str, field: forms.Field) -> None:
    low = getattr(field, "min_value", None)
    arabic = str(low if low is not None else 45)
    html = field.widget.render(name, "", attrs=field.widget_attrs(field.widget))
    assert 'type="number"' not in html, f"{name}: a number input refuses Thai digits: {html}"
    assert "inputmode=" in html, f"{name} asks for no numeric keyboard: {html}"
    # A text box whose form reads the number later (the import's published scores) keeps the text as typed.
    assert typed_number(field.clean(f" {thai_digits(arabic)} ")) == typed_number(field.clean(arabic)), name


def test_typed_numbers_lose_thai_digits_spaces_and_thousands_commas():
    assert typed_number("๔๕") == "45"
    assert typed_number(" ๑ ๒๓๔ ") == "1234"
    assert typed_number("๑,๒๓๔.๕") == "1234.5"
    assert typed_number("87,5") == "87,5"  # not thousands: the decimal field reads it as 87.5
    assert typed_number(None) is None


def test_every_number_box_of_every_form_is_text_and_reads_thai_digits():
    checked = []
    for form in project_forms():
        for name, field in typed_fields(form.base_fields):
            assert_reads_thai_digits(f"{form.__name__}.{name}", field)
            checked.append(f"{form.__name__}.{name}")
    # The measure's number, the month's year, the document's year, the catalogue's year and scores.
    for expected in ("MeasureForm.number", "MeasureForm.period_start_1", "DocumentRequestForm.fiscal_year"):
        assert expected in checked
    assert "UploadForm.year" in checked and "SettingsForm.pass_mark" in checked


def test_every_date_box_is_text_and_reads_a_buddhist_era_date_in_thai_digits(catalogue):
    fields = {f"ResultsForm.{n}": f for n, f in ResultsForm(framework=catalogue[2567]).fields.items()}
    for form in project_forms():
        fields |= {f"{form.__name__}.{n}": f for n, f in form.base_fields.items()}
    dates = [(name, field) for name, field in fields.items() if isinstance(field, forms.DateField)]
    assert {"AssignForm.due_date", "ResultsForm.item_O1_decision_date"} <= {name for name, _ in dates}
    for name, field in dates:
        assert isinstance(field, ThaiDateField), f"{name}: a browser date picker writes Christian-Era years"
        assert field.clean("๑๒/๗/๒๕๖๔") == field.clean("12/7/2564") == datetime.date(2021, 7, 12), name


def test_number_boxes_that_forms_add_when_built_read_thai_digits_too(catalogue):
    agency = AgencyFactory()
    built = [
        ResultsForm(framework=catalogue[2567]),
        ItemImportForm(),
        StepFormSet(agency=agency, prefix="steps").forms[0],
    ]
    checked = 0
    for form in built:
        for name, field in typed_fields(form.fields):
            assert_reads_thai_digits(f"{type(form).__name__}.{name}", field)
            checked += 1
    assert checked >= 10 + 4 + 8 + 1  # ten indicators, four published totals, eight survey scores, the order


def test_a_chain_step_order_typed_in_thai_digits_orders_the_steps(db):
    agency = AgencyFactory()
    data = {"steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0"}
    for index, (title, order) in enumerate([("นายก", "๒"), ("ปลัด", "๑")]):
        data |= {f"steps-{index}-position_title": title, f"steps-{index}-decisions": ["approve"]}
        data[f"steps-{index}-ORDER"] = order
    formset = StepFormSet(data, agency=agency, prefix="steps")
    assert formset.is_valid(), formset.errors
    assert [s.position_title for s in formset.steps()] == ["ปลัด", "นายก"]


def test_a_number_that_is_not_one_is_answered_in_thai():
    field = ThaiIntegerField(min_value=1, max_value=999)
    for typed, message in [("สี่สิบห้า", "ตัวเลขจำนวนเต็ม"), ("๐", "ไม่น้อยกว่า ๑"), ("๑,๐๐๐", "ไม่เกิน ๙๙๙")]:
        with pytest.raises(forms.ValidationError) as caught:
            field.clean(typed)
        assert message in caught.value.messages[0]


def test_the_document_form_reads_a_year_typed_in_thai_digits():
    form = DocumentRequestForm({"kind": "plan", "fiscal_year": "๒๕๖๖", "round": ""})
    form.is_valid()
    assert "fiscal_year" not in form.errors
    assert form.cleaned_data["fiscal_year"] == 2566


def test_telephone_numbers_are_kept_with_arabic_digits_whatever_was_typed():
    assert ThaiPhoneField().clean(" ๐-๗๕๓๕-๕๖๓๑  ต่อ ๑๒ ") == "0-7535-5631 ต่อ 12"
    memo_phone = MemoForm.base_fields["phone"]
    assert isinstance(memo_phone, ThaiPhoneField)
    assert memo_phone.widget_attrs(memo_phone.widget)["inputmode"] == "tel"


def test_the_agency_telephone_typed_in_thai_digits_is_stored_and_shown_in_thai_digits(client, db):
    member = MembershipFactory(role="coordinator")
    client.force_login(member.user)
    url = reverse("assessments:agency_settings", args=[member.agency.pk])

    response = client.post(url, {"phone": "๐-๗๕๓๕-๕๖๓๑", "doc_prefix": ""})

    assert response.status_code == 302
    member.agency.refresh_from_db()
    assert member.agency.phone == "0-7535-5631"
    assert "โทร. ๐-๗๕๓๕-๕๖๓๑" in client.get(reverse("home")).content.decode()


def test_a_measure_numbered_in_thai_digits_gets_that_number_not_the_next_free_one(client, db):
    member = MembershipFactory(role="coordinator")
    plan = PlanFactory(agency=member.agency)
    client.force_login(member.user)
    url = reverse("measures:measure_new", args=[plan.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"number": "๔๕", "section": "measure", "title": "เปิดเผยข้อมูลการจัดซื้อจัดจ้าง"})

    assert 'name="number"' in page and 'inputmode="numeric"' in page and 'type="number"' not in page
    assert response.status_code == 302
    assert Measure.objects.get(plan=plan).number == 45


def test_a_measure_number_that_is_not_a_number_is_refused_in_thai_instead_of_appended(client, db):
    member = MembershipFactory(role="coordinator")
    plan = PlanFactory(agency=member.agency)
    client.force_login(member.user)

    response = client.post(
        reverse("measures:measure_new", args=[plan.pk]),
        {"number": "๔ห้า", "section": "measure", "title": "เปิดเผยข้อมูลการจัดซื้อจัดจ้าง"},
    )

    assert response.status_code == 200
    assert "ลำดับต้องเป็นตัวเลข" in response.content.decode()
    assert not Measure.objects.filter(plan=plan).exists()


def test_a_score_typed_in_thai_digits_is_read_as_that_score(catalogue):
    form = ResultsForm({"ind_1": "๘๗.๕", "reported_total": "๑๐๐"}, framework=catalogue[2567])
    form.is_valid()
    assert form.cleaned_data["ind_1"] == Decimal("87.5")
    assert form.cleaned_data["reported_total"] == Decimal(100)
    imported = ItemImportForm()
    imported.cleaned_data = {"indicator_1": " ๘๗.๕ ", "indicator_2": ""}
    assert imported.indicator_scores() == {1: Decimal("87.50")}
