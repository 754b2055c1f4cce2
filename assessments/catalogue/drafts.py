"""Drafts of a framework year prepared in the browser by a system administrator, and their confirmation.

A draft starts from an uploaded file, a copy of an earlier year or the loaded year itself;
it is edited, its diff against what is loaded is shown, and only confirming it writes the
catalogue (catalogue_load: one transaction, one revision). A draft is its creator's alone:
two administrators never edit each other's, and the revision it started from makes a
confirmation over someone else's newer correction fail instead of overwriting it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from assessments.catalogue.load import LoadResult, catalogue_load
from assessments.catalogue.spec import (
    CatalogueError,
    FrameworkSpec,
    spec_from_data,
    spec_from_framework,
    spec_from_upload,
    spec_to_data,
    validate_spec,
)
from assessments.models import FrameworkDraft, FrameworkVersion
from assessments.permissions import is_system_admin

WEB_SOURCE = "แก้ไขผ่านหน้าเว็บโดย {username}"
SOURCE_LENGTH = 300


def _check_admin(user: Any) -> None:
    if not is_system_admin(user):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่แก้ไขกรอบการประเมินได้")


def _check_owner(user: Any, draft: FrameworkDraft) -> None:
    _check_admin(user)
    if draft.created_by_id != user.pk:
        raise PermissionDenied("ร่างนี้เป็นของผู้ดูแลระบบคนอื่น")


def framework_drafts_for_user(user: Any) -> QuerySet[FrameworkDraft]:
    """The drafts a user may open: their own, and none for anyone but a system administrator."""
    if not is_system_admin(user):
        return FrameworkDraft.objects.none()
    return FrameworkDraft.objects.filter(created_by=user)


def _create(*, user: Any, spec: FrameworkSpec, base_revision: int | None, source: str = "") -> FrameworkDraft:
    return FrameworkDraft.objects.create(
        year=spec.year,
        spec=spec_to_data(spec),
        base_revision=base_revision,
        source=source[:SOURCE_LENGTH],
        created_by=user,
    )


def framework_draft_upload(*, user: Any, year: int, data: bytes, filename: str) -> FrameworkDraft:
    """A draft from an uploaded items table; what the file lacks comes from that year or the closest earlier one.

    Raises CatalogueError (every problem by row and column, Thai) or SpreadsheetError (the file as a whole).
    """
    _check_admin(user)
    loaded = FrameworkVersion.objects.filter(year=year).first()
    base = loaded or FrameworkVersion.objects.filter(year__lt=year).order_by("-year").first()
    spec = spec_from_upload(year=year, data=data, filename=filename, base=base)
    validate_spec(spec)
    return _create(user=user, spec=spec, base_revision=loaded.revision if loaded else None, source=filename)


def framework_draft_copy(*, user: Any, year: int, from_year: int) -> FrameworkDraft:
    """The start of a new year as a copy of a loaded one; a year already loaded is corrected, not copied over."""
    _check_admin(user)
    if FrameworkVersion.objects.filter(year=year).exists():
        raise CatalogueError([f"มีกรอบการประเมินปี {year} ในระบบแล้ว ให้แก้ไขปีนั้นแทนการเริ่มปีใหม่"])
    source = FrameworkVersion.objects.filter(year=from_year).first()
    if source is None:
        raise CatalogueError([f"ไม่มีกรอบการประเมินปี {from_year} ในระบบให้คัดลอก"])
    return _create(user=user, spec=spec_from_framework(source, year=year), base_revision=None)


def framework_draft_edit(*, user: Any, year: int) -> FrameworkDraft:
    """A draft of a loaded year as it is now, to correct it."""
    _check_admin(user)
    framework = FrameworkVersion.objects.filter(year=year).first()
    if framework is None:
        raise CatalogueError([f"ไม่มีกรอบการประเมินปี {year} ในระบบ"])
    return _create(user=user, spec=spec_from_framework(framework), base_revision=framework.revision)


def framework_draft_save(*, user: Any, draft: FrameworkDraft, spec: FrameworkSpec) -> FrameworkDraft:
    """Keep the editor's spec in the draft; nothing in the catalogue changes yet.

    Raises CatalogueError when the spec as a whole is not usable (weights, codes, rules, indicators).
    """
    _check_owner(user, draft)
    if spec.year != draft.year:
        raise CatalogueError([f"ร่างนี้เป็นของปี {draft.year} ไม่ใช่ปี {spec.year}"])
    validate_spec(spec)
    draft.spec = spec_to_data(spec)
    edited = WEB_SOURCE.format(username=user.get_username())
    if draft.source and edited not in draft.source:  # an uploaded file, then corrected by hand
        draft.source = f"{draft.source}, {edited}"[:SOURCE_LENGTH]
    draft.full_clean()
    draft.save(update_fields=["spec", "source", "updated_at"])
    return draft


def framework_draft_confirm(*, user: Any, draft: FrameworkDraft) -> LoadResult:
    """Write the draft into the catalogue as the next revision, then delete it.

    On CatalogueError (an item in use removed, someone else's revision in between, a year
    created meanwhile) nothing is written and the draft stays, so no work is lost.
    """
    _check_owner(user, draft)
    spec = spec_from_data(draft.spec)
    source = draft.source or WEB_SOURCE.format(username=user.get_username())
    with transaction.atomic():
        if draft.base_revision is None and FrameworkVersion.objects.filter(year=draft.year).exists():
            raise CatalogueError(
                [f"มีผู้อื่นสร้างกรอบการประเมินปี {draft.year} ไปแล้วระหว่างที่ร่างนี้ยังไม่ยืนยัน ระบบจึงไม่บันทึกทับ กรุณาเริ่มแก้ไขจากฉบับในระบบ"]
            )
        result = catalogue_load(
            spec=spec, user=user, source=source[:SOURCE_LENGTH], expected_revision=draft.base_revision
        )
        draft.delete()
    return result


def framework_draft_discard(*, user: Any, draft: FrameworkDraft) -> None:
    """Drop a draft; the catalogue is untouched."""
    _check_owner(user, draft)
    draft.delete()
