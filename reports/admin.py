from django.contrib import admin

from reports.models import ApprovalChain, ApprovalChainStep


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
