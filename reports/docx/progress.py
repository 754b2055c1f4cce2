"""The progress report as a Word document: every layout's table on landscape pages, as the PDF."""

from __future__ import annotations

from typing import Any

from reports.docx import measures


def build(doc: dict[str, Any]) -> bytes:
    return measures.build(doc, landscape=True)
