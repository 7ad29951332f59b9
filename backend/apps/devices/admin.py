"""Admin de dispositivos (schema do tenant): abra o admin pelo host do tenant (ex.: alpha.localhost/admin/).

Criação, rotação e revogação ficam na API (uma ação de serviço com efeitos no broker); aqui se consulta o
estado de provisionamento e se ajustam rótulos/limites.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.devices.models import DashboardConfig, Device, Point
from apps.tenancy.connection import tenant_connection


class TenantSchemaOnlyAdmin(admin.ModelAdmin):
    """Esconde o modelo no admin do schema public, onde a tabela não existe."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return tenant_connection().schema_name != "public" and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return tenant_connection().schema_name != "public" and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PointInline(admin.TabularInline):
    model = Point
    extra = 0
    can_delete = False
    fields = ["name", "label", "value_type", "unit", "is_contracted", "low_limit", "high_limit", "hysteresis"]
    readonly_fields = ["name", "value_type", "unit", "is_contracted"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Device)
class DeviceAdmin(TenantSchemaOnlyAdmin):
    list_display = ["topic_base", "name", "template", "provisioning_status", "provisioned_at"]
    list_filter = ["provisioning_status", "site"]
    search_fields = ["slug", "name", "topic_base"]
    readonly_fields = [
        "id",
        "site",
        "template",
        "slug",
        "topic_base",
        "mqtt_username",
        "provisioning_status",
        "provisioning_error",
        "provisioned_at",
        "created_at",
    ]
    inlines = [PointInline]


@admin.register(DashboardConfig)
class DashboardConfigAdmin(TenantSchemaOnlyAdmin):
    list_display = ["device", "updated_at"]
    readonly_fields = ["device", "config", "updated_at"]
