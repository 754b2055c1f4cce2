"""The agency's own details the coordinator keeps: telephone, the memo number prefix and the Garuda image.

The Garuda is checked by content (PNG or JPEG that Pillow can open, at most 2 MB, at least 100
pixels high) and is only ever drawn into PDFs; it is never served to browsers.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from assessments.models import Agency
from assessments.permissions import can_manage_results
from ita_portal import thai

MAX_GARUDA_BYTES = 2 * 1024 * 1024
MIN_GARUDA_HEIGHT = 100


def validate_garuda(file: UploadedFile) -> str:
    """The image's extension (".png" / ".jpg"), or a ValidationError in Thai."""
    from PIL import Image, UnidentifiedImageError

    if file.size and file.size > MAX_GARUDA_BYTES:
        raise ValidationError("ไฟล์ตราครุฑต้องมีขนาดไม่เกิน ๒ MB")
    file.seek(0)
    try:
        with Image.open(file) as image:
            image.verify()
            kind, height = image.format, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("ไฟล์ตราครุฑต้องเป็นภาพ PNG หรือ JPEG") from exc
    finally:
        file.seek(0)
    if kind not in ("PNG", "JPEG"):
        raise ValidationError("ไฟล์ตราครุฑต้องเป็นภาพ PNG หรือ JPEG")
    if height < MIN_GARUDA_HEIGHT:
        raise ValidationError(f"ภาพตราครุฑต้องสูงอย่างน้อย {thai.thai_digits(MIN_GARUDA_HEIGHT)} จุด เพื่อให้พิมพ์ได้คมชัด")
    return ".png" if kind == "PNG" else ".jpg"


def agency_update_settings(
    *,
    agency: Agency,
    user: AbstractBaseUser,
    phone: str,
    doc_prefix: str,
    garuda: UploadedFile | None = None,
    remove_garuda: bool = False,
) -> Agency:
    """Save the coordinator's changes; a new Garuda replaces the old file."""
    if not can_manage_results(user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่แก้ไขข้อมูลหน่วยงานได้")
    extension = validate_garuda(garuda) if garuda is not None else ""
    with transaction.atomic():
        agency.phone = phone.strip()
        agency.doc_prefix = thai.thai_digits(doc_prefix.strip())
        old = agency.garuda.name if agency.garuda else ""
        if garuda is not None:
            agency.garuda.save(f"agency-{agency.pk}{extension}", garuda, save=False)
        elif remove_garuda:
            agency.garuda = ""
        agency.full_clean()
        agency.save(update_fields=["phone", "doc_prefix", "garuda"])
    if old and old != (agency.garuda.name if agency.garuda else ""):
        transaction.on_commit(lambda: agency.garuda.storage.delete(old))
    return agency
