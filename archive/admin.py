"""Sign-in lockouts in the editors' admin: who is locked out, and a way to clear it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.utils import timezone

from archive.admin_lockout import PER_ADDRESS_FACTOR
from archive.models import SignInFailures


@admin.register(SignInFailures)
class SignInLockoutAdmin(admin.ModelAdmin):
    list_display = ["address", "username", "kind", "count", "locked", "expires_at"]
    search_fields = ["key"]
    actions = ["delete_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).sign_in_failures().live()

    @admin.display(boolean=True, description="locked")
    def locked(self, obj) -> bool:
        limit = settings.ADMIN_LOGIN_MAX_FAILURES
        if obj.parts[0] == "address":
            limit *= PER_ADDRESS_FACTOR
        return obj.count >= limit and obj.expires_at > timezone.now()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
