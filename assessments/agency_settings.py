"""The agency's own details the coordinator keeps: its address and contacts, short name, website, the memo
number prefix, the Garuda image, its departments' abbreviations and its reports' wording.

The Garuda is checked by content (PNG or JPEG that Pillow can open, at most 2 MB, at least 100 pixels
high, at most 4000 × 4000 / 16 million pixels by its header, before decoding), stored scaled down to
what the memo prints, and is only ever drawn into PDFs; it is never served to browsers.
"""

from __future__ import annotations

import io

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import DomainNameValidator
from django.db import transaction

from assessments import document_wording
from assessments.models import Agency, Department
from assessments.permissions import can_manage_results
from ita_portal import images, thai

MAX_GARUDA_BYTES = 2 * 1024 * 1024
MIN_GARUDA_HEIGHT = 100
# What is stored: the memo prints the Garuda 1.5 cm high, 177 pixels at 300 dpi. Scaling once on upload
# keeps every later memo render from decoding the original (a 12000 × 12000 image took 8 s and +1.1 GB).
GARUDA_HEIGHT_PX = 180
NOT_AN_IMAGE = "ไฟล์ตราครุฑต้องเป็นภาพ PNG หรือ JPEG"


def prepare_garuda(file: UploadedFile) -> tuple[str, ContentFile]:
    """The image to store ("agency-N.png" / ".jpg" and its bytes, at most GARUDA_HEIGHT_PX high), or a
    ValidationError in Thai.

    The size is read from the header and bounded before anything is decoded; whatever Pillow raises on
    a crafted file is a refusal, never a 500. Re-encoding also drops the upload's metadata, after
    applying its EXIF rotation so that a photo prints the right way up.
    """
    if file.size and file.size > MAX_GARUDA_BYTES:
        raise ValidationError("ไฟล์ตราครุฑต้องมีขนาดไม่เกิน ๒ MB")
    file.seek(0)
    try:
        kind, _, height = images.header(file)
    except images.ImageTooLarge as exc:
        raise ValidationError(f"ภาพตราครุฑต้องมีขนาด{images.SIZE_LIMIT} กรุณาย่อภาพก่อนอัปโหลด") from exc
    except images.UnsafeImage as exc:
        raise ValidationError(NOT_AN_IMAGE) from exc
    finally:
        file.seek(0)
    if kind not in ("PNG", "JPEG"):
        raise ValidationError(NOT_AN_IMAGE)
    if height < MIN_GARUDA_HEIGHT:
        raise ValidationError(f"ภาพตราครุฑต้องสูงอย่างน้อย {thai.thai_digits(MIN_GARUDA_HEIGHT)} จุด เพื่อให้พิมพ์ได้คมชัด")
    try:
        content = _scaled(file, kind)
    except images.BOMB_ERRORS + images.PILLOW_ERRORS as exc:
        raise ValidationError(NOT_AN_IMAGE) from exc
    finally:
        file.seek(0)
    return (".png" if kind == "PNG" else ".jpg"), ContentFile(content)


def _scaled(file: UploadedFile, kind: str) -> bytes:
    from PIL import Image, ImageOps

    with images.strict_pillow(), Image.open(file) as original:
        if kind == "JPEG":
            # Decode at the smallest JPEG scale that keeps both sides above the target height (either may
            # become the height once the EXIF rotation is applied).
            original.draft("RGB", (GARUDA_HEIGHT_PX, GARUDA_HEIGHT_PX))
        image = ImageOps.exif_transpose(original)
        image.load()
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        transparent = image.mode.endswith("A") or "transparency" in image.info
        image = image.convert("RGBA" if transparent and kind == "PNG" else "RGB")
    if image.height > GARUDA_HEIGHT_PX:
        width = max(1, round(image.width * GARUDA_HEIGHT_PX / image.height))
        image = image.resize((width, GARUDA_HEIGHT_PX), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if kind == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


# The agency's record as the coordinator edits it (None: left as it is). Province and district are not
# among them: they decide which provincial overseer sees the agency, so only the system administrator sets them.
RECORD_FIELDS = ["address", "subdistrict", "email", "website_domain", "short_name_override"]


def website_domain(text: str) -> str:
    """The host the OIT link check compares: "https://www.Robwiang.go.th/index.php" → "robwiang.go.th".

    A ValidationError in Thai when what remains is no domain name.
    """
    host = text.strip().lower()
    for scheme in ("https://", "http://"):
        host = host.removeprefix(scheme)
    host = host.split("/", 1)[0].split("?", 1)[0].removeprefix("www.")
    try:
        DomainNameValidator()(host)
    except ValidationError as exc:
        raise ValidationError("กรุณากรอกชื่อโดเมน เช่น robwiang.go.th") from exc
    return host


def agency_update_settings(
    *,
    agency: Agency,
    user: AbstractBaseUser,
    phone: str,
    doc_prefix: str,
    garuda: UploadedFile | None = None,
    remove_garuda: bool = False,
    record: dict[str, str] | None = None,
    abbreviations: dict[int, str] | None = None,
    wording: dict[str, str] | None = None,
) -> Agency:
    """Save the coordinator's changes; a new Garuda replaces the old file.

    `record` holds the RECORD_FIELDS to change; `abbreviations` maps the agency's own department ids to
    their abbreviation (any other id is refused); `wording` the reports' texts (document_wording.KEYS),
    of which only those that differ from the portal's are kept.  Documents made before keep theirs.
    """
    if not can_manage_results(user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่แก้ไขข้อมูลหน่วยงานได้")
    extension, content = prepare_garuda(garuda) if garuda is not None else ("", None)
    record = {name: value.strip() for name, value in (record or {}).items() if name in RECORD_FIELDS}
    if record.get("website_domain"):
        try:
            record["website_domain"] = website_domain(record["website_domain"])
        except ValidationError as exc:
            raise ValidationError({"website_domain": exc.messages}) from exc
    kept_wording = document_wording.clean_wording(wording) if wording is not None else None
    departments = {d.pk: d for d in Department.objects.filter(agency=agency, pk__in=list(abbreviations or {}))}
    if set(abbreviations or {}) - set(departments):
        raise ValidationError("ส่วนราชการต้องเป็นของหน่วยงานนี้")
    with transaction.atomic():
        agency.phone = phone.strip()
        agency.doc_prefix = thai.thai_digits(doc_prefix.strip())
        for name, value in record.items():
            setattr(agency, name, value)
        old = agency.garuda.name if agency.garuda else ""
        if content is not None:
            agency.garuda.save(f"agency-{agency.pk}{extension}", content, save=False)
        elif remove_garuda:
            agency.garuda = ""
        wording_fields = []
        if kept_wording is not None and kept_wording != agency.document_wording:
            agency.document_wording = kept_wording
            wording_fields = ["document_wording"]
        agency.full_clean()
        agency.save(update_fields=["phone", "doc_prefix", "garuda", *record, *wording_fields, "updated_at"])
        for pk, abbreviation in (abbreviations or {}).items():
            department = departments[pk]
            if department.abbreviation != abbreviation.strip():
                department.abbreviation = abbreviation.strip()
                department.full_clean()
                department.save(update_fields=["abbreviation", "updated_at"])
    if old and old != (agency.garuda.name if agency.garuda else ""):
        transaction.on_commit(lambda: agency.garuda.storage.delete(old))
    return agency
