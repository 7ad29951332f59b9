"""Admin de dispositivos (schema do tenant): abra o admin pelo host do tenant (ex.: alpha.localhost/admin/).

Criação, rotação, revogação e reativação ficam na API (devolvem senha ou têm efeitos no broker que o chamador
acompanha); aqui se consulta o estado de provisionamento, se ajustam rótulos/limites e se desativam dispositivos
retirados de campo (ação em lote, a mesma função de serviço de `POST /api/devices/{id}/decommission/`).
"""

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from apps.alerts.choices import SEVERITY_RANK, Severity
from apps.alerts.models import Alert
from apps.broker.models import MqttCredential
from apps.core.db import set_tenant_for_transaction
from apps.devices.choices import ProvisioningStatus
from apps.devices.models import DashboardConfig, Device, Point
from apps.devices.services import decommission_device
from apps.tenancy.connection import tenant_connection
from apps.timeseries.models import TenantDeviceStatus


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


def annotate_device_overview(queryset: QuerySet[Device]) -> QuerySet[Device]:
    """Conectividade, alertas abertos e credencial MQTT de cada dispositivo em subconsultas da MESMA query.

    As views `tenant_device_status`/`tenant_alert` só mostram o tenant fixado na transação; a credencial vem de
    `public.broker_mqtt_credential` pelo usuário MQTT. Sem N+1: a lista custa as mesmas queries com 1 ou 100 linhas.
    """
    status = TenantDeviceStatus.objects.filter(device_id=OuterRef("pk"))
    open_alerts = Alert.objects.filter(device_id=OuterRef("pk"), cleared_at__isnull=True).order_by()
    rank = Case(
        *(When(severity=sev, then=Value(r)) for sev, r in SEVERITY_RANK.items()),
        output_field=IntegerField(),
    )
    credential = MqttCredential.objects.filter(username=OuterRef("mqtt_username"))
    return queryset.annotate(
        conn_online=Subquery(status.values("online")[:1]),
        conn_last_seen=Subquery(status.values("last_seen")[:1]),
        open_alert_count=Coalesce(
            Subquery(open_alerts.values("device_id").annotate(n=Count("*")).values("n")[:1]),
            0,
        ),
        open_alert_severity=Subquery(open_alerts.annotate(rank=rank).order_by("rank").values("severity")[:1]),
        credential_active=Subquery(credential.values("is_active")[:1]),
    )


def credential_status(device: Device) -> str:
    """Credencial MQTT de relance: ativa, revogada, pendente (broker ainda não acompanhou) ou falhou."""
    active = getattr(device, "credential_active", None)
    if device.provisioning_status in (ProvisioningStatus.REVOKING, ProvisioningStatus.REVOKED) or active is False:
        return "revogada"
    if device.provisioning_status == ProvisioningStatus.FAILED:
        return "falhou"
    if device.provisioning_status == ProvisioningStatus.PENDING or active is None:
        return "pendente"
    return "ativa"


@admin.register(Device)
class DeviceAdmin(TenantSchemaOnlyAdmin):
    list_display = [
        "topic_base",
        "name",
        "template",
        "online",
        "last_seen",
        "open_alerts",
        "mqtt_credential",
        "provisioning_status",
    ]
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
    actions = ["decommission_selected"]

    @admin.action(description="Desativar dispositivos selecionados (revoga a credencial; histórico fica)")
    def decommission_selected(self, request: HttpRequest, queryset: QuerySet[Device]) -> None:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME:
            self.message_user(request, "Abra o admin pelo host do tenant.", level=messages.ERROR)
            return
        done = 0
        for device in queryset.filter(decommissioned_at__isnull=True):
            with transaction.atomic():
                decommission_device(tenant=tenant, device=device)
            done += 1
        self.message_user(request, f"{done} dispositivo(s) desativado(s); a telemetria tardia vai para a dead letter.")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Device]:
        tenant = getattr(request, "tenant", None)
        if tenant is not None and tenant.schema_name != settings.PUBLIC_SCHEMA_NAME:
            # As views de conectividade e alertas filtram pelo tenant da transação (ADR-001).
            set_tenant_for_transaction(tenant.tenant_id)
        return annotate_device_overview(super().get_queryset(request))

    @admin.display(description="online", boolean=True, ordering="conn_online")
    def online(self, obj: Device) -> bool | None:
        # None (ícone "desconhecido"): o dispositivo nunca publicou no tópico state.
        return getattr(obj, "conn_online", None)

    @admin.display(description="visto por último", ordering="conn_last_seen", empty_value="nunca")
    def last_seen(self, obj: Device) -> Any:
        return getattr(obj, "conn_last_seen", None)

    @admin.display(description="alertas abertos", ordering="open_alert_count")
    def open_alerts(self, obj: Device) -> str:
        count = getattr(obj, "open_alert_count", 0) or 0
        if not count:
            return "0"
        severity = getattr(obj, "open_alert_severity", None)
        label = Severity(severity).label if severity in Severity.values else severity
        return f"{count} (máx.: {label})"

    @admin.display(description="credencial MQTT", ordering="credential_active")
    def mqtt_credential(self, obj: Device) -> str:
        return credential_status(obj)


@admin.register(DashboardConfig)
class DashboardConfigAdmin(TenantSchemaOnlyAdmin):
    list_display = ["device", "updated_at"]
    readonly_fields = ["device", "config", "updated_at"]
