"""LINE in the Django admin: linked accounts and the counted pushes to look at, read-only."""

from django.contrib import admin

from assessments.admin import ReadOnlyAdmin
from linechannel.models import LineAccount, LineMessage, LineQuotaMonth, LinkCode


@admin.register(LineAccount)
class LineAccountAdmin(ReadOnlyAdmin):
    list_display = ["user", "line_user_id", "linked_at", "unlinked_at"]
    search_fields = ["user__username", "line_user_id"]


@admin.register(LinkCode)
class LinkCodeAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at"]
    exclude = ["code"]


@admin.register(LineMessage)
class LineMessageAdmin(ReadOnlyAdmin):
    list_display = ["retry_key", "user", "status", "month", "created_at", "sent_at"]
    list_filter = ["status", "month"]


@admin.register(LineQuotaMonth)
class LineQuotaMonthAdmin(ReadOnlyAdmin):
    list_display = ["month", "used", "warned_at"]
