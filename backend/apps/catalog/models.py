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
    )
    name = models.CharField(
        max_length=200,
    )
    adapter = models.CharField(
        max_length=32,
        choices=PayloadAdapter.choices,
        default=PayloadAdapter.V1,
        help_text="Adapter do ingest que interpreta o payload de telem.",
    )
    description = models.TextField(
        blank=True,
        default="",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class PointFields(models.Model):
    """Os campos que definem um ponto, iguais no modelo (`PointTemplate`) e no dispositivo (`devices.Point`),
    que os copia na criação: `name` é o nome snake_case no payload (contrato MQTT); `enum_values`, os valores
    possíveis de um ponto enum, ex.: ["RUN", "STOP", "FAULT"]."""

    name = models.CharField(
        max_length=100,
    )
    label = models.CharField(
        max_length=200,
    )
    value_type = models.CharField(
        max_length=16,
        choices=ValueType.choices,
    )
    unit = models.CharField(
        max_length=32,
        blank=True,
        default="",
    )
    enum_values = models.JSONField(
        default=list,
        blank=True,
    )
    polarity = models.CharField(
        max_length=16,
        choices=Polarity.choices,
        default=Polarity.NORMAL,
    )

    # Campos copiados do modelo para o ponto do dispositivo (apps.devices.services.create_device).
    COPIED_FIELDS = ("name", "label", "value_type", "unit", "enum_values", "polarity")

    class Meta:
        abstract = True


def point_limit_field() -> models.FloatField:
    """Limite inferior/superior ou histerese de um ponto: opcional (vazio = sem limite)."""
    return models.FloatField(
        null=True,
        blank=True,
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
    )
    source = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Origem física (ex.: DI1) ou regra de derivação (ex.: derived:fault_over_status).",
    )
    default_hysteresis = point_limit_field()
    default_low_limit = point_limit_field()
    default_high_limit = point_limit_field()
    position = models.PositiveSmallIntegerField(
        default=0,
    )

    class Meta:
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
    )
    config = models.JSONField(
        help_text="JSON validado por apps.catalog.dashboard_schema.DashboardV1.",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
    )

    def __str__(self) -> str:
        return f"dashboard de {self.device_template.slug}"


class CommandDefinition(models.Model):
    """Um comando que o equipamento aceita em `cmd` (ex.: reset_fault) e o esquema dos seus parâmetros."""

    device_template = models.ForeignKey(
        DeviceTemplate,
        on_delete=models.CASCADE,
        related_name="commands",
    )
    op = models.CharField(
        max_length=64,
        help_text="Valor do campo `op` do payload de comando.",
    )
    label = models.CharField(
        max_length=200,
    )
    params_schema = models.JSONField(
        default=dict,
        blank=True,
        help_text="JSON Schema dos parâmetros, ex.: pulse_ms inteiro entre 100 e 5000.",
    )

    class Meta:
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
    )
    point = models.ForeignKey(
        PointTemplate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rule_templates",
        help_text="Vazio só no tipo offline.",
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
