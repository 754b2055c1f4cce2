"""Forms of the memo office pages: naming a stand-in, and the register's next number.

They only clean input into what the services take (reports.memos.standins, reports.memos.register).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from assessments.models import Agency, Membership
from assessments.permissions import can_manage_results
from ita_portal.forms import ThaiDateField, ThaiIntegerField
from reports.memos import standins
from reports.memos.forms import PersonChoiceField
from reports.memos.register import MAX_START
from reports.models import StandIn


class StandInForm(forms.Form):
    principal = PersonChoiceField(
        label="ผู้ถูกแทน (ผู้บริหารที่ไม่อยู่หรือมอบอำนาจ)",
        queryset=get_user_model().objects.none(),
        error_messages={"required": "กรุณาเลือกผู้ถูกแทน", "invalid_choice": "ผู้ถูกแทนต้องเป็นผู้บริหารของหน่วยงานนี้"},
    )
    stand_in = PersonChoiceField(
        label="ผู้ทำการแทน",
        queryset=get_user_model().objects.none(),
        error_messages={"required": "กรุณาเลือกผู้ทำการแทน", "invalid_choice": "ผู้ทำการแทนต้องเป็นสมาชิกของหน่วยงานนี้"},
    )
    kind = forms.ChoiceField(
        label="ลักษณะ",
        choices=StandIn.Kind.choices,
        initial=StandIn.Kind.ACTING,
        widget=forms.RadioSelect,
        error_messages={"required": "กรุณาเลือกลักษณะการทำการแทน", "invalid_choice": "กรุณาเลือกลักษณะจากรายการ"},
    )
    starts_on = ThaiDateField(label="ตั้งแต่วันที่", help_text="เช่น ๑/๔/๒๕๖๙", error_messages={"required": "กรุณาระบุวันเริ่มต้น"})
    ends_on = ThaiDateField(label="ถึงวันที่ (รวมวันนี้)", error_messages={"required": "กรุณาระบุวันสิ้นสุด"})
    legal_basis = forms.CharField(
        label="อาศัยอำนาจตาม (คำสั่งที่แต่งตั้ง)",
        max_length=300,
        help_text="เช่น คำสั่งเทศบาลตำบลรอบเวียง ที่ ๑๒/๒๕๖๙",
        error_messages={"required": "กรุณาระบุคำสั่งที่แต่งตั้ง"},
    )

    def __init__(self, *args: Any, agency: Agency, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(agency=agency, is_active=True)
        positions = dict(members.values_list("user", "position_title"))
        people = get_user_model().objects.order_by("first_name", "username")
        principals = members.filter(role__in=standins.PRINCIPAL_ROLES).values("user")
        if not can_manage_results(user, agency):
            principals = principals.filter(user=user)  # an approver names their own stand-in
            self.initial.setdefault("principal", user.pk)
        for name, queryset in (
            ("principal", people.filter(pk__in=principals)),
            ("stand_in", people.filter(pk__in=members.filter(role__in=standins.MEMBER_ROLES).values("user"))),
        ):
            field = self.fields[name]
            assert isinstance(field, PersonChoiceField)
            field.queryset, field.positions = queryset, positions

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น")
        if data.get("principal") and data.get("principal") == data.get("stand_in"):
            self.add_error("stand_in", "ผู้ทำการแทนต้องไม่ใช่บุคคลเดียวกับผู้ถูกแทน")
        return data

    def to_data(self) -> standins.StandInData:
        data = self.cleaned_data
        return standins.StandInData(
            principal=data["principal"],
            stand_in=data["stand_in"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            legal_basis=data["legal_basis"],
        )


class RegisterForm(forms.Form):
    next_number = ThaiIntegerField(
        label="เลขที่ของบันทึกข้อความฉบับถัดไป",
        min_value=1,
        max_value=MAX_START,
        help_text="เช่น ถ้าทะเบียนกระดาษออกถึงเลข ๑๒๖ ให้กรอก ๑๒๗",
        error_messages={"required": "กรุณากรอกเลขถัดไป"},
    )
    confirm = forms.BooleanField(
        label="ข้าพเจ้าตรวจสอบแล้วว่าเลขนี้ถูกต้อง (ตั้งได้ครั้งเดียวต่อปี)",
        error_messages={"required": "กรุณายืนยันเลขก่อนบันทึก (ตั้งได้ครั้งเดียวต่อปี)"},
    )

    def clean_next_number(self) -> int:
        value = self.cleaned_data["next_number"]
        if value is None:
            raise ValidationError("กรุณากรอกเลขถัดไป")
        return value
