"""The project's base table: Thai empty text, the shared CSS class, stacked rows on phones."""

import django_tables2 as tables


class Table(tables.Table):
    class Meta:
        attrs = {"class": "stack"}
        empty_text = "ไม่พบรายการ"
        template_name = "django_tables2/table.html"
