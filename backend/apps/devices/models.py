"""Dispositivos de um cliente (schema do tenant), instanciados a partir do catálogo global."""

from __future__ import annotations

import uuid

from django.db import models

from apps.catalog.models import PointFields, point_limit_constraints, point_limit_field
from apps.devices.choices import ProvisioningStatus


class Device(models.Model):
    """Um equipamento instalado num site do cliente, que publica em `traksense/{tenant}/{site}/{device}/...`.

    O `id` é o `device_id` de public.ts_measure e do registro do ingest.
    """

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        verbose_name="ID",
    )
    site = models.ForeignKey(
        "sites.Site",
        on_delete=models.PROTECT,
        related_name="devices",
        verbose_name="site",
    )
    template = models.ForeignKey(
        "catalog.DeviceTemplate",
        # FK real para o schema public (o PostgreSQL aceita entre schemas): apagar um modelo em uso falha no
        # banco. DO_NOTHING porque o coletor do Django, rodando no public, não enxerga as tabelas dos tenants.
        on_delete=models.DO_NOTHING,
        related_name="+",
        verbose_name="modelo",
    )
    slug = models.SlugField(
        max_length=63,
        verbose_name="slug",
    )
    name = models.CharField(
        max_length=200,
        verbose_name="nome",
    )
    topic_base = models.CharField(
        max_length=250,
        unique=True,
        help_text="traksense/{tenant}/{site}/{device} (contrato MQTT).",
        verbose_name="tópico base",
    )
    mqtt_username = models.CharField(
        max_length=200,
        unique=True,
        help_text="Referência à credencial em public.broker_mqtt_credential (client id = usuário).",
        verbose_name="usuário MQTT",
    )
    provisioning_status = models.CharField(
        max_length=16,
        choices=ProvisioningStatus.choices,
        default=ProvisioningStatus.PENDING,
        verbose_name="provisionamento",
    )
    provisioning_error = models.TextField(
        blank=True,
        default="",
        verbose_name="erro de provisionamento",
    )
    provisioned_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="provisionado em",
    )
    decommissioned_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Preenchido = desativado de vez (credencial revogada, telemetria recusada); histórico fica.",
        verbose_name="desativado em",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criado em",
    )

    class Meta:
        verbose_name = "dispositivo"
        verbose_name_plural = "dispositivos"
        ordering = ["site__slug", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="devices_device_site_slug_uniq"),
        ]

    def __str__(self) -> str:
        return self.topic_base


class Point(PointFields):
    """Uma grandeza de um dispositivo (ex.: temp_agua_saida), com limites de alarme e se está contratada.

    O `id` é o `point_id` de public.ts_measure. Nome, tipo, unidade e polaridade vêm do `PointTemplate`.
    """

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        verbose_name="ID",
    )
    device = models.ForeignKey(
        Device,
        on_delete=models.CASCADE,
        related_name="points",
        verbose_name="dispositivo",
    )
    is_contracted = models.BooleanField(
        default=True,
        help_text="Só pontos contratados são roteados pelo ingest e aparecem no dashboard.",
        verbose_name="contratado",
    )
    low_limit = point_limit_field("limite inferior")
    high_limit = point_limit_field("limite superior")
    hysteresis = point_limit_field("histerese")

    class Meta:
        verbose_name = "ponto"
        verbose_name_plural = "pontos"
        ordering = ["device", "name"]
        constraints = [
            models.UniqueConstraint(fields=["device", "name"], name="devices_point_device_name_uniq"),
            *point_limit_constraints(
                prefix="devices_point",
                low="low_limit",
                high="high_limit",
                hysteresis="hysteresis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.name}"


class DashboardConfig(models.Model):
    """O dashboard de um dispositivo (JSON `schema: v1`), já filtrado para os pontos contratados."""

    device = models.OneToOneField(
        Device,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="dashboard",
        verbose_name="dispositivo",
    )
    config = models.JSONField(
        verbose_name="configuração",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        verbose_name="atualizado em",
    )

    class Meta:
        verbose_name = "configuração de dashboard"
        verbose_name_plural = "configurações de dashboard"

    def __str__(self) -> str:
        return f"dashboard de {self.device_id}"
