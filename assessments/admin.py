from django.contrib import admin

from assessments.models import (
    Agency,
    Assessment,
    Department,
    FrameworkDraft,
    FrameworkRevision,
    FrameworkVersion,
    Group,
    ImportJob,
    Indicator,
    IndicatorScore,
    Item,
    ItemResult,
    Membership,
    SubIndicator,
    Tool,
)


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "district", "province", "phone", "doc_prefix"]
    list_filter = ["type", "province"]
    search_fields = ["name", "district", "province"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "agency", "order"]
    list_filter = ["agency__province"]
    search_fields = ["name", "agency__name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "province", "department", "position_title", "is_active"]
    list_filter = ["role", "is_active", "agency__province"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "position_title", "agency__name"]
    autocomplete_fields = ["user", "agency"]
    # Deactivation goes through the members page (members.services), which records it and ends the login.
    readonly_fields = ["is_active", "deactivated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The catalogue is loaded by `manage.py load_catalogue` and never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ["year", "name", "revision", "rating_scheme", "rating_confidence", "is_complete"]


@admin.register(FrameworkRevision)
class FrameworkRevisionAdmin(ReadOnlyAdmin):
    list_display = ["framework", "number", "source", "created_by", "created_at"]
    list_filter = ["framework"]


@admin.register(FrameworkDraft)
class FrameworkDraftAdmin(ReadOnlyAdmin):
    list_display = ["year", "source", "created_by", "created_at"]


@admin.register(Tool)
class ToolAdmin(ReadOnlyAdmin):
    list_display = ["code", "framework", "name_th", "weight"]
    list_filter = ["framework"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["number", "name_th", "tool", "framework"]
    list_filter = ["framework", "tool__code"]


@admin.register(SubIndicator)
class SubIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_th", "indicator"]
    list_filter = ["indicator__framework"]


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ["name_th", "sub_indicator"]
    list_filter = ["sub_indicator__indicator__framework"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_th", "indicator", "sub_indicator", "framework", "confidence"]
    list_filter = ["framework", "confidence", "indicator__tool__code"]
    search_fields = ["code", "name_th"]


class IndicatorScoreInline(admin.TabularInline):
    model = IndicatorScore
    extra = 0


class ItemResultInline(admin.TabularInline):
    model = ItemResult
    extra = 0
    fields = ["item", "score", "comment", "decision", "decision_date"]
    raw_id_fields = ["item"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["agency", "fiscal_year", "score_total", "grade", "reported_total"]
    list_filter = ["fiscal_year", "grade", "agency__province"]
    search_fields = ["agency__name"]
    readonly_fields = ["score_iit", "score_eit", "score_oit", "score_total", "grade", "computed_at"]
    inlines = [IndicatorScoreInline, ItemResultInline]

    def save_related(self, request, form, formsets, change):
        from assessments.scoring import assessment_recompute

        super().save_related(request, form, formsets, change)
        assessment_recompute(assessment=form.instance)


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(admin.ModelAdmin):
    list_display = ["assessment", "indicator", "score"]
    list_filter = ["assessment__fiscal_year"]


@admin.register(ItemResult)
class ItemResultAdmin(admin.ModelAdmin):
    list_display = ["assessment", "item", "score", "decision_date"]
    list_filter = ["assessment__fiscal_year", "score"]
    raw_id_fields = ["item"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["kind", "filename", "status", "user", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
