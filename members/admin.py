"""Members in the Django admin: invitations and the title history to look at; the audit trail read-only."""

from django.contrib import admin

from assessments.admin import ReadOnlyAdmin
from members.models import Invitation, MembershipEvent, PositionTitle


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "membership", "created_at", "expires_at", "used_at", "sent_at"]
    search_fields = ["email"]
    exclude = ["token_hash"]


@admin.register(MembershipEvent)
class MembershipEventAdmin(ReadOnlyAdmin):
    list_display = ["membership", "action", "user", "at", "ip"]
    list_filter = ["action"]


@admin.register(PositionTitle)
class PositionTitleAdmin(ReadOnlyAdmin):
    list_display = ["membership", "title", "valid_from"]
    search_fields = ["title"]
