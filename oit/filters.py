"""Filters of the workspace page: department, status, no URL, broken link, overdue."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from assessments.models import Department
from oit.models import Answer, Link, Workspace


class OnlyIfTicked(django_filters.BooleanFilter):
    """A checkbox: ticked narrows the list, unticked leaves it whole (never "the opposite")."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)


class AnswerFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        label="ส่วนราชการ", field_name="departments", queryset=Department.objects.none(), empty_label="ทุกส่วนราชการ"
    )
    status = django_filters.ChoiceFilter(label="สถานะ", choices=Answer.Status.choices, empty_label="ทุกสถานะ")
    no_url = OnlyIfTicked(label="ไม่มี URL", method="filter_no_url")
    broken = OnlyIfTicked(label="ลิงก์ไม่ผ่านการตรวจ", method="filter_broken")
    overdue = OnlyIfTicked(label="เลยกำหนด", method="filter_overdue")

    class Meta:
        model = Answer
        fields: list[str] = []

    def __init__(self, *args, workspace: Workspace, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["department"].queryset = workspace.agency.departments.all()

    def filter_no_url(self, queryset: QuerySet[Answer], name: str, value: bool) -> QuerySet[Answer]:
        if not value:
            return queryset
        return queryset.exclude(Exists(Link.objects.filter(answer=OuterRef("pk"))))

    def filter_broken(self, queryset: QuerySet[Answer], name: str, value: bool) -> QuerySet[Answer]:
        if not value:
            return queryset
        return queryset.filter(Exists(Link.objects.filter(answer=OuterRef("pk"), check_ok=False)))

    def filter_overdue(self, queryset: QuerySet[Answer], name: str, value: bool) -> QuerySet[Answer]:
        if not value:
            return queryset
        return queryset.filter(due_date__lt=self.today).exclude(status=Answer.Status.READY)
