"""The measures plan as a Word document: portrait for seed 001, landscape for seed 003, as the PDF."""

from __future__ import annotations

from typing import Any

from reports.docx import measures


def build(doc: dict[str, Any]) -> bytes:
    return measures.build(doc, landscape=bool(doc.get("landscape")))
