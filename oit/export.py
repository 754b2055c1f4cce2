"""The year's OIT answers as ITAS wants them: an XLSX and a CSV sheet, and the rows of the printable checklist.

Rows come from `workspace_answers(workspace)` in the framework's item order (the order ITAS asks in), so a
coordinator can copy them into ITAS item by item. Everything is built from the answers as they stand.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from assessments.models import Indicator, SubIndicator
from ita_portal import thai
from ita_portal.downloads import xlsx_print_landscape, xlsx_titled_sheet
from oit.models import Answer, Workspace
from oit.selectors import workspace_answers

# (Thai header, XLSX column width): ITAS's own fields, in its order.
COLUMNS: list[tuple[str, int]] = [
    ("ข้อ", 8),
    ("รายการ", 48),
    ("มี/ไม่มี", 10),
    ("URL", 55),
    ("คำอธิบาย", 60),
]

# Excel, LibreOffice and Google Sheets run a cell that starts with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class SheetRow:
    code: str
    name: str
    has_data: str  # "มี", "ไม่มี" or "" while unanswered
    urls: list[str]
    explanation: str
    status: str  # the workspace status in Thai (the checklist shows it; ITAS does not ask)
    answer: Answer

    def cells(self) -> list[str]:
        """The ITAS columns; several URLs one per line of the cell."""
        return [self.code, self.name, self.has_data, "\n".join(self.urls), self.explanation]


@dataclass
class SubGroup:
    sub_indicator: SubIndicator | None
    rows: list[SheetRow] = field(default_factory=list)


@dataclass
class IndicatorGroup:
    indicator: Indicator
    subs: list[SubGroup] = field(default_factory=list)


def sheet_rows(workspace: Workspace) -> list[SheetRow]:
    """One row per O-item in item order; a row's URLs in the order they were given."""
    rows = []
    for answer in workspace_answers(workspace):
        rows.append(
            SheetRow(
                code=answer.item.code,
                name=answer.item.name_th,
                has_data=answer.get_has_data_display() if answer.has_data else "",
                urls=[link.url for link in answer.links.all()],
                explanation=answer.explanation,
                status=answer.get_status_display(),
                answer=answer,
            )
        )
    return rows


def public_rows(workspace: Workspace) -> list[SheetRow]:
    """What the public page may show: an answer's URLs and explanation once it is พร้อมส่ง (checked by the
    coordinator); before that only the links the portal made itself (approved documents), never a draft."""
    rows = []
    for row in sheet_rows(workspace):
        answer = row.answer
        if answer.status != Answer.Status.READY:
            generated = [link.url for link in answer.links.all() if link.generated]
            row = SheetRow(row.code, row.name, "มี" if generated else "", generated, "", row.status, answer)
        rows.append(row)
    return rows


def grouped(rows: list[SheetRow]) -> list[IndicatorGroup]:
    """The rows under their indicator and sub-indicator, as the framework has them (rows stay in item order)."""
    groups: list[IndicatorGroup] = []
    for row in rows:
        item = row.answer.item
        if not groups or groups[-1].indicator.pk != item.indicator_id:
            groups.append(IndicatorGroup(item.indicator))
        subs = groups[-1].subs
        if not subs or (subs[-1].sub_indicator and subs[-1].sub_indicator.pk) != item.sub_indicator_id:
            subs.append(SubGroup(item.sub_indicator))
        subs[-1].rows.append(row)
    return groups


def itas_title(workspace: Workspace) -> str:
    return (
        f"แบบตอบ OIT สำหรับระบบ ITAS {workspace.agency.full_name} "
        f"ปีการประเมิน พ.ศ. {thai.thai_digits(workspace.fiscal_year)}"
    )


def itas_filename(workspace: Workspace, extension: str) -> str:
    return f"แบบตอบ OIT (ITAS) {workspace.agency.short_name} ปี {workspace.fiscal_year}.{extension}"


def itas_fallback_filename(workspace: Workspace, extension: str) -> str:
    return f"itas-oit-{workspace.agency_id}-{workspace.fiscal_year}.{extension}"


def itas_csv(workspace: Workspace) -> bytes:
    """UTF-8 with a BOM, which Excel on a Thai Windows PC needs to read UTF-8 instead of cp874.

    Several URLs share one quoted cell, one per line. A cell that would start a formula gets a leading
    apostrophe (OWASP's CSV-injection advice), as in the measures export.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for header, _ in COLUMNS])
    for row in sheet_rows(workspace):
        writer.writerow([_csv_cell(value) for value in row.cells()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def itas_xlsx(workspace: Workspace) -> bytes:
    """A sheet ready to print: title row, bold frozen header, wrapped text, A4 landscape."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"OIT {thai.thai_digits(workspace.fiscal_year)}"
    xlsx_titled_sheet(sheet, title=_xlsx_text(itas_title(workspace)), headers=[header for header, _ in COLUMNS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet_rows(workspace):
        sheet.append([_xlsx_text(value) for value in row.cells()])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
            cell.data_type = "s"  # text that starts with "=" stays text, never a formula

    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    xlsx_print_landscape(sheet)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _csv_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _xlsx_text(value: str) -> str:
    # Text pasted from PDFs can carry control characters that an XLSX cell may not hold.
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
