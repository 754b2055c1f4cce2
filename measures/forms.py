"""Forms for measures and progress. They clean input into the services' data classes."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from assessments.models import Department, Indicator, Item
from ita_portal import thai
from ita_portal.forms import ThaiIntegerField, url_lines
from measures.evidence import ALLOWED_TEXT, MAX_EVIDENCE_BYTES, validate_evidence_file
from measures.models import PLAN_TITLE, Measure, MeasurePlan, Progress
from measures.services import MeasureData, ProgressData

MONTH_CHOICES = [("", "เดือน")] + [(str(i), name) for i, name in enumerate(thai.MONTHS, start=1)]
MAX_FILES = 10


class ThaiMonthWidget(forms.MultiWidget):
    template_name = "measures/widgets/thai_month.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.Select(choices=MONTH_CHOICES),
            # Text, not number: a Thai keyboard types ๒๕๖๖, which a number input would refuse.
            forms.TextInput(
                attrs={
                    "placeholder": "พ.ศ.",
                    "inputmode": "numeric",
                    "maxlength": 4,
                    "pattern": "[0-9๐-๙]{4}",
                    "title": "ปี พ.ศ. ๔ หลัก เช่น ๒๕๖๖",
                }
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: datetime.date | None) -> list[Any]:
        if value:
            return [str(value.month), thai.be_year(value.year)]
        return [None, None]


class ThaiMonthField(forms.MultiValueField):
    """A month picked as a Thai month name and a Buddhist-Era year; stored as its first (or last) day."""

    widget = ThaiMonthWidget

    def __init__(self, *, end_of_month: bool = False, **kwargs: Any) -> None:
        self.end_of_month = end_of_month
        fields = (
            forms.TypedChoiceField(choices=MONTH_CHOICES, coerce=int, required=False),
            ThaiIntegerField(
                required=False,
                min_value=2500,
                max_value=2700,
                error_messages={
                    "min_value": "ปี พ.ศ. ต้องไม่น้อยกว่า ๒๕๐๐",
                    "max_value": "ปี พ.ศ. ต้องไม่เกิน ๒๗๐๐",
                    "invalid": "ปี พ.ศ. ต้องเป็นตัวเลข",
                },
            ),
        )
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        month, year = data_list
        if not month or not year:
            raise ValidationError("กรุณาเลือกทั้งเดือนและปี พ.ศ.")
        year_ce = thai.ce_year(int(year))
        day = calendar.monthrange(year_ce, int(month))[1] if self.end_of_month else 1
        return datetime.date(year_ce, int(month), day)


class CodeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        label = f"{obj.code} {obj.name_th}"
        return f"{label} ({obj.get_confidence_display()})" if obj.unconfirmed else label


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"ตัวชี้วัดที่ {thai.thai_digits(obj.number)} {obj.name_th} ({obj.tool.code})"


class MeasureForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = ThaiIntegerField(
        label="ลำดับ",
        required=False,
        min_value=1,
        max_value=999,
        help_text="เว้นว่างเพื่อต่อท้ายรายการ",
        error_messages={"invalid": "ลำดับต้องเป็นตัวเลข เช่น ๔๕ หรือ 45 (เว้นว่างเพื่อต่อท้ายรายการ)"},
        widget=forms.TextInput(attrs={"size": 4, "maxlength": 10}),
    )
    section = forms.ChoiceField(label="ส่วน", choices=Measure.Section.choices, initial=Measure.Section.MEASURE)
    title = forms.CharField(label="มาตรการ / แนวทาง", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    issue = forms.CharField(
        label="ประเด็นที่ต้องปรับปรุงแก้ไข", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    items = CodeChoiceField(
        label="ข้อการประเมิน", required=False, queryset=Item.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    indicators = IndicatorChoiceField(
        label="ตัวชี้วัด", required=False, queryset=Indicator.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    steps = forms.CharField(
        label="ขั้นตอน / วิธีการปฏิบัติ", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    departments = forms.ModelMultipleChoiceField(
        label="ส่วนราชการผู้รับผิดชอบ",
        required=False,
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_text = forms.CharField(
        label="ผู้รับผิดชอบ (ข้อความที่พิมพ์ในรายงาน)",
        required=False,
        max_length=1000,
        help_text="เว้นว่างเพื่อใช้ชื่อส่วนราชการที่เลือก",
    )
    period_start = ThaiMonthField(label="เริ่ม")
    period_end = ThaiMonthField(label="สิ้นสุด", end_of_month=True)
    period_text = forms.CharField(
        label="ระยะเวลา (ข้อความที่พิมพ์ในรายงาน)",
        required=False,
        max_length=300,
        help_text="เว้นว่างเพื่อพิมพ์เป็นเดือนเริ่ม – สิ้นสุด เช่น ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖",
    )
    monitoring = forms.CharField(
        label="การรายงานผลและการกำกับติดตาม", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, plan: MeasurePlan, staff_department_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.staff_department_id = staff_department_id
        if plan.framework:
            self.fields["items"].queryset = plan.framework.items.select_related("indicator").order_by("order")
            self.fields["indicators"].queryset = plan.framework.indicators.select_related("tool").order_by("number")
        self.fields["departments"].queryset = plan.agency.departments.all()

    @classmethod
    def initial_for(cls, measure: Measure) -> dict[str, Any]:
        return {
            "pk": measure.pk,
            "version": measure.version,
            "number": measure.number,
            "section": measure.section,
            "title": measure.title,
            "issue": measure.issue,
            "items": list(measure.items.all()),
            "indicators": list(measure.indicators.all()),
            "steps": measure.steps,
            "departments": list(measure.departments.all()),
            "responsible_text": measure.responsible_text,
            "period_start": measure.period_start,
            "period_end": measure.period_end,
            "period_text": measure.period_text,
            "monitoring": measure.monitoring,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "เดือนสิ้นสุดต้องไม่ก่อนเดือนเริ่ม")
        number = data.get("number")
        if number and self.plan.measures.filter(number=number).exclude(pk=self.initial.get("pk")).exists():
            self.add_error("number", f"ลำดับที่ {thai.thai_digits(number)} มีอยู่แล้วในแผนนี้")
        if self.staff_department_id is not None:
            chosen = {d.pk for d in data.get("departments", [])}
            if self.staff_department_id not in chosen:
                self.add_error("departments", "ต้องเลือกส่วนราชการของท่านไว้ด้วย มิฉะนั้นท่านจะแก้ไขมาตรการนี้ไม่ได้อีก")
        return data

    def to_data(self) -> MeasureData:
        d = self.cleaned_data
        return MeasureData(
            number=d.get("number"),
            section=d["section"],
            title=d["title"].strip(),
            issue=d["issue"].strip(),
            steps=d["steps"].strip(),
            responsible_text=d["responsible_text"].strip(),
            period_start=d.get("period_start"),
            period_end=d.get("period_end"),
            period_text=d["period_text"].strip(),
            monitoring=d["monitoring"].strip(),
            items=list(d.get("items", [])),
            indicators=list(d.get("indicators", [])),
            departments=list(d.get("departments", [])),
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(f"แนบได้ครั้งละไม่เกิน {thai.thai_digits(MAX_FILES)} ไฟล์")
        errors = []
        for file in files:
            try:
                validate_evidence_file(file)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return list(files)


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label="สถานะ", choices=Progress.Status.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label="สรุปผลการดำเนินการ", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    outcome = forms.CharField(
        label="ผลลัพธ์ / ความสำเร็จ", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    urls = forms.CharField(
        label="ลิงก์หลักฐาน (บรรทัดละหนึ่งลิงก์)",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "https://www.example.go.th/ita/o43", "inputmode": "url"}
        ),
    )
    files = MultipleFileField(
        label="แนบไฟล์หลักฐาน",
        required=False,
        help_text=f"{ALLOWED_TEXT} ไฟล์ละไม่เกิน {thai.thai_digits(MAX_EVIDENCE_BYTES // 1024 // 1024)} MB",
    )
    remove_evidence = forms.TypedMultipleChoiceField(
        label="ลบหลักฐาน", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, progress: Progress | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        evidence = list(progress.evidence.all()) if progress else []
        self.existing_evidence = evidence
        self.fields["remove_evidence"].choices = [(e.pk, str(e)) for e in evidence]
        self.fields["files"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"

    def clean_urls(self) -> list[str]:
        urls = []
        for number, typed, url in url_lines(self.cleaned_data["urls"]):
            if url is None:
                raise ValidationError(f"บรรทัดที่ {thai.thai_digits(number)}: “{typed}” ไม่ใช่ลิงก์เว็บที่ถูกต้อง")
            if len(url) > 1000:
                raise ValidationError(f"บรรทัดที่ {thai.thai_digits(number)}: ลิงก์ยาวเกิน ๑,๐๐๐ ตัวอักษร")
            urls.append(url)
        limit = settings.EVIDENCE_LINKS_PER_SAVE
        if len(urls) > limit:
            raise ValidationError(
                f"ใส่ลิงก์หลักฐานได้ครั้งละไม่เกิน {thai.thai_digits(limit)} ลิงก์ (ส่งมา {thai.thai_digits(len(urls))} ลิงก์)"
            )
        return urls

    def to_data(self) -> ProgressData:
        d = self.cleaned_data
        return ProgressData(
            status=d["status"],
            summary=d["summary"].strip(),
            outcome=d["outcome"].strip(),
            add_urls=d["urls"],
            add_files=d["files"],
            remove_evidence=d["remove_evidence"],
        )


class PlanForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label="ปีงบประมาณ (พ.ศ.)",
        coerce=int,
        choices=(),
        error_messages={"invalid_choice": "สร้างแผนของปีงบประมาณนี้ไม่ได้ (มีแผนอยู่แล้ว หรือไม่มีกรอบการประเมินของปีนี้)"},
    )
    title = forms.CharField(label="ชื่อแผน (หัวเรื่องที่พิมพ์)", max_length=300, required=False)
    framework = forms.ModelChoiceField(
        label="อ้างอิงกรอบการประเมิน ITA",
        queryset=None,
        required=False,
        empty_label="ไม่ระบุ",
        help_text="ข้อการประเมินที่มาตรการจะเชื่อมโยง โดยปกติคือผลการประเมินของปีก่อนหน้าปีงบประมาณของแผน",
    )

    def __init__(
        self, *args: Any, taken: set[int], today: datetime.date, year: int | None = None, **kwargs: Any
    ) -> None:
        """`year` is preselected when it may be chosen (the analysis page asks for the plan of its next year)."""
        from assessments.models import FrameworkVersion

        super().__init__(*args, **kwargs)
        current = thai.fiscal_year(today)
        # Every year the catalogue covers (a past plan entered to report on it or to copy it), and the
        # current fiscal year with its neighbours even before their catalogue is loaded; newest first.
        catalogued = set(FrameworkVersion.objects.values_list("year", flat=True))
        years = sorted((catalogued | {current - 1, current, current + 1}) - taken, reverse=True)
        self.fields["fiscal_year"].choices = [(y, thai.thai_digits(y)) for y in years]
        self.fields["framework"].queryset = FrameworkVersion.objects.order_by("-year")
        self.fields["framework"].label_from_instance = lambda f: thai.thai_digits(f.name)
        self.fields["title"].help_text = (
            f"เว้นว่างเพื่อพิมพ์ว่า “{PLAN_TITLE} ประจำปีงบประมาณ พ.ศ. …” ตามปีที่เลือก "
            "หรือพิมพ์ชื่อที่หน่วยงานใช้ เช่น มาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาลตำบล…"
        )
        if years and not self.is_bound:
            default_year = year if year in years else current if current in years else years[0]
            self.initial.setdefault("fiscal_year", default_year)
            self.initial.setdefault(
                "framework", FrameworkVersion.objects.filter(year__lt=default_year).order_by("-year").first()
            )
