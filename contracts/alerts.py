"""Contratos dos alertas: corpo da API `/api/alerts` e o `data` dos webhooks (Standard Webhooks).

Independentes do Django: montados a partir de qualquer objeto com os atributos (`from_attributes`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

AlertStateName = Literal["active_unack", "active_ack", "cleared_unack", "cleared_ack"]
SeverityName = Literal["critical", "major", "minor", "warning"]
# Os mesmos valores como tuplas (nomes estáveis dos enums no OpenAPI: ENUM_NAME_OVERRIDES).
ALERT_STATES: tuple[str, ...] = ("active_unack", "active_ack", "cleared_unack", "cleared_ack")
SEVERITIES: tuple[str, ...] = ("critical", "major", "minor", "warning")
AlertEventKindName = Literal["raised", "escalated", "acked", "cleared", "commented", "notified"]


class AlertOut(BaseModel):
    """Um alerta (uma ocorrência de uma regra num dispositivo)."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: uuid.UUID
    device_id: uuid.UUID
    point_id: uuid.UUID | None
    rule_id: uuid.UUID
    rule_kind: str
    state: AlertStateName
    severity: SeverityName
    message: str
    started_at: datetime
    cleared_at: datetime | None
    acked_at: datetime | None
    acked_by: str | None
    peak_value: float | None
    last_value: float | None
    last_text: str | None

    @classmethod
    def from_model(cls, obj: Any) -> AlertOut:
        return cls.model_validate(obj)


class AlertEventOut(BaseModel):
    """Uma linha do histórico do alerta."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    ts: datetime
    kind: AlertEventKindName
    actor: str | None
    detail: dict[str, Any]


class AlertDetailOut(AlertOut):
    """Alerta com o histórico completo (`GET /api/alerts/{id}`)."""

    events: list[AlertEventOut]


class AlertSummaryOut(BaseModel):
    """Alertas abertos por gravidade e por estado (painéis de KPI)."""

    open_total: int
    open_by_severity: dict[SeverityName, int]
    unacked_total: int
    by_state: dict[AlertStateName, int]


class AckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2000)


class WebhookMessage(BaseModel):
    """Corpo de uma entrega de webhook: `type` = `alert.<mudança>`, `data` = o alerta naquele instante."""

    type: Literal["alert.raised", "alert.escalated", "alert.acked", "alert.cleared"]
    timestamp: datetime
    data: AlertOut
