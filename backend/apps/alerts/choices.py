"""Escolhas dos alertas (os mesmos textos dos CHECKs de sql/010_alerts.sql)."""

from django.db import models


class Severity(models.TextChoices):
    """Gravidade, da mais alta para a mais baixa (a ordem importa: `RANK`)."""

    CRITICAL = "critical", "Crítico"
    MAJOR = "major", "Grave"
    MINOR = "minor", "Leve"
    WARNING = "warning", "Aviso"


# Menor número = mais grave (escalar = ir para um número menor).
SEVERITY_RANK: dict[str, int] = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2, Severity.WARNING: 3}


class AlertState(models.TextChoices):
    """Ciclo de vida: ativo/limpo × reconhecido/não reconhecido."""

    ACTIVE_UNACK = "active_unack", "Ativo, não reconhecido"
    ACTIVE_ACK = "active_ack", "Ativo, reconhecido"
    CLEARED_UNACK = "cleared_unack", "Normalizado, não reconhecido"
    CLEARED_ACK = "cleared_ack", "Normalizado, reconhecido"


OPEN_STATES = (AlertState.ACTIVE_UNACK, AlertState.ACTIVE_ACK)


class AlertEventKind(models.TextChoices):
    RAISED = "raised", "Disparado"
    ESCALATED = "escalated", "Escalado"
    ACKED = "acked", "Reconhecido"
    CLEARED = "cleared", "Normalizado"
    COMMENTED = "commented", "Comentário"
    NOTIFIED = "notified", "Notificado"
