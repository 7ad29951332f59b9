"""Admin dos alertas do tenant do host (`<tenant>.dominio/admin/`), pelas views isoladas (ADR-001/ADR-005).

Só leitura, exceto a ação "Reconhecer", que chama a mesma função de serviço da API.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.alerts.models import Alert, AlertEvent
from apps.timeseries.admin import TenantViewAdmin


class AlertEventInline(admin.TabularInline):
    model = AlertEvent
    extra = 0
    can_delete = False
    readonly_fields = ("ts", "kind", "actor", "detail")
    fields = readonly_fields
    verbose_name_plural = "histórico"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(TenantViewAdmin):
    list_display = ["started_at", "severity", "state", "message", "last_value", "peak_value", "cleared_at", "acked_by"]
    list_filter = ["state", "severity", "rule_kind"]
    search_fields = ["message"]
    inlines = [AlertEventInline]
    actions = ["acknowledge"]

    @admin.action(description="Reconhecer os alertas selecionados")
    def acknowledge(self, request: HttpRequest, queryset: QuerySet[Alert]) -> None:
        from apps.rules.services import ack_alert

        count = 0
        for alert in queryset:
            ack_alert(alert=alert, username=request.user.get_username())
            count += 1
        self.message_user(request, f"{count} alerta(s) reconhecido(s).", messages.SUCCESS)
