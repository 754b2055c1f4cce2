from django.contrib import admin
from django.http import HttpRequest

from reports.models import (
    ApprovalChain,
    ApprovalChainStep,
    DocumentPart,
    GeneratedDocument,
    Memo,
    MemoCounter,
    MemoEvent,
    MemoStep,
    StandIn,
)


class StepInline(admin.TabularInline):
    model = ApprovalChainStep
    extra = 0


@admin.register(ApprovalChain)
class ApprovalChainAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "is_default"]
    inlines = [StepInline]


@admin.register(ApprovalChainStep)
class ApprovalChainStepAdmin(admin.ModelAdmin):
    list_display = ["chain", "order", "position_title", "user"]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are made by the render service, and a version never changes."""

    list_display = ["agency", "kind", "fiscal_year", "round", "layout", "version", "status", "pages", "created_at"]
    list_filter = ["status", "kind", "fiscal_year"]
    search_fields = ["agency__name", "sha256"]
    list_select_related = ["agency"]

    def get_readonly_fields(self, request: HttpRequest, obj: GeneratedDocument | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: GeneratedDocument | None = None) -> bool:
        return False


@admin.register(DocumentPart)
class DocumentPartAdmin(admin.ModelAdmin):
    """Read-only: parts of a document being rendered by several workers, gone once joined."""

    list_display = ["document", "attempt", "index", "pages", "created_at"]
    list_select_related = ["document__agency"]
    exclude = ["content"]

    def get_readonly_fields(self, request: HttpRequest, obj: DocumentPart | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields if f.name != "content"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: DocumentPart | None = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Memos change only through their workflow (reports.memos.services); the admin only shows them."""

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Memo)
class MemoAdmin(ReadOnlyAdmin):
    list_display = ["agency", "number_seq", "subject", "status", "round", "final", "created_at"]
    list_filter = ["status", "final"]
    search_fields = ["agency__name", "subject", "final_sha256"]
    list_select_related = ["agency"]


@admin.register(MemoStep)
class MemoStepAdmin(ReadOnlyAdmin):
    list_display = ["memo", "round", "order", "position_title", "acted_by", "decision", "returned", "acted_at"]
    list_select_related = ["memo__agency", "acted_by"]


@admin.register(MemoEvent)
class MemoEventAdmin(ReadOnlyAdmin):
    """The audit trail: nobody, not even a superuser, edits or deletes it here."""

    list_display = ["memo", "action", "user", "at", "ip", "round", "step"]
    list_filter = ["action"]
    list_select_related = ["memo__agency", "user"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(MemoCounter)
class MemoCounterAdmin(ReadOnlyAdmin):
    list_display = ["agency", "year", "last", "start_number", "start_set_by", "start_set_at"]


@admin.register(StandIn)
class StandInAdmin(ReadOnlyAdmin):
    """Named and cancelled on the memo pages (reports.memos.standins); the rows are their audit trail."""

    list_display = ["agency", "stand_in", "kind", "principal", "starts_on", "ends_on", "legal_basis", "cancelled_at"]
    list_filter = ["kind"]
    search_fields = ["agency__name", "legal_basis"]
    list_select_related = ["agency", "stand_in", "principal"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
