"""Serializers de regras e webhooks (formato e validação de entrada; as regras de negócio ficam em services).

Os alertas não passam por aqui: o formato deles é o contrato Pydantic `contracts.alerts`.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.rules.models import Rule, WebhookDelivery, WebhookEndpoint

# O que customer_admin pode mudar numa regra (quando o tenant permite, como nos limites de ponto).
CUSTOMER_EDITABLE = frozenset({"low", "high", "clear_hysteresis", "enabled"})


class RuleSerializer(serializers.ModelSerializer[Rule]):
    point_name = serializers.CharField(source="point.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Rule
        fields = [
            "id",
            "device",
            "point",
            "point_name",
            "kind",
            "operator",
            "low",
            "high",
            "clear_hysteresis",
            "state_value",
            "no_data_s",
            "for_s",
            "keep_firing_for_s",
            "severity",
            "enabled",
            "message_template",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "point_name", "created_at", "updated_at"]
        # Unicidade (ponto, tipo) é conferida pelo banco → 409; sem validadores automáticos aqui.
        validators: list[Any] = []


class RuleUpdateSerializer(serializers.ModelSerializer[Rule]):
    class Meta:
        model = Rule
        fields = [
            "operator",
            "low",
            "high",
            "clear_hysteresis",
            "state_value",
            "no_data_s",
            "for_s",
            "keep_firing_for_s",
            "severity",
            "enabled",
            "message_template",
        ]


class WebhookEndpointSerializer(serializers.ModelSerializer[WebhookEndpoint]):
    class Meta:
        model = WebhookEndpoint
        fields = ["id", "name", "url", "event_kinds", "min_severity", "enabled", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_event_kinds(self, value: Any) -> list[str]:
        from apps.rules.choices import WebhookEventKind

        if not isinstance(value, list) or any(v not in WebhookEventKind.values for v in value):
            raise serializers.ValidationError(f"lista com valores de {WebhookEventKind.values}")
        return value


class WebhookDeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "alert_id",
            "event_kind",
            "status",
            "attempts",
            "next_attempt_at",
            "last_status_code",
            "last_response",
            "last_error",
            "created_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields
