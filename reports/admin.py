from django.contrib import admin
from django.http import HttpRequest

from reports.models import ApprovalChain, ApprovalChainStep, DocumentPart, GeneratedDocument


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
