"""Filters of the plan page: department, status in a round, tool, indicator, item code, Thai search."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from assessments.codes import ItemCodeError, normalise_item_code
from assessments.models import Department, Indicator
from measures.models import Measure, MeasurePlan, Progress, Round
from measures.search import search_measures

STATUS_CHOICES = [*Progress.Status.choices, ("missing", "ยังไม่รายงาน")]
TOOL_CHOICES = [("IIT", "IIT"), ("EIT", "EIT"), ("OIT", "OIT")]


class ItemCodeField(forms.CharField):
    """An item code as typed (0๑๑, O๓๑); an unreadable one is a field error in Thai."""

    def to_python(self, value: str | None) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        try:
            return normalise_item_code(text)
        except ItemCodeError as exc:
            raise forms.ValidationError(str(exc)) from None


class ItemCodeFilter(django_filters.CharFilter):
    field_class = ItemCodeField


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="ค้นหา", method="filter_search")
    department = django_filters.ModelChoiceFilter(
        label="ส่วนราชการ", field_name="departments", queryset=Department.objects.none(), empty_label="ทุกส่วนราชการ"
    )
    round = django_filters.ChoiceFilter(
        label="รอบ", choices=[(str(v), label) for v, label in Round.choices], method="filter_nothing", empty_label=None
    )
    status = django_filters.ChoiceFilter(
        label="สถานะในรอบ", choices=STATUS_CHOICES, method="filter_status", empty_label="ทุกสถานะ"
    )
    tool = django_filters.ChoiceFilter(
        label="เครื่องมือ",
        choices=TOOL_CHOICES,
        field_name="indicators__tool__code",
        empty_label="ทุกเครื่องมือ",
        distinct=True,
    )
    indicator = django_filters.ModelChoiceFilter(
        label="ตัวชี้วัด", field_name="indicators", queryset=Indicator.objects.none(), empty_label="ทุกตัวชี้วัด"
    )
    item = ItemCodeFilter(label="ข้อ", method="filter_item")

    class Meta:
        model = Measure
        fields: list[str] = []

    def __init__(self, *args, plan: MeasurePlan, current_round: int, **kwargs) -> None:
        data = (args[0] if args else kwargs.get("data")) or {}
        data = data.copy()
        data.setdefault("round", str(current_round))
        super().__init__(data, *args[1:], **kwargs)
        self.plan = plan
        self.filters["department"].queryset = plan.agency.departments.all()
        self.filters["indicator"].queryset = (
            plan.framework.indicators.order_by("number") if plan.framework else Indicator.objects.none()
        )
        self.filters["indicator"].field.label_from_instance = lambda i: f"{i.number}. {i.name_th}"
        self.filters["item"].field.widget = forms.TextInput(attrs={"placeholder": "เช่น O11", "size": 8})
        self.filters["q"].field.widget = forms.TextInput(attrs={"placeholder": "คำในมาตรการ เช่น ทรัพย์สินราชการ"})

    @property
    def chosen_round(self) -> int:
        form = self.form
        if form.is_valid() and form.cleaned_data.get("round"):
            return int(form.cleaned_data["round"])
        return int(self.data.get("round") or Round.TWELVE_MONTH)

    def filter_nothing(self, queryset: QuerySet[Measure], name: str, value: object) -> QuerySet[Measure]:
        return queryset  # the round only says which round `status` looks at

    def filter_search(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        return search_measures(queryset, value)

    def filter_status(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        reported = Progress.objects.filter(round=self.chosen_round)
        if value == "missing":
            return queryset.exclude(pk__in=reported.values("measure"))
        return queryset.filter(pk__in=reported.filter(status=value).values("measure"))

    def filter_item(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        return queryset.filter(pk__in=Measure.objects.filter(items__code=value).values("pk"))
