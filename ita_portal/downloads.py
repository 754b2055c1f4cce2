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
