"""OIT workspaces in the Django admin: for looking, not editing (answers change through the workspace pages)."""

from django.contrib import admin

from assessments.admin import ReadOnlyAdmin
from oit.models import Answer, AnswerEvidence, AnswerHistory, Link, Workspace


@admin.register(Workspace)
class WorkspaceAdmin(ReadOnlyAdmin):
    list_display = ["agency", "fiscal_year", "framework", "published_at"]
    list_filter = ["fiscal_year"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["workspace", "item", "status", "has_data", "due_date"]
    list_filter = ["status"]


@admin.register(Link)
class LinkAdmin(ReadOnlyAdmin):
    list_display = ["url", "answer", "check_ok", "http_status", "checked_at"]


@admin.register(AnswerEvidence)
class AnswerEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "answer", "size", "created_at"]


@admin.register(AnswerHistory)
class AnswerHistoryAdmin(ReadOnlyAdmin):
    list_display = ["answer", "action", "user", "at"]
