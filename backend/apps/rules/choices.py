"""Escolhas das regras e das notificações."""

from django.db import models

from apps.alerts.choices import Severity

__all__ = ["DeliveryStatus", "Operator", "Phase", "RuleKind", "Severity", "WebhookEventKind"]


class RuleKind(models.TextChoices):
    """O que a regra observa."""

    THRESHOLD = "threshold", "Limite (acima / abaixo / fora da faixa)"
    STATE = "state", "Estado igual a um valor"
    NO_DATA = "no_data", "Ponto sem dados"
    OFFLINE = "offline", "Dispositivo offline (LWT/state)"


class Operator(models.TextChoices):
    """Comparação de uma regra `threshold`."""

    ABOVE = "above", "Acima de high"
    BELOW = "below", "Abaixo de low"
    OUTSIDE = "outside", "Fora da faixa [low, high]"


class Phase(models.TextChoices):
    """Estado persistido da avaliação de uma regra (sobrevive a reinícios do avaliador)."""

    OK = "ok", "Normal"
    PENDING = "pending", "Condição verdadeira, aguardando for_s"
    FIRING = "firing", "Disparada"
    RESOLVING = "resolving", "Condição falsa, aguardando keep_firing_for_s"


class WebhookEventKind(models.TextChoices):
    """Mudanças de estado de alerta que geram entrega de webhook."""

    RAISED = "raised", "Disparado"
    ESCALATED = "escalated", "Escalado"
    ACKED = "acked", "Reconhecido"
    CLEARED = "cleared", "Normalizado"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Aguardando envio"
    RETRYING = "retrying", "Aguardando nova tentativa"
    DELIVERED = "delivered", "Entregue"
    FAILED = "failed", "Falhou (tentativas esgotadas)"
