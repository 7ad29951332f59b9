"""Produtores de eventos ao vivo do lado Django (API, workers e avaliador): status de comandos e de alertas.

Usa a função compartilhada `ingest.live.publish_event_sync` (a mesma que qualquer produtor chama). Melhor
esforço: Redis fora não derruba o comando — loga e segue; o cliente SSE recupera pelo `GET /api/cmd/{id}`.
Dentro de transação, publica só depois do COMMIT (`on_commit`): o stream nunca mostra um estado desfeito.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.live.tickets import sync_redis
from contracts.events import AlertStateEvent, CommandEvent
from ingest.live import publish_event_sync

if TYPE_CHECKING:
    from apps.commands.models import Command

log = logging.getLogger(__name__)


def publish_command_status(tenant_uuid: uuid.UUID, command: Command, *, status: str | None = None) -> None:
    """Publica o status atual de um `Command` (ou `status`, quando o objeto em memória ainda não o tem)."""
    # model_validate: o status vem do banco como texto e o contrato o restringe a um Literal; o pydantic confere.
    event = CommandEvent.model_validate(
        {
            "device_id": command.device_id,
            "cmd_id": command.cmd_id,
            "op": command.op,
            "status": status or command.status,
            "error": command.ack_err or command.error or None,
            "late_ack": bool(command.late_ack),
            "changed_at": timezone.now(),
        }
    )

    def send() -> None:
        try:
            publish_event_sync(sync_redis(), tenant_uuid, event, maxlen=settings.LIVE_STREAM_MAXLEN)
        except (redis.RedisError, OSError) as exc:
            log.warning("evento ao vivo do comando %s não publicado: %s", event.cmd_id, exc)

    transaction.on_commit(send)


def publish_alert_change(tenant_uuid: uuid.UUID, alert_id: uuid.UUID, change: str) -> None:
    """Publica a mudança de estado de um alerta (chamada na transação que a gravou, com o tenant fixado)."""
    from apps.alerts.models import Alert

    alert = Alert.objects.get(id=alert_id)
    # model_validate: mudança, estado e severidade vêm do banco como texto; o contrato (Literal) os confere.
    event = AlertStateEvent.model_validate(
        {
            "device_id": alert.device_id,
            "alert_id": alert.id,
            "change": change,
            "state": alert.state,
            "severity": alert.severity,
            "message": alert.message,
            "changed_at": timezone.now(),
        }
    )

    def send() -> None:
        try:
            publish_event_sync(sync_redis(), tenant_uuid, event, maxlen=settings.LIVE_STREAM_MAXLEN)
        except (redis.RedisError, OSError) as exc:
            log.warning("evento ao vivo do alerta %s não publicado: %s", event.alert_id, exc)

    transaction.on_commit(send)
