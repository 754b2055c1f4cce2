"""Forms of the members pages; the rules (agency of the department, last coordinator) are in services.py."""

from __future__ import annotations

from typing import Any

from django import forms

from assessments.models import Agency, Department, Membership
from members.services import INVITABLE_ROLES

ROLE_CHOICES = [(role.value, role.label) for role in INVITABLE_ROLES]


class MemberForm(forms.Form):
    role = forms.ChoiceField(label="บทบาท", choices=ROLE_CHOICES, error_messages={"invalid_choice": "กรุณาเลือกบทบาท"})
    department = forms.ModelChoiceField(
        label="ส่วนราชการ",
        queryset=Department.objects.none(),
        required=False,
        empty_label="– ไม่ระบุ –",
        error_messages={"invalid_choice": "กรุณาเลือกส่วนราชการของหน่วยงานนี้"},
    )
    position_title = forms.CharField(
        label="ตำแหน่ง (ตามที่พิมพ์ในเอกสาร)",
        max_length=200,
        required=False,
        help_text="เช่น นิติกรชำนาญการ — เปลี่ยนแล้วมีผลกับเอกสารตั้งแต่วันนี้ เอกสารที่ลงวันที่ก่อนหน้ายังใช้ตำแหน่งเดิม",
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(agency=agency)


class InviteForm(MemberForm):
    email = forms.EmailField(
        label="อีเมล",
        max_length=254,
        error_messages={"required": "กรุณากรอกอีเมล", "invalid": "กรุณากรอกอีเมลที่ถูกต้อง"},
        help_text="ระบบจะส่งลิงก์ให้ผู้ได้รับเชิญตั้งรหัสผ่านเอง ลิงก์ใช้ได้ครั้งเดียวภายใน ๗๒ ชั่วโมง",
    )
    field_order = ["email", "role", "department", "position_title"]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, agency=agency, **kwargs)
        self.fields["role"].initial = Membership.Role.STAFF


class AcceptForm(forms.Form):
    first_name = forms.CharField(label="ชื่อ", max_length=150, required=False)
    last_name = forms.CharField(label="นามสกุล", max_length=150, required=False)
    password1 = forms.CharField(
        label="รหัสผ่าน",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="อย่างน้อย ๘ ตัวอักษร ไม่ใช่ตัวเลขล้วน ไม่ใช่รหัสที่ใช้กันทั่วไป และไม่คล้ายชื่อหรืออีเมลของคุณ",
    )
    password2 = forms.CharField(
        label="ยืนยันรหัสผ่าน",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1", "") != data.get("password2", ""):
            self.add_error("password2", "รหัสผ่านทั้งสองช่องไม่ตรงกัน")
        return data
