"""Checks on uploaded evidence: by content, not by the file name's extension."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extension: str
    inline: bool  # safe to show in the browser (never HTML or SVG)


PDF = Kind("PDF", "application/pdf", ".pdf", True)
PNG = Kind("ภาพ PNG", "image/png", ".png", True)
JPEG = Kind("ภาพ JPEG", "image/jpeg", ".jpg", True)
DOCX = Kind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", False)
XLSX = Kind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", False)
ALLOWED_TEXT = "PDF, PNG, JPEG, Word (.docx) หรือ Excel (.xlsx)"


def sniff(head: bytes, file: UploadedFile | None = None) -> Kind | None:
    """The kind of a file from its first bytes (and, for Office files, its zip contents)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") and file is not None:
        try:
            file.seek(0)
            names = set(zipfile.ZipFile(file).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def validate_evidence_file(file: UploadedFile) -> Kind:
    """The file's kind, or a ValidationError in Thai (too large, or not an allowed kind)."""
    if file.size is not None and file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"ไฟล์ “{file.name}” มีขนาด {file.size / 1024 / 1024:.1f} MB เกินกำหนด {MAX_EVIDENCE_BYTES // 1024 // 1024} MB"
        )
    if not file.size:
        raise ValidationError(f"ไฟล์ “{file.name}” ว่างเปล่า")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    kind = sniff(head, file)
    if kind is None:
        raise ValidationError(f"ไฟล์ “{file.name}” ไม่ใช่ชนิดที่รับ (รับเฉพาะ {ALLOWED_TEXT})")
    return kind


INLINE_TYPES = {k.content_type for k in (PDF, PNG, JPEG)}


def stored_name(upload_name: str, kind: Kind) -> str:
    """The name a checked file is stored under: its own stem with the extension of what it really is.

    A PDF uploaded as "report.png" or "report" is stored as "report.pdf", so storage, backups and
    anyone who opens the folder see the true type.
    """
    stem = upload_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    return f"{stem[:100] or 'evidence'}{kind.extension}"
