"""Dead letters: tudo que não pode ser gravado vai para `public.ingest_errors`, nunca é descartado.

Motivos (`reason`), estáveis para consulta e alerta — `REASONS` é a lista completa do que o código pode
produzir (um teste confere isso inspecionando o código e exercitando cada caminho):
  oversize, bad_topic, malformed_json, non_finite, schema_violation, unknown_tenant, unknown_device,
  inactive_device, device_decommissioned, unknown_point, wrong_type, bad_enum, ts_future, ts_too_old, db_rejected,
  tenant_mismatch (HTTP: cabeçalho x-tenant difere do tópico), unsupported_kind (HTTP: só `telem`),
  ack_device_mismatch (gravado pelo gatilho `cmd_ack_guard` no banco: ACK de um dispositivo que não é o
  destino do comando).

Mensagem parcialmente válida: as amostras válidas são gravadas e as inválidas geram UMA dead letter por
motivo, com o payload original inteiro e os pontos afetados no `detail`.
Dead letters são at-least-once: um crash entre o commit delas e o PUBACK as repete na reentrega.
O SQL e o formato da linha estão em `ingest.tables` (um lugar só para o MQTT e o HTTP).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

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
    "tenant_mismatch",
    "unsupported_kind",
    "ack_device_mismatch",
)

MAX_DETAIL = 2000


@dataclass(frozen=True, slots=True)
class DeadLetter:
    topic: str
    payload: bytes
    reason: str
    detail: str
    tenant_id: uuid.UUID | None = None
