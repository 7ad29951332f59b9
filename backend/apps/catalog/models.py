"""Catálogo global (schema public): modelos de equipamento, seus pontos, dashboards e comandos.

Fica no schema público porque é o mesmo para todos os clientes e só a equipe interna o altera; cada
tenant instancia dispositivos a partir dele (apps.devices).
"""

from __future__ import annotations

from django.db import models

from apps.catalog.choices import PayloadAdapter, Polarity, ValueType


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


class PointTemplate(models.Model):
    """Um ponto padrão de um modelo de equipamento (grandeza medida ou estado derivado)."""

    device_template = models.ForeignKey(
        DeviceTemplate,
        on_delete=models.CASCADE,
        related_name="points",
    )
    name = models.CharField(
        max_length=100,
        help_text="Nome snake_case no payload (contrato MQTT).",
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
        help_text='Valores possíveis para pontos enum, ex.: ["RUN", "STOP", "FAULT"].',
    )
    polarity = models.CharField(
        max_length=16,
        choices=Polarity.choices,
        default=Polarity.NORMAL,
    )
    source = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Origem física (ex.: DI1) ou regra de derivação (ex.: derived:fault_over_status).",
    )
    default_hysteresis = models.FloatField(
        null=True,
        blank=True,
    )
    default_low_limit = models.FloatField(
        null=True,
        blank=True,
    )
    default_high_limit = models.FloatField(
        null=True,
        blank=True,
    )
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
            models.CheckConstraint(
                condition=models.Q(default_low_limit__isnull=True)
                | models.Q(default_high_limit__isnull=True)
                | models.Q(default_low_limit__lte=models.F("default_high_limit")),
                name="catalog_point_template_limits_ordered",
            ),
            # Mesma regra de devices.Point: o template não pode semear um ponto inválido (create_device
            # copiaria o valor e falharia no CHECK do ponto).
            models.CheckConstraint(
                condition=models.Q(default_hysteresis__isnull=True) | models.Q(default_hysteresis__gte=0),
                name="catalog_point_template_hysteresis_non_negative",
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


class RuleTemplate(models.Model):
    """Regra de alerta padrão de um ponto do modelo (ou do dispositivo, no tipo offline), copiada para
    `rules.Rule` quando um dispositivo é criado. Campos com o mesmo significado de `rules.Rule`."""

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
    kind = models.CharField(
        max_length=16,
    )
    operator = models.CharField(
        max_length=16,
        blank=True,
        default="",
    )
    low = models.FloatField(
        null=True,
        blank=True,
    )
    high = models.FloatField(
        null=True,
        blank=True,
    )
    clear_hysteresis = models.FloatField(
        default=0.0,
    )
    state_value = models.CharField(
        max_length=100,
        blank=True,
        default="",
    )
    no_data_s = models.PositiveIntegerField(
        null=True,
        blank=True,
    )
    for_s = models.PositiveIntegerField(
        default=0,
    )
    keep_firing_for_s = models.PositiveIntegerField(
        default=0,
    )
    severity = models.CharField(
        max_length=16,
        default="major",
    )
    enabled = models.BooleanField(
        default=True,
    )
    message_template = models.CharField(
        max_length=500,
        blank=True,
        default="",
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
