"""Admin (Jazzmin) do catálogo global, para internal_ops. Alterações passam a valer para devices novos."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from pydantic import ValidationError as PydanticError

from apps.catalog.models import CommandDefinition, DashboardTemplate, DeviceTemplate, PointTemplate
from contracts.dashboard import validate_dashboard


class PointTemplateInline(admin.TabularInline):
    model = PointTemplate
    extra = 0


class CommandDefinitionInline(admin.TabularInline):
    model = CommandDefinition
    extra = 0


@admin.register(DeviceTemplate)
class DeviceTemplateAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "adapter", "updated_at"]
    search_fields = ["slug", "name"]
    inlines = [PointTemplateInline, CommandDefinitionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Modelos em uso são referenciados pelos schemas dos tenants (FK no banco); aposentar, não apagar.
        return False


@admin.register(DashboardTemplate)
class DashboardTemplateAdmin(admin.ModelAdmin):
    list_display = ["device_template", "updated_at"]

    def save_model(self, request: HttpRequest, obj: DashboardTemplate, form: Any, change: bool) -> None:
        try:
            obj.config = validate_dashboard(obj.config).to_json()
        except PydanticError as exc:
            raise ValidationError(str(exc)) from exc
        super().save_model(request, obj, form, change)
