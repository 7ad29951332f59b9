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


class PointTemplate(models.Model):
    """Um ponto padrão de um modelo de equipamento (grandeza medida ou estado derivado)."""

    device_template = models.ForeignKey(
        DeviceTemplate,
        on_delete=models.CASCADE,
        related_name="points",
        verbose_name="modelo de dispositivo",
    )
    name = models.CharField(
        max_length=100,
        help_text="Nome snake_case no payload (contrato MQTT).",
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
        help_text='Valores possíveis para pontos enum, ex.: ["RUN", "STOP", "FAULT"].',
        verbose_name="valores do enum",
    )
    polarity = models.CharField(
        max_length=16,
        choices=Polarity.choices,
        default=Polarity.NORMAL,
        verbose_name="polaridade",
    )
    source = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Origem física (ex.: DI1) ou regra de derivação (ex.: derived:fault_over_status).",
        verbose_name="origem",
    )
    default_hysteresis = models.FloatField(
        null=True,
        blank=True,
        verbose_name="histerese padrão",
    )
    default_low_limit = models.FloatField(
        null=True,
        blank=True,
        verbose_name="limite inferior padrão",
    )
    default_high_limit = models.FloatField(
        null=True,
        blank=True,
        verbose_name="limite superior padrão",
    )
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


class RuleTemplate(models.Model):
    """Regra de alerta padrão de um ponto do modelo (ou do dispositivo, no tipo offline), copiada para
    `rules.Rule` quando um dispositivo é criado. Campos com o mesmo significado de `rules.Rule`."""

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
    kind = models.CharField(
        max_length=16,
        verbose_name="tipo",
    )
    operator = models.CharField(
        max_length=16,
        blank=True,
        default="",
        verbose_name="operador",
    )
    low = models.FloatField(
        null=True,
        blank=True,
        verbose_name="limite inferior",
    )
    high = models.FloatField(
        null=True,
        blank=True,
        verbose_name="limite superior",
    )
    clear_hysteresis = models.FloatField(
        default=0.0,
        verbose_name="histerese de normalização",
    )
    state_value = models.CharField(
        max_length=100,
        blank=True,
        default="",
        verbose_name="valor de estado",
    )
    no_data_s = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name="sem dados após (s)",
    )
    for_s = models.PositiveIntegerField(
        default=0,
        verbose_name="duração mínima (s)",
    )
    keep_firing_for_s = models.PositiveIntegerField(
        default=0,
        verbose_name="manter disparado por (s)",
    )
    severity = models.CharField(
        max_length=16,
        default="major",
        verbose_name="gravidade",
    )
    enabled = models.BooleanField(
        default=True,
        verbose_name="ativa",
    )
    message_template = models.CharField(
        max_length=500,
        blank=True,
        default="",
        verbose_name="modelo de mensagem",
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
