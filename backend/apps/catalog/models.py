"""Catálogo global (schema public): modelos de equipamento, seus pontos, dashboards e comandos.

Fica no schema público porque é o mesmo para todos os clientes e só a equipe interna o altera; cada
tenant instancia dispositivos a partir dele (apps.devices).
"""

from __future__ import annotations

from django.db import models

from apps.catalog.choices import PayloadAdapter, Polarity, ValueType
from apps.rules.fields import RuleFields


class DeviceTemplate(models.Model):
    """Um modelo de equipamento (ex.: inversor Parsec, chiller): o formato do payload e os pontos padrão."""

    slug = models.SlugField(
        max_length=63,
        unique=True,
        help_text="Identificador estável, ex.: inverter_v1_parsec.",
        verbose_name="slug",
    )
    name = models.CharField(
        max_length=200,
        verbose_name="nome",
    )
    adapter = models.CharField(
        max_length=32,
        choices=PayloadAdapter.choices,
        default=PayloadAdapter.V1,
        help_text="Adapter do ingest que interpreta o payload de telem.",
        verbose_name="adaptador",
    )
    description = models.TextField(
        blank=True,
        default="",
        verbose_name="descrição",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        verbose_name="atualizado em",
    )

    class Meta:
        verbose_name = "modelo de dispositivo"
        verbose_name_plural = "modelos de dispositivo"
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class PointFields(models.Model):
    """Os campos que definem um ponto, iguais no modelo (`PointTemplate`) e no dispositivo (`devices.Point`),
    que os copia na criação: `name` é o nome snake_case no payload (contrato MQTT); `enum_values`, os valores
    possíveis de um ponto enum, ex.: ["RUN", "STOP", "FAULT"]."""

    name = models.CharField(
        max_length=100,
        verbose_name="nome",
    )
    label = models.CharField(
        max_length=200,
        verbose_name="rótulo",
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
    polarity = models.CharField(
        max_length=16,
        choices=Polarity.choices,
        default=Polarity.NORMAL,
        verbose_name="polaridade",
    )

    # Campos copiados do modelo para o ponto do dispositivo (apps.devices.services.create_device).
    COPIED_FIELDS = ("name", "label", "value_type", "unit", "enum_values", "polarity")

    class Meta:
        abstract = True


def point_limit_field(verbose_name: str) -> models.FloatField:
    """Limite inferior/superior ou histerese de um ponto: opcional (vazio = sem limite)."""
    return models.FloatField(
        null=True,
        blank=True,
        verbose_name=verbose_name,
    )


def point_limit_constraints(*, prefix: str, low: str, high: str, hysteresis: str) -> list[models.BaseConstraint]:
    """As regras de limite de um ponto, as mesmas no modelo e no dispositivo (o modelo não pode semear um ponto
    que o CHECK do dispositivo recusaria): limite inferior ≤ superior e histerese não negativa."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{low}__isnull": True})
            | models.Q(**{f"{high}__isnull": True})
            | models.Q(**{f"{low}__lte": models.F(high)}),
            name=f"{prefix}_limits_ordered",
        ),
        models.CheckConstraint(
            condition=models.Q(**{f"{hysteresis}__isnull": True}) | models.Q(**{f"{hysteresis}__gte": 0}),
            name=f"{prefix}_hysteresis_non_negative",
        ),
    ]


class PointTemplate(PointFields):
    """Um ponto padrão de um modelo de equipamento (grandeza medida ou estado derivado)."""

    device_template = models.ForeignKey(
        DeviceTemplate,
        on_delete=models.CASCADE,
        related_name="points",
        verbose_name="modelo de dispositivo",
    )
    source = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Origem física (ex.: DI1) ou regra de derivação (ex.: derived:fault_over_status).",
        verbose_name="origem",
    )
    default_hysteresis = point_limit_field("histerese padrão")
    default_low_limit = point_limit_field("limite inferior padrão")
    default_high_limit = point_limit_field("limite superior padrão")
    position = models.PositiveSmallIntegerField(
        default=0,
        verbose_name="posição",
    )

    class Meta:
        verbose_name = "modelo de ponto"
        verbose_name_plural = "modelos de ponto"
        ordering = ["device_template", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["device_template", "name"],
                name="catalog_point_template_name_uniq",
            ),
            *point_limit_constraints(
                prefix="catalog_point_template",
                low="default_low_limit",
                high="default_high_limit",
                hysteresis="default_hysteresis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_template.slug}:{self.name}"


class DashboardTemplate(models.Model):
    """O dashboard padrão de um modelo de equipamento (JSON `schema: v1`), filtrado por device na criação."""

    device_template = models.OneToOneField(
        DeviceTemplate,
        on_delete=models.CASCADE,
        related_name="dashboard",
        verbose_name="modelo de dispositivo",
    )
    config = models.JSONField(
        help_text="JSON validado por apps.catalog.dashboard_schema.DashboardV1.",
        verbose_name="configuração",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        verbose_name="atualizado em",
    )

    class Meta:
        verbose_name = "modelo de dashboard"
        verbose_name_plural = "modelos de dashboard"

    def __str__(self) -> str:
        return f"dashboard de {self.device_template.slug}"


class CommandDefinition(models.Model):
    """Um comando que o equipamento aceita em `cmd` (ex.: reset_fault) e o esquema dos seus parâmetros."""

    device_template = models.ForeignKey(
        DeviceTemplate,
        on_delete=models.CASCADE,
        related_name="commands",
        verbose_name="modelo de dispositivo",
    )
    op = models.CharField(
        max_length=64,
        help_text="Valor do campo `op` do payload de comando.",
        verbose_name="operação",
    )
    label = models.CharField(
        max_length=200,
        verbose_name="rótulo",
    )
    params_schema = models.JSONField(
        default=dict,
        blank=True,
        help_text="JSON Schema dos parâmetros, ex.: pulse_ms inteiro entre 100 e 5000.",
        verbose_name="schema dos parâmetros",
    )

    class Meta:
        verbose_name = "definição de comando"
        verbose_name_plural = "definições de comando"
        ordering = ["device_template", "op"]
        constraints = [
            models.UniqueConstraint(
                fields=["device_template", "op"],
                name="catalog_command_definition_op_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_template.slug}:{self.op}"


class RuleTemplate(RuleFields):
    """Regra de alerta padrão de um ponto do modelo (ou do dispositivo, no tipo offline), copiada para
    `rules.Rule` quando um dispositivo é criado (os campos da condição vêm de `apps.rules.fields.RuleFields`)."""

    device_template = models.ForeignKey(
        DeviceTemplate,
        on_delete=models.CASCADE,
        related_name="rule_templates",
        verbose_name="modelo de dispositivo",
    )
    point = models.ForeignKey(
        PointTemplate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rule_templates",
        help_text="Vazio só no tipo offline.",
        verbose_name="modelo de ponto",
    )

    class Meta:
        ordering = ["device_template", "point__position", "kind"]
        verbose_name = "regra padrão"
        verbose_name_plural = "regras padrão"
        constraints = [
            models.UniqueConstraint(
                fields=["device_template", "point", "kind"],
                name="catalog_rule_template_point_kind_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_template.slug}:{self.point.name if self.point else '-'}:{self.kind}"
