"""Upload forms of the two imports: the year, the file, and the options each import takes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms

from assessments.imports.common import parse_score
from assessments.models import FrameworkVersion
from ita_portal.spreadsheets import MAX_BYTES
from ita_portal.thai import thai_digits

SURVEY_INDICATORS = range(1, 9)
SUFFIXES = {".xlsx", ".csv", ".txt"}


def _year_choices() -> list[tuple[int, str]]:
    return [
        (f.year, thai_digits(f"ITA {f.year}") + ("" if f.is_complete else " (รายการข้อยังไม่ครบ)"))
        for f in FrameworkVersion.objects.order_by("-year")
    ]


class FileForm(forms.Form):
    """A spreadsheet upload: .xlsx or .csv within the size limit."""

    file = forms.FileField(
        label="ไฟล์ (.xlsx หรือ .csv)",
        error_messages={
            "required": "กรุณาเลือกไฟล์",
            "empty": "ไฟล์ว่างเปล่า",
            "invalid": "ส่งไฟล์มาไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่",
            "missing": "ไม่ได้รับไฟล์ กรุณาเลือกไฟล์ใหม่",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB")
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError("รองรับเฉพาะไฟล์ .xlsx หรือ .csv")
        return upload

    def file_bytes(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(MAX_BYTES + 1)


class _UploadForm(FileForm):
    fiscal_year = forms.TypedChoiceField(label="ปีการประเมิน (พ.ศ.)", coerce=int, choices=())
    field_order = ["fiscal_year", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["fiscal_year"]
        field.choices = _year_choices()  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "ยังไม่มีกรอบการประเมินของปีนี้ในระบบ"
        field.error_messages["required"] = "กรุณาเลือกปีการประเมิน"
        # The latest year whose item list is complete: a partial year (2567) would refuse most items.
        complete = FrameworkVersion.objects.filter(is_complete=True).order_by("-year").first()
        if complete is not None:
            field.initial = complete.year
        elif field.choices:  # type: ignore[attr-defined]
            field.initial = field.choices[0][0]  # type: ignore[attr-defined]


class ItemImportForm(_UploadForm):
    """The OIT item table of one agency; indicator scores 1–8 may be typed as published."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "ตารางผลรายข้อ OIT (.xlsx หรือ .csv)"
        for number in SURVEY_INDICATORS:
            self.fields[f"indicator_{number}"] = forms.CharField(
                label=f"ตัวชี้วัดที่ {number}",
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 7}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for number in SURVEY_INDICATORS:
            text = (cleaned.get(f"indicator_{number}") or "").strip()
            if text:
                try:
                    parse_score(text)
                except ValueError as exc:
                    self.add_error(f"indicator_{number}", str(exc))
        return cleaned

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"indicator_{n}"] for n in SURVEY_INDICATORS]

    def indicator_scores(self) -> dict[int, Decimal]:
        return {
            n: parse_score(self.cleaned_data[f"indicator_{n}"].strip())
            for n in SURVEY_INDICATORS
            if (self.cleaned_data.get(f"indicator_{n}") or "").strip()
        }


class ResultsImportForm(_UploadForm):
    """A results sheet of many agencies; missing agencies are created only when asked."""

    create_missing = forms.BooleanField(
        label="สร้างหน่วยงานที่ยังไม่มีในระบบ",
        required=False,
        help_text="ถ้าไม่เลือก แถวของหน่วยงานที่ยังไม่มีในระบบจะถูกแจ้งเป็นข้อผิดพลาด",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "ตารางผลการประเมินรายหน่วยงาน (.xlsx หรือ .csv)"


class OnboardingForm(FileForm):
    """Agencies and their first coordinators; an overseer of several provinces says which one the file is of."""

    province = forms.ChoiceField(label="จังหวัดของไฟล์", required=True, choices=())

    def __init__(self, *args: Any, provinces: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "ตารางหน่วยงานและผู้ประสานงาน (.xlsx หรือ .csv)"
        if len(provinces) > 1:
            self.fields["province"].choices = [(p, f"จังหวัด{p}") for p in provinces]
            self.fields["province"].error_messages["invalid_choice"] = "เลือกได้เฉพาะจังหวัดที่ท่านกำกับดูแล"
        else:
            del self.fields["province"]
        self.provinces = provinces

    def chosen_province(self) -> str:
        """The province every row must be in: "" (any) for the system administrator."""
        if "province" in self.fields:
            return self.cleaned_data["province"]
        return self.provinces[0] if self.provinces else ""
