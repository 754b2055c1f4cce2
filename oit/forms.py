"""Forms of the OIT workspace. They clean input into the services' data classes; the rules stay in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from assessments.models import Department
from ita_portal import thai
from ita_portal.forms import ThaiDateField, url_lines
from measures.evidence import ALLOWED_TEXT, MAX_EVIDENCE_BYTES
from measures.forms import MultipleFileField
from oit.models import Answer
from oit.selectors import agency_members
from oit.services import MAX_LINKS, STAFF_STATUSES, AssignData, FillData


class VersionedForm(forms.Form):
    """Every edit carries the version the person saw: the service refuses a save made from an older one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    id_prefix = "answer"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Several of these forms share the answer page: their ids (id_version…) must not collide.
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class FillForm(VersionedForm):
    id_prefix = "fill"
    has_data = forms.ChoiceField(label="มี/ไม่มี", choices=Answer.Has.choices, widget=forms.RadioSelect, required=False)
    urls = forms.CharField(
        label="URL (บรรทัดละหนึ่งลิงก์)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://www.example.go.th/ita/o1", "inputmode": "url"}),
        help_text=f"ลิงก์ของหน้าบนเว็บไซต์หลักของหน่วยงาน ไม่เกิน {thai.thai_digits(MAX_LINKS)} ลิงก์",
    )
    explanation = forms.CharField(
        label="คำอธิบาย", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    status = forms.ChoiceField(label="สถานะ", widget=forms.RadioSelect)

    def __init__(self, *args: Any, answer: Answer, coordinator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Staff send an answer for checking; พร้อมส่ง and ต้องแก้ไข come from the coordinator's check,
        # but the answer's current status stays selectable so that saving does not change it.
        allowed = set(Answer.Status.values) if coordinator else {*STAFF_STATUSES, answer.status}
        self.fields["status"].choices = [(v, label) for v, label in Answer.Status.choices if v in allowed]

    @classmethod
    def initial_for(cls, answer: Answer) -> dict[str, Any]:
        return {
            "version": answer.version,
            "has_data": answer.has_data,
            "urls": "\n".join(link.url for link in answer.links.all() if not link.generated),
            "explanation": answer.explanation,
            "status": answer.status,
        }

    def clean_urls(self) -> list[str]:
        urls = []
        for number, typed, url in url_lines(self.cleaned_data["urls"]):
            if url is None:
                raise ValidationError(f"บรรทัดที่ {thai.thai_digits(number)}: “{typed}” ไม่ใช่ลิงก์เว็บที่ถูกต้อง")
            urls.append(url)
        return urls

    def to_data(self) -> FillData:
        d = self.cleaned_data
        return FillData(has_data=d["has_data"], urls=d["urls"], explanation=d["explanation"], status=d["status"])


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(VersionedForm):
    id_prefix = "assign"
    departments = forms.ModelMultipleChoiceField(
        label="ส่วนราชการผู้รับผิดชอบ",
        required=False,
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    responsible = MemberChoiceField(label="ผู้จัดทำ", required=False, queryset=None, empty_label="ไม่ระบุ")
    due_date = ThaiDateField(label="กำหนดเสร็จ", required=False, help_text="เช่น ๓๑/๑/๒๕๖๙")
    requirement_note = forms.CharField(
        label="สิ่งที่ข้อนี้ต้องการ (บันทึกของผู้ประสานงาน)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args: Any, answer: Answer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = answer.workspace.agency
        self.fields["departments"].queryset = agency.departments.all()
        self.fields["responsible"].queryset = agency_members(agency)

    @classmethod
    def initial_for(cls, answer: Answer) -> dict[str, Any]:
        return {
            "version": answer.version,
            "departments": list(answer.departments.all()),
            "responsible": answer.responsible_id,
            "due_date": answer.due_date,
            "requirement_note": answer.requirement_note,
        }

    def to_data(self) -> AssignData:
        d = self.cleaned_data
        return AssignData(
            departments=list(d["departments"]),
            responsible=d["responsible"],
            due_date=d["due_date"],
            requirement_note=d["requirement_note"],
        )


class CheckForm(VersionedForm):
    id_prefix = "check"
    result = forms.ChoiceField(label="ผลการตรวจ", choices=Answer.Check.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="ความเห็น / สิ่งที่ต้องแก้ไข", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    @classmethod
    def initial_for(cls, answer: Answer) -> dict[str, Any]:
        return {"version": answer.version, "result": answer.check_result, "comment": answer.check_comment}


class EvidenceForm(forms.Form):
    files = MultipleFileField(
        label="แนบไฟล์หลักฐาน",
        help_text=f"{ALLOWED_TEXT} ไฟล์ละไม่เกิน {thai.thai_digits(MAX_EVIDENCE_BYTES // 1024 // 1024)} MB",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data["files"]
        if not files:
            raise ValidationError("กรุณาเลือกไฟล์หลักฐาน")
        return files
