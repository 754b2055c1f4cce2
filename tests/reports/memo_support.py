"""Fixtures for memo tests: seed 000's agency and people (demo data) and a finished document to attach."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from assessments.models import Agency
from reports.memos import services
from reports.models import GeneratedDocument

PEOPLE = {
    "legal": "thungpho.legal",
    "head": "thungpho.head",
    "palad": "thungpho.palad",
    "mayor": "thungpho.mayor",
    "office": "thungpho.office",
    "other_mayor": "wangprachan.mayor",
}


def tiny_pdf(text: str = "รายงานผลการดำเนินการ") -> bytes:
    from reports.documents.render import render_part
    from reports.pdf import fonts

    style = f"<style>{fonts.font_face_css()} body {{ font-family: '{fonts.FAMILY}' }}</style>"
    return render_part(f'<html lang="th"><head>{style}</head><body><p>{text}</p></body></html>').content


@pytest.fixture
def thungpho(demo, settings, tmp_path, monkeypatch):
    # The tests run inside one transaction: run on-commit work (mail, the final PDF) at once.
    monkeypatch.setattr(services.transaction, "on_commit", lambda fn, using=None, robust=False: fn())
    settings.MEDIA_ROOT = tmp_path / "media"
    users = {key: get_user_model().objects.get(username=name) for key, name in PEOPLE.items()}
    for key, user in users.items():
        user.email = f"{key}@example.go.th"
        user.save(update_fields=["email"])
    agency = Agency.objects.get(name="ทุ่งโพธิ์")
    document = GeneratedDocument(
        agency=agency,
        kind="progress",
        fiscal_year=2566,
        round=12,
        layout="seed000",
        version=1,
        status=GeneratedDocument.Status.DONE,
        pages=1,
        sha256="0" * 64,
    )
    document.file.save("report.pdf", ContentFile(tiny_pdf()), save=False)
    document.save()
    return agency, users, document


def as_request(user) -> services.Request:
    return services.Request(user=user, ip="203.0.113.7", user_agent="pytest")


def new_memo(agency, users, document, **changes):
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    data.update(changes)
    return services.memo_create(agency=agency, request=as_request(users["legal"]), data=data, documents=[document])
