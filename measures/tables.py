"""The plan page's table of measures."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from ita_portal import thai
from ita_portal.tables import Table
from measures.models import Measure, Progress, Round


class MeasureTable(Table):
    number = tables.Column("ลำดับ", attrs={"td": {"class": "num"}})
    title = tables.Column("มาตรการ / แนวทาง", attrs={"td": {"class": "measure-title"}})
    responsible = tables.Column("ผู้รับผิดชอบ", empty_values=(), orderable=False)
    period = tables.Column("ระยะเวลา", empty_values=(), orderable=False)
    six_month = tables.Column(Round.SIX_MONTH.label, empty_values=(), orderable=False)
    twelve_month = tables.Column(Round.TWELVE_MONTH.label, empty_values=(), orderable=False)

    class Meta(Table.Meta):
        model = Measure
        fields = ["number", "title"]
        template_name = "measures/_plan_table.html"
        row_attrs = {"id": lambda record: f"measure-{record.pk}"}

    def __init__(self, *args, editable_ids: set[int] | None, next_url: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.editable_ids = editable_ids
        self.next_url = next_url

    def can_edit(self, record: Measure) -> bool:
        return self.editable_ids is None or record.pk in self.editable_ids

    def render_number(self, value: int) -> str:
        return thai.thai_digits(value)

    def render_title(self, record: Measure) -> str:
        codes = format_html_join(" ", '<span class="code">{}</span>', ((i.code,) for i in record.items.all()))
        return format_html('<a href="{}">{}</a> {}', reverse("measures:measure", args=[record.pk]), record.title, codes)

    def render_responsible(self, record: Measure) -> str:
        return record.responsible_text or ", ".join(d.name for d in record.departments.all()) or "–"

    def render_period(self, record: Measure) -> str:
        return record.period_display or "–"

    def render_six_month(self, record: Measure) -> str:
        return self._progress_cell(record, Round.SIX_MONTH)

    def render_twelve_month(self, record: Measure) -> str:
        return self._progress_cell(record, Round.TWELVE_MONTH)

    def _progress_cell(self, record: Measure, round_: int) -> SafeString:
        progress = next((p for p in record.progress.all() if p.round == round_), None)
        return progress_cell(record, round_, progress, can_edit=self.can_edit(record), next_url=self.next_url)


def progress_cell(
    measure: Measure, round_: int, progress: Progress | None, *, can_edit: bool, next_url: str, oob: bool = False
) -> SafeString:
    """A round's status badge, evidence count and edit button; also the htmx out-of-band swap after a save.

    Built in Python rather than a template: a page of the plan renders it twice per row.
    """
    if progress is None:
        badge = format_html('<span class="badge missing">{}</span>', "ยังไม่รายงาน")
    else:
        count = len(progress.evidence.all())
        badge = format_html('<span class="badge {}">{}</span>', progress.status, progress.get_status_display())
        if count:
            badge += format_html(' <small class="evidence-count">หลักฐาน {}</small>', thai.thai_digits(count))
    button = mark_safe("")
    if can_edit:
        url = reverse("measures:progress", args=[measure.pk, round_])
        button = format_html(
            ' <a class="button small" href="{}?{}" hx-get="{}" hx-target="#editor" '
            'hx-swap="innerHTML show:#editor:top">รายงานผล</a>',
            url,
            urlencode({"next": next_url}),
            url,
        )
    # After a save the cell is swapped into the table out of band, and flashes once (.saved) to be found.
    saved, swap = (" saved", mark_safe(' hx-swap-oob="true"')) if oob else ("", mark_safe(""))
    return format_html(
        '<div class="progress-cell{}" id="progress-{}-{}"{}>{}{}</div>', saved, measure.pk, round_, swap, badge, button
    )
