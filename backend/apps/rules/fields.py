"""Os campos da condição de uma regra de alerta, iguais na regra padrão do catálogo (`catalog.RuleTemplate`)
e na regra do dispositivo (`rules.Rule`), que os copia na criação do dispositivo (ADR-005)."""

from __future__ import annotations

from django.db import models

from apps.rules.choices import Operator, RuleKind, Severity


class RuleFields(models.Model):
    """Tipo, operador, limites, tempos, gravidade e mensagem de uma regra."""

    kind = models.CharField(
        max_length=16,
        choices=RuleKind.choices,
        verbose_name="tipo",
    )
    operator = models.CharField(
        max_length=16,
        choices=Operator.choices,
        blank=True,
        default="",
        help_text="Só no tipo threshold.",
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
        help_text="Limiar de recuperação: 'acima de 8' com histerese 0,5 só normaliza abaixo de 7,5.",
        verbose_name="histerese de normalização",
    )
    state_value = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="Tipo state: valor que dispara (enum, ex.: FAULT; bool: true/false).",
        verbose_name="valor de estado",
    )
    no_data_s = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Tipo no_data: segundos sem nenhum valor do ponto.",
        verbose_name="sem dados após (s)",
    )
    for_s = models.PositiveIntegerField(
        default=0,
        help_text="A condição precisa valer por este tempo antes de disparar.",
        verbose_name="duração mínima (s)",
    )
    keep_firing_for_s = models.PositiveIntegerField(
        default=0,
        help_text="Depois que a condição some, o alerta continua aberto por este tempo (evita flapping).",
        verbose_name="manter disparado por (s)",
    )
    severity = models.CharField(
        max_length=16,
        choices=Severity.choices,
        default=Severity.MAJOR,
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
        help_text="Campos: {device}, {point}, {value}, {low}, {high}, {state_value}.",
        verbose_name="modelo de mensagem",
    )

    class Meta:
        abstract = True


# Campos copiados da regra padrão para a regra do dispositivo (apps.rules.services.create_rules_from_templates).
RULE_FIELDS = tuple(field.name for field in RuleFields._meta.local_fields)
