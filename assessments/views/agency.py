"""The agency's details page for its coordinator: its record (address, contacts, short name, website), the
memo's telephone, number prefix and Garuda, and its departments' abbreviations."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assessments import document_wording
from assessments.agency_settings import RECORD_FIELDS, agency_update_settings, website_domain
from assessments.models import Agency
from assessments.permissions import can_manage_results
from assessments.selectors import get_agency_for_user
from ita_portal.forms import ThaiPhoneField


class AgencySettingsForm(forms.Form):
    short_name_override = forms.CharField(
        label="ชื่อย่อ", max_length=100, required=False, help_text="เว้นว่างไว้เพื่อใช้ชื่อย่อตามประเภท"
    )
    address = forms.CharField(
        label="ที่ตั้งสำนักงาน", max_length=300, required=False, help_text="เลขที่ หมู่ ถนน ไม่ต้องพิมพ์ตำบล อำเภอ จังหวัด"
    )
    subdistrict = forms.CharField(label="ตำบล", max_length=100, required=False, help_text="พิมพ์เฉพาะชื่อ เช่น ทุ่งโพธิ์")
    email = forms.EmailField(label="อีเมลของหน่วยงาน", required=False, error_messages={"invalid": "กรุณากรอกอีเมลที่ถูกต้อง"})
    website_domain = forms.CharField(
        label="เว็บไซต์หลักของหน่วยงาน",
        max_length=200,
        required=False,
        help_text="ชื่อโดเมน เช่น robwiang.go.th ใช้ตรวจว่าลิงก์ OIT อยู่บนเว็บไซต์หลักของหน่วยงาน",
    )
    phone = ThaiPhoneField(label="โทรศัพท์ (พิมพ์ในบรรทัดส่วนราชการ)", max_length=50, required=False)
    doc_prefix = forms.CharField(
        label="รหัสหนังสือ (ส่วนหน้าของเลขที่บันทึกข้อความ)",
        max_length=30,
        required=False,
        help_text="เช่น นศ ๗๗๕๐๑ — เลขที่จะเป็น นศ ๗๗๕๐๑/๑, /๒, … เรียงต่อกันในแต่ละปี",
    )
    garuda = forms.FileField(
        label="ตราครุฑ (ภาพ PNG หรือ JPEG ของหน่วยงาน)",
        required=False,
        help_text=(
            "ไม่เกิน ๒ MB และไม่เกิน ๔,๐๐๐ × ๔,๐๐๐ จุด ระบบจะย่อให้พอดีกับที่พิมพ์ (สูง ๑.๕ ซม.) — "
            "ระบบไม่มีภาพตราครุฑให้ หากไม่อัปโหลด บันทึกข้อความจะเว้นที่ว่างไว้"
        ),
    )
    remove_garuda = forms.BooleanField(label="ลบตราครุฑที่มีอยู่", required=False)

    def __init__(self, *args, agency: Agency, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.departments = list(agency.departments.all())
        for department in self.departments:
            self.fields[f"abbreviation_{department.pk}"] = forms.CharField(
                label=f"ชื่อย่อของ{department.name}",
                max_length=30,
                required=False,
                initial=department.abbreviation,
                help_text="เช่น สป. กค. กช." if department == self.departments[0] else "",
            )
        # The agency's wording of its reports, under their own heading on the page.
        initial = document_wording.form_initial(agency)
        for spec in document_wording.FIELDS:
            self.fields[spec.key] = forms.CharField(
                label=spec.label,
                required=False,
                initial=initial[spec.key],
                help_text=spec.help_text,
                widget=forms.Textarea(attrs={"rows": 4 if spec.key == "signatories" else 3}),
            )
        self.wording_names = list(document_wording.KEYS)

    def clean_website_domain(self) -> str:
        value = self.cleaned_data["website_domain"]
        return website_domain(value) if value.strip() else ""

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "phone": data["phone"],
            "doc_prefix": data["doc_prefix"],
            "garuda": data["garuda"],
            "remove_garuda": data["remove_garuda"],
            "record": {name: data[name] for name in RECORD_FIELDS},
            "abbreviations": {d.pk: data[f"abbreviation_{d.pk}"] for d in self.departments},
            "wording": {key: data[key] for key in self.wording_names},
        }


@login_required
@require_http_methods(["GET", "POST"])
def agency_settings(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    if not can_manage_results(request.user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่แก้ไขข้อมูลหน่วยงานได้")
    initial = {name: getattr(agency, name) for name in ["phone", "doc_prefix", *RECORD_FIELDS]}
    form = AgencySettingsForm(request.POST or None, request.FILES or None, initial=initial, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            agency_update_settings(agency=agency, user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error("garuda" if form.cleaned_data.get("garuda") else None, exc)
        else:
            messages.success(request, "บันทึกข้อมูลหน่วยงานแล้ว")
            return redirect("assessments:agency_settings", agency.pk)
    return render(request, "assessments/agency_settings.html", {"agency": agency, "form": form})
