"""Cópia pública e mínima do catálogo de dispositivos, para o ingest rotear sem ler schemas de tenant.

É mantida pelas funções de serviço da API na MESMA transação que cria/altera o dispositivo (nunca diverge
do catálogo), e cada mudança emite NOTIFY `traksense_registry` (gatilho no banco) para o ingest recarregar
em segundos sem reiniciar. O papel do ingest só tem SELECT nestas duas tabelas.
"""

from __future__ import annotations

from django.db import models

from apps.registry.choices import PayloadAdapter, ValueType
from contracts.topics import topic_base as contract_topic_base

NOTIFY_CHANNEL = "traksense_registry"


class DeviceRoute(models.Model):
    """Um dispositivo provisionado, endereçável pelo tópico traksense/{tenant}/{site}/{device}/..."""

    device_id = models.UUIDField(
        primary_key=True,
        verbose_name="dispositivo (id)",
    )
    tenant_id = models.UUIDField(
        db_index=True,
        verbose_name="tenant (id)",
    )
    tenant_slug = models.SlugField(
        max_length=63,
        verbose_name="slug do tenant",
    )
    site_slug = models.SlugField(
        max_length=63,
        verbose_name="slug do site",
    )
    device_slug = models.SlugField(
        max_length=63,
        verbose_name="slug do dispositivo",
    )
    adapter = models.CharField(
        max_length=32,
        choices=PayloadAdapter.choices,
        default=PayloadAdapter.V1,
        verbose_name="adaptador",
    )
    is_active = models.BooleanField(
        default=True,
        verbose_name="ativo",
    )
    # Desativado de vez (ciclo de vida), não só revogado: o ingest manda a telemetria tardia para a dead
    # letter com o motivo `device_decommissioned`. `db_default` porque o ingest e os testes inserem por SQL.
    is_decommissioned = models.BooleanField(
        default=False,
        db_default=False,
        verbose_name="desativado",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        verbose_name="atualizado em",
    )

    class Meta:
        verbose_name = "rota de dispositivo"
        verbose_name_plural = "rotas de dispositivo"
        db_table = "registry_device_route"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_slug", "site_slug", "device_slug"],
                name="registry_device_route_topic_uniq",
            ),
        ]

    @property
    def topic_base(self) -> str:
        return contract_topic_base(self.tenant_slug, self.site_slug, self.device_slug)

    def __str__(self) -> str:
        return self.topic_base


class PointRoute(models.Model):
    """Um ponto de um dispositivo: nome no payload → point_id e tipo de valor."""

    point_id = models.UUIDField(
        primary_key=True,
        verbose_name="ponto (id)",
    )
    device = models.ForeignKey(
        DeviceRoute,
        on_delete=models.CASCADE,
        related_name="points",
        db_column="device_id",
        verbose_name="rota do dispositivo",
    )
    name = models.CharField(
        max_length=100,
        verbose_name="nome",
    )
    value_type = models.CharField(
        max_length=16,
        choices=ValueType.choices,
        verbose_name="tipo de valor",
    )
    unit = models.CharField(
        max_length=32,
        blank=True,
        default="",
        verbose_name="unidade",
    )
    enum_values = models.JSONField(
        default=list,
        blank=True,
        verbose_name="valores do enum",
    )

    class Meta:
        verbose_name = "rota de ponto"
        verbose_name_plural = "rotas de ponto"
        db_table = "registry_point_route"
        constraints = [
            models.UniqueConstraint(fields=["device", "name"], name="registry_point_route_device_name_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.name}"
