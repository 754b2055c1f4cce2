"""Helpers for files the portal sends: Thai file names that every browser keeps."""

from __future__ import annotations

from urllib.parse import quote


def content_disposition(filename: str, *, fallback: str, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII name for old clients and the Thai name per RFC 5987 / 6266."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_print_landscape(sheet) -> None:
    """Print a wide sheet on A4 landscape, one page wide, repeating the header row (row 2)."""
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
