"""The agency's details page (telephone, memo number prefix, Garuda) for its coordinator."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assessments.agency_settings import agency_update_settings
from assessments.permissions import can_manage_results
from assessments.selectors import get_agency_for_user
from ita_portal.forms import ThaiPhoneField


class AgencySettingsForm(forms.Form):
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


@login_required
@require_http_methods(["GET", "POST"])
def agency_settings(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    if not can_manage_results(request.user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่แก้ไขข้อมูลหน่วยงานได้")
    initial = {"phone": agency.phone, "doc_prefix": agency.doc_prefix}
    form = AgencySettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agency_update_settings(agency=agency, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("garuda" if form.cleaned_data.get("garuda") else None, exc)
        else:
            messages.success(request, "บันทึกข้อมูลหน่วยงานแล้ว")
            return redirect("assessments:agency_settings", agency.pk)
    return render(request, "assessments/agency_settings.html", {"agency": agency, "form": form})
