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
    )
    operator = models.CharField(
        max_length=16,
        choices=Operator.choices,
        blank=True,
        default="",
        help_text="Só no tipo threshold.",
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
        help_text="Limiar de recuperação: 'acima de 8' com histerese 0,5 só normaliza abaixo de 7,5.",
    )
    state_value = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="Tipo state: valor que dispara (enum, ex.: FAULT; bool: true/false).",
    )
    no_data_s = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Tipo no_data: segundos sem nenhum valor do ponto.",
    )
    for_s = models.PositiveIntegerField(
        default=0,
        help_text="A condição precisa valer por este tempo antes de disparar.",
    )
    keep_firing_for_s = models.PositiveIntegerField(
        default=0,
        help_text="Depois que a condição some, o alerta continua aberto por este tempo (evita flapping).",
    )
    severity = models.CharField(
        max_length=16,
        choices=Severity.choices,
        default=Severity.MAJOR,
    )
    enabled = models.BooleanField(
        default=True,
    )
    message_template = models.CharField(
        max_length=500,
        blank=True,
        default="",
        help_text="Campos: {device}, {point}, {value}, {low}, {high}, {state_value}.",
    )

    class Meta:
        abstract = True


# Campos copiados da regra padrão para a regra do dispositivo (apps.rules.services.create_rules_from_templates).
RULE_FIELDS = tuple(field.name for field in RuleFields._meta.local_fields)
