"""Reads of generated documents, scoped to the agencies the user may see; another agency's is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from assessments.models import Agency
from assessments.selectors import User, agencies_for_user
from reports.models import GeneratedDocument


def documents_for_user(user: User) -> QuerySet[GeneratedDocument]:
    """Documents of every agency the user belongs to or oversees."""
    return GeneratedDocument.objects.filter(agency__in=agencies_for_user(user)).select_related("agency", "requested_by")


def agency_documents(agency: Agency) -> QuerySet[GeneratedDocument]:
    """One agency's documents, newest first; the caller has already checked the agency is visible."""
    return (
        GeneratedDocument.objects.filter(agency=agency)
        .select_related("requested_by")
        .defer("snapshot")
        .order_by("-created_at", "-pk")
    )


def get_document_for_user(user: User, pk: int) -> GeneratedDocument:
    """The document if the user may see its agency; 404 otherwise, so ids reveal nothing."""
    document = documents_for_user(user).filter(pk=pk).first()
    if document is None:
        raise Http404("ไม่พบเอกสาร")
    return document
