"""Admin das credenciais MQTT: só leitura (mudanças passam pelas ações de dispositivo e pelo provisionador)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.broker.models import MqttAcl, MqttCredential
from apps.core.admin import ReadOnlyAdmin


class MqttAclInline(admin.TabularInline):
    model = MqttAcl
    extra = 0
    can_delete = False
    readonly_fields = ["permission", "action", "topic"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MqttCredential)
class MqttCredentialAdmin(ReadOnlyAdmin):
    list_display = ["username", "tenant_id", "is_active", "created_at", "rotated_at", "revoked_at"]
    list_filter = ["is_active"]
    search_fields = ["username"]
    exclude = ["password_hash", "salt"]
    inlines = [MqttAclInline]
