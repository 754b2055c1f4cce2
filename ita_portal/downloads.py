"""Helpers for files the portal sends: Thai file names that every browser keeps."""

from __future__ import annotations

from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def content_disposition(filename: str, *, fallback: str, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII name for old clients and the Thai name per RFC 5987 / 6266."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def pdf_file_response(
    file: FieldFile, *, filename: str, fallback: str, inline: bool = False, missing: str = "ไม่พบไฟล์"
) -> FileResponse:
    """A stored PDF as a response with its Thai name; a file missing from storage is a 404 saying `missing`."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(missing) from exc
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_print_landscape(sheet) -> None:
    """Print a wide sheet on A4 landscape, one page wide, repeating the header row (row 2)."""
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def uploaded_file_response(file: FieldFile, *, content_type: str, original_name: str, inline: bool) -> FileResponse:
    """An uploaded evidence file, never run as a web page: sandboxed, not sniffed, not cached."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("ไม่พบไฟล์หลักฐาน") from None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=original_name or file.name.rsplit("/", 1)[-1],
        content_type=content_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_titled_sheet(sheet, *, title: str, headers: list[str]) -> None:
    """Row 1: the bold title across the table; row 2: the bold, filled, wrapped header (rows then follow)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.append(headers)
    header_fill = PatternFill("solid", fgColor="EEF2F7")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def short_file_name(name: str, limit: int) -> str:
    """A file name cut to `limit` characters that keeps its extension (".csv" decides how a file is read)."""
    if len(name) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        return name[:limit]
    return stem[: limit - len(suffix) - 1] + "." + suffix
