"""Eventos ao vivo (SSE `GET /api/stream`): o que o frontend recebe para atualizar dashboards sem polling.

Cada evento é gravado num Redis Stream por tenant (`traksense:live:{tenant_uuid}`, ver `ingest.live`) e chega
ao navegador como um evento SSE:

    id: <id do Redis Stream>        ← Last-Event-ID para retomar sem lacunas
    event: <type>                   ← telemetry | connectivity | command | reset
    data: <JSON deste modelo>

Produtores: o ingest (telemetria e conectividade, depois do COMMIT) e a API/workers (status de comandos).
Novos tipos (ex.: estado de alertas) entram aqui como mais um modelo com `type` literal próprio e na união
`LiveEvent`; quem publica chama `ingest.live.publish_event`/`publish_event_sync`.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

# Versão do envelope dos eventos ao vivo (muda só com quebra de compatibilidade).
LIVE_SCHEMA = "v1"


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_: Literal["v1"] = Field(default="v1", alias="schema", serialization_alias="schema")


class PointValue(BaseModel):
    """Último valor de um ponto (o mais recente da janela de coalescência: o último vence)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    point_id: uuid.UUID
    name: str = Field(description="Nome do ponto (o mesmo do DashboardConfig e da telemetria).")
    ts: AwareDatetime = Field(description="Instante da medição.")
    v: bool | int | float | str | None = Field(description="Valor (número, booleano ou texto/enum; null sem leitura).")
    unit: str | None = None
    qual: int = 0


class TelemetryEvent(_Event):
    """Novos últimos valores dos pontos de um dispositivo que receberam amostra mais recente desde o último evento."""

    type: Literal["telemetry"] = "telemetry"
    device_id: uuid.UUID
    points: list[PointValue]


class ConnectivityEvent(_Event):
    """Mudança de conectividade (`state` do dispositivo, inclusive o LWT do broker)."""

    type: Literal["connectivity"] = "connectivity"
    device_id: uuid.UUID
    online: bool
    last_seen: AwareDatetime


class CommandEvent(_Event):
    """Mudança de status de um comando (pending → sent → acked_ok | acked_error | timed_out | publish_failed)."""

    type: Literal["command"] = "command"
    device_id: uuid.UUID
    cmd_id: str
    op: str
    status: Literal["pending", "sent", "acked_ok", "acked_error", "timed_out", "publish_failed"]
    error: str | None = None
    late_ack: bool = False
    changed_at: AwareDatetime


class AlertStateEvent(_Event):
    """Mudança de estado de um alerta (aberto, escalado, reconhecido, normalizado) — o mesmo instante que gera a
    entrega de webhook. O detalhe completo está em `GET /api/alerts/{alert_id}`."""

    type: Literal["alert"] = "alert"
    device_id: uuid.UUID
    alert_id: uuid.UUID
    change: Literal["raised", "escalated", "acked", "cleared"]
    state: Literal["active_unack", "active_ack", "cleared_unack", "cleared_ack"]
    severity: Literal["critical", "major", "minor", "warning"]
    message: str
    changed_at: AwareDatetime


class ResetEvent(_Event):
    """Só no SSE (nunca gravado no Redis): o cliente ficou para trás da retenção do stream (ou apresentou uma
    posição desconhecida). Deve buscar o estado atual em `refetch` e seguir a partir do `id:` deste evento."""

    type: Literal["reset"] = "reset"
    reason: Literal["behind_retention", "unknown_position"]
    refetch: str = "/api/data/latest"


# Eventos que os produtores gravam no stream do tenant.
LiveEvent = Annotated[TelemetryEvent | ConnectivityEvent | CommandEvent | AlertStateEvent, Field(discriminator="type")]

__all__ = [
    "LIVE_SCHEMA",
    "AlertStateEvent",
    "CommandEvent",
    "ConnectivityEvent",
    "LiveEvent",
    "PointValue",
    "ResetEvent",
    "TelemetryEvent",
]
