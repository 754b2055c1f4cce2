from django.contrib import admin, messages
from django.http import HttpRequest

from notifications.models import Delivery, Notification, Preference
from notifications.services import delivery_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "occasion", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "agency"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: a delivery is made by notify() and changed only by its send; "send again" retries a failed one."""

    list_display = ["occasion", "user", "channel", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["occasion", "user__username", "last_error"]
    list_select_related = ["user"]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        return False

    @admin.action(description="ส่งอีกครั้ง (เฉพาะที่ส่งไม่สำเร็จ)")
    def send_again(self, request: HttpRequest, queryset) -> None:
        count = sum(delivery_retry(delivery=delivery) for delivery in queryset)
        self.message_user(request, f"ส่งอีกครั้ง {count} รายการ", messages.SUCCESS)


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel", "enabled"]
    list_filter = ["kind", "channel", "enabled"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
