"""Dead letters: tudo que não pode ser gravado vai para `public.ingest_errors`, nunca é descartado.

Motivos (`reason`), estáveis para consulta e alerta:
  oversize, bad_topic, malformed_json, non_finite, schema_violation, unknown_tenant, unknown_device,
  inactive_device, device_decommissioned, unknown_point, wrong_type, bad_enum, ts_future, ts_too_old, db_rejected.

Mensagem parcialmente válida: as amostras válidas são gravadas e as inválidas geram UMA dead letter por
motivo, com o payload original inteiro e os pontos afetados no `detail`.
Dead letters são at-least-once: um crash entre o commit delas e o PUBACK as repete na reentrega.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

REASONS = (
    "oversize",
    "bad_topic",
    "malformed_json",
    "non_finite",
    "schema_violation",
    "unknown_tenant",
    "unknown_device",
    "inactive_device",
    "device_decommissioned",
    "unknown_point",
    "wrong_type",
    "bad_enum",
    "ts_future",
    "ts_too_old",
    "db_rejected",
)

MAX_DETAIL = 2000


@dataclass(frozen=True, slots=True)
class DeadLetter:
    topic: str
    payload: bytes
    reason: str
    detail: str
    tenant_id: uuid.UUID | None = None


_INSERT = (
    "INSERT INTO public.ingest_errors (tenant_id, source, topic, payload, reason, detail) "
    "VALUES ($1, 'mqtt', $2, $3, $4, $5)"
)


async def write_dead_letters(conn: asyncpg.Connection, letters: list[DeadLetter]) -> None:
    """Grava as dead letters numa transação (o papel do ingest só tem INSERT em ingest_errors)."""
    if not letters:
        return
    async with conn.transaction():
        await conn.executemany(
            _INSERT,
            [(d.tenant_id, d.topic, d.payload, d.reason, d.detail[:MAX_DETAIL]) for d in letters],
        )
