"""Regras de alerta de um cliente (schema do tenant), seu estado de avaliação e os webhooks de notificação.

Uma regra por (ponto, tipo) — ou por dispositivo no tipo `offline` —, copiada do `RuleTemplate` do catálogo
na criação do dispositivo. O estado (`RuleState`) é gravado a cada avaliação, então um reinício do
avaliador não perde uma janela `for_s` em curso nem dispara de novo (ADR-005).
"""

from __future__ import annotations

import uuid

from django.db import models

from apps.rules.choices import DeliveryStatus, Operator, Phase, RuleKind, Severity
from apps.rules.fields import RuleFields


class Rule(RuleFields):
    """Uma condição vigiada num ponto (ou no dispositivo) que, verdadeira por `for_s`, abre um alerta."""

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        verbose_name="ID",
    )
    device = models.ForeignKey(
        "devices.Device",
        on_delete=models.CASCADE,
        related_name="rules",
        verbose_name="dispositivo",
    )
    point = models.ForeignKey(
        "devices.Point",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        help_text="Vazio só no tipo offline (regra do dispositivo).",
        verbose_name="ponto",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criada em",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        verbose_name="atualizada em",
    )

    class Meta:
        ordering = ["device", "point__name", "kind"]
        verbose_name = "regra"
        verbose_name_plural = "regras"
        constraints = [
            models.UniqueConstraint(
                fields=["point", "kind"],
                condition=models.Q(point__isnull=False),
                name="rules_rule_point_kind_uniq",
            ),
            models.UniqueConstraint(
                fields=["device"],
                condition=models.Q(kind=RuleKind.OFFLINE),
                name="rules_rule_device_offline_uniq",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=RuleKind.OFFLINE) | models.Q(point__isnull=False),
                name="rules_rule_point_required",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=RuleKind.THRESHOLD)
                | models.Q(operator=Operator.ABOVE, high__isnull=False)
                | models.Q(operator=Operator.BELOW, low__isnull=False)
                | models.Q(operator=Operator.OUTSIDE, low__isnull=False, high__isnull=False, low__lte=models.F("high")),
                name="rules_rule_threshold_bounds",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=RuleKind.STATE) | ~models.Q(state_value=""),
                name="rules_rule_state_value",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=RuleKind.NO_DATA) | models.Q(no_data_s__gte=1),
                name="rules_rule_no_data_window",
            ),
            models.CheckConstraint(
                condition=models.Q(clear_hysteresis__gte=0),
                name="rules_rule_hysteresis_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.point_id or self.device_id}"


class RuleState(models.Model):
    """Onde a avaliação de uma regra está: fase, desde quando, e o último valor visto (para ignorar atrasados)."""

    rule = models.OneToOneField(
        Rule,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="state",
        verbose_name="regra",
    )
    phase = models.CharField(
        max_length=16,
        choices=Phase.choices,
        default=Phase.OK,
        verbose_name="fase",
    )
    pending_since = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="pendente desde",
    )
    firing_since = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="disparada desde",
    )
    resolving_since = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="normalizando desde",
    )
    last_ts = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Instante do último valor aplicado; valores mais antigos são ignorados.",
        verbose_name="instante do último valor",
    )
    last_num = models.FloatField(
        null=True,
        blank=True,
        verbose_name="último valor",
    )
    last_text = models.CharField(
        max_length=100,
        null=True,
        blank=True,
        verbose_name="último valor (texto)",
    )
    alert_id = models.UUIDField(
        null=True,
        blank=True,
        help_text="Alerta aberto por esta regra (public.alert).",
        verbose_name="alerta aberto (id)",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        verbose_name="atualizado em",
    )

    class Meta:
        verbose_name = "estado de regra"
        verbose_name_plural = "estados de regra"

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.phase}"


class WebhookEndpoint(models.Model):
    """Um destino HTTP do cliente que recebe as mudanças de estado dos alertas (Standard Webhooks)."""

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        verbose_name="ID",
    )
    name = models.CharField(
        max_length=200,
        verbose_name="nome",
    )
    url = models.URLField(
        max_length=500,
        verbose_name="URL",
    )
    secret = models.CharField(
        max_length=200,
        help_text="Segredo da assinatura HMAC (prefixo whsec_ + base64, como no Standard Webhooks).",
        verbose_name="segredo",
    )
    event_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text='Eventos enviados, ex.: ["raised", "cleared"]; vazio = todos.',
        verbose_name="eventos",
    )
    min_severity = models.CharField(
        max_length=16,
        choices=Severity.choices,
        default=Severity.WARNING,
        help_text="Só alertas desta gravidade ou mais graves.",
        verbose_name="gravidade mínima",
    )
    enabled = models.BooleanField(
        default=True,
        verbose_name="ativo",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criado em",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "endpoint de webhook"
        verbose_name_plural = "endpoints de webhook"

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """Uma entrega de uma mudança de estado de alerta a um endpoint; o `id` é o `webhook-id` (idempotência)."""

    id = models.CharField(
        primary_key=True,
        max_length=40,
        editable=False,
        verbose_name="ID",
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="endpoint",
    )
    alert_id = models.UUIDField(
        verbose_name="alerta (id)",
    )
    alert_event_id = models.BigIntegerField(
        help_text="Evento (public.alert_event) que originou a entrega.",
        verbose_name="evento de alerta (id)",
    )
    event_kind = models.CharField(
        max_length=16,
        verbose_name="evento",
    )
    payload = models.JSONField(
        verbose_name="payload",
    )
    status = models.CharField(
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        verbose_name="situação",
    )
    attempts = models.PositiveSmallIntegerField(
        default=0,
        verbose_name="tentativas",
    )
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="próxima tentativa",
    )
    last_status_code = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name="último código HTTP",
    )
    last_response = models.TextField(
        blank=True,
        default="",
        verbose_name="última resposta",
    )
    last_error = models.TextField(
        blank=True,
        default="",
        verbose_name="último erro",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criada em",
    )
    delivered_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="entregue em",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "entrega de webhook"
        verbose_name_plural = "entregas de webhook"
        constraints = [
            # Exatamente uma entrega por (endpoint, mudança de estado).
            models.UniqueConstraint(fields=["endpoint", "alert_event_id"], name="rules_delivery_event_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.id} → {self.endpoint_id}: {self.status}"
