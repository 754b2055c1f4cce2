"""The plan with its progress as XLSX and CSV, with the seeds' Thai headers.

Starts from `plan_measures(plan)`, so it keeps the seeds' order and a query count that does not
grow with the number of measures.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from ita_portal import thai
from ita_portal.downloads import xlsx_print_landscape, xlsx_titled_sheet
from measures.dashboard import MISSING, STATUS_LABELS, round_progress
from measures.models import Measure, MeasurePlan, Progress, Round
from measures.selectors import plan_measures

# --- Export -----------------------------------------------------------------------------------

BASE_COLUMNS: list[tuple[str, int]] = [
    ("ลำดับ", 7),
    ("เครื่องมือ", 10),
    ("ตัวชี้วัด", 26),
    ("ข้อการประเมิน", 28),
    ("มาตรการ/แนวทาง", 45),
    ("ประเด็นที่ต้องปรับปรุงแก้ไข", 32),
    ("ขั้นตอน/วิธีการปฏิบัติ", 45),
    ("หน่วยงานผู้รับผิดชอบ", 18),
    ("ระยะเวลาดำเนินการ", 20),
    ("การรายงานผลและการกำกับติดตาม", 32),
]
ROUND_COLUMNS: list[tuple[str, int]] = [
    ("สถานะ", 18),
    ("สรุปผลดำเนินการ", 45),
    ("ผลลัพธ์/ความสำเร็จ", 35),
    ("หลักฐาน", 32),
    ("แก้ไขล่าสุดโดย/เมื่อ", 24),
]


def export_columns() -> list[tuple[str, int]]:
    """(Thai header, XLSX column width) for every column, the rounds' columns named with their round."""
    columns = list(BASE_COLUMNS)
    for round_ in Round:
        columns += [(f"{header} ({round_.label})", width) for header, width in ROUND_COLUMNS]
    return columns


def export_title(plan: MeasurePlan) -> str:
    return (
        f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน {plan.agency.full_name} "
        f"ประจำปีงบประมาณ พ.ศ. {thai.thai_digits(plan.fiscal_year)}"
    )


def export_rows(plan: MeasurePlan) -> list[list[str | int]]:
    """One row per measure in plan_measures order; stored text as it is (Thai digits kept).

    Two queries besides plan_measures: every measure's indicators, and the people who last
    edited a progress report; neither is part of plan_measures' prefetch.
    """
    measures = list(plan_measures(plan))
    indicators = _indicators_by_measure(measures)
    progress = [p for m in measures for p in m.progress.all()]
    editors = {
        user.pk: user.get_full_name() or user.get_username()
        for user in get_user_model().objects.filter(pk__in={p.updated_by_id for p in progress if p.updated_by_id})
    }
    rows: list[list[str | int]] = []
    for measure in measures:
        row: list[str | int] = [
            measure.number,
            measure.group_tool or "",
            "\n".join(indicators.get(measure.pk, [])),
            "\n".join(f"{item.code} {item.name_th}" for item in measure.items.all()),
            measure.title,
            measure.issue,
            measure.steps,
            measure.responsible_text or ", ".join(d.name for d in measure.departments.all()),
            measure.period_display,
            measure.monitoring,
        ]
        for round_ in Round:
            row += _round_cells(round_progress(measure, round_), editors)
        rows.append(row)
    return rows


def _indicators_by_measure(measures: list[Measure]) -> dict[int, list[str]]:
    through = Measure.indicators.through.objects.filter(measure__in=[m.pk for m in measures])
    result: dict[int, list[str]] = {}
    for link in through.select_related("indicator").order_by("indicator__number"):
        indicator = link.indicator
        result.setdefault(link.measure_id, []).append(
            f"ตัวชี้วัดที่ {thai.thai_digits(indicator.number)} {indicator.name_th}"
        )
    return result


def _round_cells(progress: Progress | None, editors: dict[int, str]) -> list[str | int]:
    if progress is None:
        return [STATUS_LABELS[MISSING], "", "", "", ""]
    evidence = []
    for item in progress.evidence.all():
        if item.url:
            evidence.append(item.url)
        if item.file:
            evidence.append(item.original_name or PurePosixPath(item.file.name).name)
    when = thai.thai_datetime(timezone.localtime(progress.updated_at)) if progress.updated_at else ""
    who = editors.get(progress.updated_by_id or 0, "")
    return [
        progress.get_status_display(),
        progress.summary,
        progress.outcome,
        "\n".join(evidence),
        " ".join(part for part in (who, when) if part),
    ]


def export_filename(plan: MeasurePlan, extension: str) -> str:
    return f"มาตรการ ITA {plan.agency.short_name} ปีงบประมาณ {plan.fiscal_year}.{extension}"


# Excel, LibreOffice and Google Sheets run a cell that starts with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_csv(plan: MeasurePlan) -> bytes:
    """UTF-8 with a BOM, which Excel on a Thai Windows PC needs to read UTF-8 instead of cp874.

    A cell that would start a formula gets a leading apostrophe (OWASP's CSV-injection advice);
    Excel hides it. Text is otherwise written as stored.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for header, _ in export_columns()])
    for row in export_rows(plan):
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: str | int) -> str | int:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_xlsx(plan: MeasurePlan) -> bytes:
    """A sheet ready to print: title row, bold frozen header with filters, wrapped text, A4 landscape."""
    columns = export_columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"มาตรการ ปีงบ {thai.thai_digits(plan.fiscal_year)}"
    xlsx_titled_sheet(sheet, title=_xlsx_text(export_title(plan)), headers=[header for header, _ in columns])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in export_rows(plan):
        sheet.append([_xlsx_text(value) if isinstance(value, str) else value for value in row])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula

    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{max(sheet.max_row, 2)}"
    xlsx_print_landscape(sheet)

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_text(value: str) -> str:
    # Text pasted from PDFs can carry control characters that an XLSX cell may not hold.
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
