"""Produtores de eventos ao vivo do lado Django (API e workers): status de comandos.

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
from contracts.events import CommandEvent
from ingest.live import publish_event_sync

if TYPE_CHECKING:
    from apps.commands.models import Command

log = logging.getLogger(__name__)


def publish_command_status(tenant_uuid: uuid.UUID, command: Command, *, status: str | None = None) -> None:
    """Publica o status atual de um `Command` (ou `status`, quando o objeto em memória ainda não o tem)."""
    event = CommandEvent(
        device_id=command.device_id,
        cmd_id=command.cmd_id,
        op=command.op,
        status=status or command.status,
        error=command.ack_err or command.error or None,
        late_ack=bool(command.late_ack),
        changed_at=timezone.now(),
    )

    def send() -> None:
        try:
            publish_event_sync(sync_redis(), tenant_uuid, event, maxlen=settings.LIVE_STREAM_MAXLEN)
        except (redis.RedisError, OSError) as exc:
            log.warning("evento ao vivo do comando %s não publicado: %s", event.cmd_id, exc)

    transaction.on_commit(send)
