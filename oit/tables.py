"""The workspace page's table of answers, one row per O-item, grouped by indicator and sub-indicator."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from assessments.templatetags.ratings import confidence_mark
from ita_portal import thai
from ita_portal.tables import Table
from oit.models import Answer


class AnswerTable(Table):
    code = tables.Column("ข้อ", accessor="item__code", attrs={"td": {"class": "code-cell"}})
    name = tables.Column("รายการ", accessor="item__name_th", attrs={"td": {"class": "oit-item"}})
    departments = tables.Column("ผู้รับผิดชอบ", empty_values=(), attrs={"td": {"class": "oit-people"}})
    due_date = tables.Column("กำหนดเสร็จ", empty_values=(), attrs={"td": {"class": "nowrap"}})
    status = tables.Column("สถานะ")
    has_data = tables.Column("มี/ไม่มี", empty_values=())
    links = tables.Column("URL", empty_values=(), attrs={"td": {"class": "num"}})
    check_result = tables.Column("ผลตรวจ", empty_values=())

    class Meta(Table.Meta):
        model = Answer
        fields: list[str] = []
        sequence = ("code", "name", "departments", "due_date", "status", "has_data", "links", "check_result")
        orderable = False
        template_name = "oit/_answer_table.html"
        row_attrs = {"id": lambda record: f"answer-{record.pk}"}

    def __init__(self, *args, today, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def render_code(self, record: Answer) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse("oit:answer", args=[record.pk]), record.item.code)

    def render_name(self, record: Answer) -> SafeString:
        return format_html(
            '<a href="{}">{}</a> {}', reverse("oit:answer", args=[record.pk]), record.item.name_th,
            confidence_mark(record.item),
        )  # fmt: skip

    def render_departments(self, record: Answer) -> SafeString | str:
        names = ", ".join(d.name for d in record.departments.all())
        person = record.responsible.get_full_name() or record.responsible.get_username() if record.responsible else ""
        if not names and not person:
            return format_html('<span class="muted">{}</span>', "ยังไม่มอบหมาย")
        if person:
            return format_html("{}<br><small>{}</small>", names or "–", person)
        return names

    def render_due_date(self, record: Answer) -> SafeString | str:
        if not record.due_date:
            return "–"
        text = thai.thai_digits(thai.short_date(record.due_date))
        if record.due_date < self.today and record.status != Answer.Status.READY:
            return format_html('<span class="overdue">{} <small>เลยกำหนด</small></span>', text)
        return text

    def render_status(self, record: Answer) -> SafeString:
        return format_html('<span class="badge oit-{}">{}</span>', record.status, record.get_status_display())

    def render_has_data(self, record: Answer) -> str:
        return record.get_has_data_display() or "–"

    def render_links(self, record: Answer) -> SafeString:
        links = list(record.links.all())
        if not links:
            return format_html('<span class="no-url">{}</span>', "ไม่มี URL")
        broken = sum(1 for link in links if link.check_ok is False)
        text = format_html("{} ลิงก์", thai.thai_digits(len(links)))
        if broken:
            text += format_html(' <span class="broken">ไม่ผ่าน {}</span>', thai.thai_digits(broken))
        elif all(link.generated or link.check_ok for link in links):
            text += mark_safe(' <span class="link-ok">ผ่าน</span>')
        return text

    def render_check_result(self, record: Answer) -> SafeString | str:
        if not record.check_result:
            return "–"
        return format_html('<span class="check-{}">{}</span>', record.check_result, record.get_check_result_display())
