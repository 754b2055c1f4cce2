from django.contrib import admin
from django.db import models

from measures.models import DismissedSuggestion, Evidence, History, Measure, MeasurePlan, Progress


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    fields = ["number", "section", "title", "responsible_text", "period_text"]
    show_change_link = True


@admin.register(MeasurePlan)
class MeasurePlanAdmin(admin.ModelAdmin):
    list_display = ["agency", "fiscal_year", "framework"]
    list_filter = ["fiscal_year", "agency__province"]
    inlines = [MeasureInline]


class ProgressInline(admin.StackedInline):
    model = Progress
    extra = 0
    fields = ["round", "status", "summary", "outcome", "updated_by"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan", "section"]
    list_filter = ["plan__fiscal_year", "section", "plan__agency"]
    search_fields = ["title", "issue", "steps"]
    filter_horizontal = ["departments"]
    raw_id_fields = ["items", "indicators"]
    inlines = [ProgressInline]


# Links typed without a scheme are taken as https:// (Django 6's default, chosen now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    formfield_overrides = HTTPS_URLS


@admin.register(Progress)
class ProgressAdmin(admin.ModelAdmin):
    list_display = ["measure", "round", "status", "updated_by", "updated_at"]
    list_filter = ["round", "status", "measure__plan__agency"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["progress", "title", "url", "file"]
    formfield_overrides = HTTPS_URLS


@admin.register(History)
class HistoryAdmin(admin.ModelAdmin):
    list_display = ["measure", "action", "round", "user", "created_at"]
    list_filter = ["action", "round"]
    readonly_fields = ["measure", "round", "action", "changes", "user", "created_at"]


@admin.register(DismissedSuggestion)
class DismissedSuggestionAdmin(admin.ModelAdmin):
    list_display = ["plan", "key", "user", "created_at"]
