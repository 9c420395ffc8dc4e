"""Admin pieces every app uses: read-only pages for what only services write, audited saves elsewhere.

Edition-scoped records (editions, venues, rooms, partners, roles, and every later app's) change
only through their services, which hold the write guard (frozen editions), the transition tables
and the audit log; their admin pages are read-only (ReadOnlyAdmin). What the site admin does keep
editing here (organisations, series, accounts) goes through AuditedAdmin, so no admin write
escapes the audit log.
"""

from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from impactdays.common.models import AuditEntry
from impactdays.common.services import audit_record

ModelT = TypeVar("ModelT", bound=models.Model)


class ReadOnlyAdmin(admin.ModelAdmin[ModelT]):
    """Shows records that only services write: nobody adds, changes or deletes them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ModelT | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ModelT | None = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[Any, Any]):  # Any: any child and parent model
    """An inline list of records that only services write."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin[ModelT]):
    """Every add, change and delete made in the admin is written to the audit log."""

    def save_model(
        self, request: HttpRequest, obj: ModelT, form: forms.ModelForm[ModelT], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user if request.user.is_authenticated else None,
            action="admin_change" if change else "admin_add",
            target=obj,
            data={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: ModelT) -> None:
        audit_record(
            actor=request.user if request.user.is_authenticated else None,
            action="admin_delete",
            target=obj,
            data={"label": str(obj)},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[ModelT]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    list_display = ["created_at", "actor", "action", "edition", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    list_select_related = ["actor", "edition"]
    readonly_fields = [
        "created_at",
        "actor",
        "action",
        "edition",
        "target_type",
        "target_id",
        "data",
    ]
