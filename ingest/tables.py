"""Único lugar com o formato de linha e o SQL de gravação de `ts_measure` e `ingest_errors`.

Quem grava (o `sink` do ingest MQTT, via asyncpg, e o caminho HTTP da API, via cursor do Django) usa as
constantes e funções daqui; nenhum dos dois escreve SQL próprio para essas tabelas. O SQL está no estilo
de parâmetros do asyncpg (`$1`, `$2`, ... em ordem); `pyformat` o converte para `%s` (psycopg/Django).

Telemetria só entra pela view isolada `tenant_ts_measure` (ADR-001), com o tenant fixado por transação
(`SET_TENANT`) e o intervalo anotado para os rollups (`NOTE_WRITE`) na mesma transação.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from ingest.dlq import MAX_DETAIL, DeadLetter

# Linha de ts_measure, na ordem de COLUMNS (é o que vai para o COPY / INSERT).
Row = tuple[
    uuid.UUID, uuid.UUID, uuid.UUID, datetime, float | None, bool | None, str | None, str | None, int, str | None
]
COLUMNS = ("tenant_id", "device_id", "point_id", "ts", "v_num", "v_bool", "v_text", "unit", "qual", "meta")
TS_VIEW = "public.tenant_ts_measure"

_COLS = ", ".join(COLUMNS)

SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)"
NOTE_WRITE = "SELECT public.ts_note_write($1, $2)"
# Linhas uma a uma (caminho HTTP: uma mensagem por request). A chave única descarta reentregas.
INSERT_TS_VALUES = (
    f"INSERT INTO {TS_VIEW} ({_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) ON CONFLICT DO NOTHING"
)
# Lotes (ingest MQTT): COPY para a tabela temporária e daí para a view numa só instrução.
STAGE_TABLE = "ingest_stage"
STAGE_DDL = f"""
CREATE TEMP TABLE IF NOT EXISTS {STAGE_TABLE} (
    tenant_id uuid, device_id uuid, point_id uuid, ts timestamptz, v_num double precision,
    v_bool boolean, v_text text, unit text, qual smallint, meta jsonb
) ON COMMIT DELETE ROWS
"""
INSERT_TS_FROM_STAGE = f"INSERT INTO {TS_VIEW} ({_COLS}) SELECT {_COLS} FROM {STAGE_TABLE} ON CONFLICT DO NOTHING"


# Lote do ingest MQTT em três idas ao banco, não sete (issue 10: com mensagens pequenas o lote é pequeno e
# cada ida espera o backend do PostgreSQL ser escalonado numa máquina disputada). O protocolo simples do
# PostgreSQL aceita várias instruções num texto só, mas sem parâmetros: os únicos valores no texto são um
# `uuid.UUID` e `datetime`s com fuso, formatados aqui a partir dos tipos (nunca texto vindo da mensagem).
def open_tenant_batch(tenant_id: uuid.UUID, *, stage: bool) -> str:
    """BEGIN + tenant da transação (+ tabela temporária, se houver telemetria) numa só instrução."""
    if not isinstance(tenant_id, uuid.UUID):
        raise TypeError(f"tenant_id precisa ser uuid.UUID, veio {type(tenant_id).__name__}")
    sql = f"BEGIN; SELECT set_config('app.tenant_id', '{tenant_id}', true);"
    return f"{sql} {STAGE_DDL};" if stage else sql


def close_tenant_batch(ts_range: tuple[datetime, datetime] | None) -> str:
    """Da tabela temporária para a view + anotação dos rollups (se houver telemetria) + COMMIT."""
    if ts_range is None:
        return "COMMIT;"
    lo, hi = (_timestamptz(t) for t in ts_range)
    return f"{INSERT_TS_FROM_STAGE}; SELECT public.ts_note_write({lo}, {hi}); COMMIT;"


def _timestamptz(t: datetime) -> str:
    if not isinstance(t, datetime) or t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"instante sem fuso não entra em ts_measure: {t!r}")
    return f"'{t.isoformat()}'::timestamptz"


# Dead letters: direto na tabela base (o papel do ingest só tem INSERT nela; a API idem).
DEAD_LETTER_COLUMNS = ("tenant_id", "source", "topic", "payload", "reason", "detail")
INSERT_DEAD_LETTER = (
    f"INSERT INTO public.ingest_errors ({', '.join(DEAD_LETTER_COLUMNS)}) VALUES ($1, $2, $3, $4, $5, $6)"
)
SOURCES = ("mqtt", "http")


def dead_letter_row(d: DeadLetter, source: str) -> tuple[uuid.UUID | None, str, str, bytes, str, str]:
    """Parâmetros de INSERT_DEAD_LETTER na ordem de DEAD_LETTER_COLUMNS (detail cortado em MAX_DETAIL)."""
    if source not in SOURCES:
        raise ValueError(f"source {source!r} fora de {SOURCES}")
    return (d.tenant_id, source, d.topic, d.payload, d.reason, d.detail[:MAX_DETAIL])


def ts_range(rows: list[Row]) -> tuple[datetime, datetime]:
    """(min ts, max ts) das linhas, para NOTE_WRITE."""
    return min(r[3] for r in rows), max(r[3] for r in rows)


_DOLLAR = re.compile(r"\$\d+")


def pyformat(sql: str) -> str:
    """Converte `$1, $2, ...` (asyncpg) para `%s` (psycopg/Django). Os parâmetros já estão em ordem."""
    return _DOLLAR.sub("%s", sql)
