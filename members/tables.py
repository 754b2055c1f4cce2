"""The members page's table: one row per membership of the agency, deactivated ones last."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from assessments.models import Membership
from ita_portal import thai
from ita_portal.tables import Table


def column(label: str, **kwargs) -> tables.Column:
    """A column whose cells carry their header, which the stacked rows on phones show (table.stack)."""
    return tables.Column(label, attrs={"td": {"data-label": label}}, **kwargs)


class MemberTable(Table):
    name = column("ชื่อ", accessor="user__first_name", empty_values=())
    email = column("อีเมล", accessor="user__email", empty_values=())
    role = column("บทบาท")
    department = column("ส่วนราชการ", accessor="department__name", default="–")
    position_title = column("ตำแหน่ง", default="–")
    last_login = column("เข้าระบบล่าสุด", accessor="user__last_login", empty_values=())
    status = column("สถานะ", accessor="is_active", empty_values=())

    class Meta(Table.Meta):
        model = Membership
        fields: list[str] = []
        sequence = ("name", "email", "role", "department", "position_title", "last_login", "status")
        orderable = False

    def render_name(self, record: Membership) -> SafeString:
        user = record.user
        url = reverse("members:edit", args=[record.agency_id, record.pk])
        return format_html('<a href="{}">{}</a>', url, user.get_full_name() or user.get_username())

    def render_email(self, record: Membership) -> str:
        return record.user.email or "–"

    def render_last_login(self, record: Membership) -> str:
        last = record.user.last_login
        return thai.thai_datetime(timezone.localtime(last)) if last else "ยังไม่เคยเข้าระบบ"

    def render_status(self, record: Membership) -> SafeString:
        if not record.is_active:
            when = thai.thai_date(timezone.localtime(record.deactivated_at)) if record.deactivated_at else ""
            return format_html('<span class="badge missing">ระงับการใช้งาน</span> <small>{}</small>', when)
        if getattr(record, "invitation_pending", False) and not record.user.has_usable_password():
            return format_html('<span class="badge in_progress">{}</span>', "รอตอบรับคำเชิญ")
        if not record.user.has_usable_password():
            return format_html('<span class="badge not_started">{}</span>', "คำเชิญหมดอายุ")
        return format_html('<span class="badge done">{}</span>', "ใช้งานอยู่")
