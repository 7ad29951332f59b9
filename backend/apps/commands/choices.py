"""Escolhas do domínio de comandos."""

from django.db import models


class CommandStatus(models.TextChoices):
    """Ciclo de vida: pending → sent → acked_ok | acked_error | timed_out (um ACK tardio ainda é gravado)."""

    PENDING = "pending", "Registrado, ainda não publicado"
    SENT = "sent", "Publicado (PUBACK do broker), aguardando ACK"
    ACKED_OK = "acked_ok", "Executado pelo dispositivo"
    ACKED_ERROR = "acked_error", "Recusado/falhou no dispositivo"
    TIMED_OUT = "timed_out", "Sem ACK dentro do prazo"
    PUBLISH_FAILED = "publish_failed", "Broker não confirmou a publicação"


# Estados em que ainda pode chegar um ACK a conciliar.
AWAITING_ACK = (CommandStatus.SENT, CommandStatus.TIMED_OUT)
