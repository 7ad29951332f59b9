"""Gravação em lote no TimescaleDB pelo caminho isolado por tenant.

Para cada tenant do lote, UMA transação no papel `traksense_ingest` (três idas ao banco num lote só de
telemetria; os textos ficam em `ingest.tables`):
  1. BEGIN + `set_config('app.tenant_id', tenant, true)` (vale só para esta transação) + tabela temporária;
  2. COPY binário das linhas para a tabela temporária `ingest_stage` (ON COMMIT DELETE ROWS);
  3. state/event/alarm/ack do mesmo tenant pelas views `tenant_device_status|event|cmd_ack`;
  4. `INSERT INTO public.tenant_ts_measure SELECT ... FROM ingest_stage ON CONFLICT DO NOTHING`
     (a chave única de ts_measure descarta reentregas: at-least-once do MQTT vira exactly-once na tabela);
     + `SELECT public.ts_note_write(min_ts, max_ts)` (rollups) + COMMIT.
Dead letters vão numa transação separada, direto em `ingest_errors` (INSERT-only).

Erros: falha de conexão/servidor → `SinkUnavailable` (o chamador repete com backoff, nada é confirmado).
Erro de dados num tenant (não deveria acontecer: tudo já foi validado) → o lote daquele tenant é
regravado mensagem a mensagem e a que falhar vira dead letter `db_rejected` — uma mensagem ruim nunca
trava o loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import asyncpg

from ingest import tables
from ingest.dlq import DeadLetter
from ingest.errors import SinkUnavailable
from ingest.pipeline import AckRecord, EventRecord, Outcome, StatusRecord
from ingest.tables import COLUMNS, Row

log = logging.getLogger("ingest.sink")

# Upsert de conectividade: só avança (mensagem atrasada/reentregue não volta o estado no tempo).
_UPSERT_STATUS = """
INSERT INTO public.tenant_device_status AS s (tenant_id, device_id, online, state, last_seen, updated_at)
VALUES ($1, $2, $3, $4, $5, now())
ON CONFLICT (tenant_id, device_id) DO UPDATE
SET online = excluded.online, state = excluded.state, last_seen = excluded.last_seen, updated_at = now()
WHERE s.last_seen <= excluded.last_seen
"""
_INSERT_EVENT = """
INSERT INTO public.tenant_device_event (tenant_id, device_id, ts, kind, code, severity, payload)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
"""
_INSERT_ACK = """
INSERT INTO public.tenant_cmd_ack (tenant_id, device_id, cmd_id, ok, ts_exec, err, payload)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
"""

# Erros que significam "banco indisponível", não "dado ruim".
_TRANSIENT: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.InsufficientResourcesError,
    asyncpg.TooManyConnectionsError,
    asyncpg.SerializationError,
    asyncpg.DeadlockDetectedError,
    asyncpg.QueryCanceledError,
)


@dataclass(slots=True)
class TenantWork:
    """Tudo que um tenant tem no lote (gravado numa única transação)."""

    rows: list[Row] = field(default_factory=list)
    statuses: list[StatusRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    acks: list[AckRecord] = field(default_factory=list)
    # Mensagens com algo neste tenant, para o fallback mensagem a mensagem.
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, out: Outcome) -> None:
        self.rows.extend(out.rows)
        self.statuses.extend(out.statuses)
        self.events.extend(out.events)
        self.acks.extend(out.acks)
        self.outcomes.append(out)


def group_by_tenant(outcomes: list[Outcome]) -> tuple[dict[uuid.UUID, TenantWork], list[DeadLetter]]:
    work: dict[uuid.UUID, TenantWork] = defaultdict(TenantWork)
    dead: list[DeadLetter] = []
    for out in outcomes:
        dead.extend(out.dead)
        if out.tenant_id is not None and (out.rows or out.statuses or out.events or out.acks):
            work[out.tenant_id].add(out)
    return dict(work), dead


class Sink:
    """Pool asyncpg + gravação de um lote. Use como gerenciador de contexto assíncrono."""

    def __init__(self, dsn: str, *, pool_size: int) -> None:
        self._dsn = dsn
        self._pool_size = pool_size
        self._pool: asyncpg.Pool | None = None

    async def __aenter__(self) -> Sink:
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pool.close(), timeout=5)
            pool.terminate()

    async def _get_pool(self) -> asyncpg.Pool:
        # Pool criado sob demanda: o serviço sobe mesmo com o banco fora (e espera por ele).
        if self._pool is None:
            try:
                self._pool = await asyncpg.create_pool(
                    self._dsn, min_size=1, max_size=self._pool_size, timeout=10, command_timeout=60
                )
            except _TRANSIENT as exc:
                raise SinkUnavailable(repr(exc)) from exc
            except asyncpg.PostgresError as exc:
                raise SinkUnavailable(repr(exc)) from exc
        return self._pool

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        pool = await self._get_pool()
        try:
            async with pool.acquire(timeout=10) as conn:
                yield conn
        except _TRANSIENT as exc:
            raise SinkUnavailable(repr(exc)) from exc

    async def write_tenant(self, tenant_id: uuid.UUID, work: TenantWork) -> list[DeadLetter]:
        """Grava o trabalho de um tenant; devolve dead letters `db_rejected` do fallback (se houver)."""
        try:
            async with self.connection() as conn:
                await _write_tenant_tx(conn, tenant_id, work)
            return []
        except SinkUnavailable:
            raise
        except asyncpg.PostgresError as exc:
            log.warning(
                "lote do tenant recusado pelo banco; regravando mensagem a mensagem",
                extra={"tenant_id": str(tenant_id), "error": repr(exc)},
            )
        rejected: list[DeadLetter] = []
        for out in work.outcomes:
            single = TenantWork()
            single.add(out)
            try:
                async with self.connection() as conn:
                    await _write_tenant_tx(conn, tenant_id, single)
            except SinkUnavailable:
                raise
            except asyncpg.PostgresError as exc:
                rejected.append(DeadLetter(out.topic, out.payload, "db_rejected", repr(exc)[:500], tenant_id))
        return rejected

    async def write_dead_letters(self, letters: list[DeadLetter]) -> None:
        if not letters:
            return
        async with self.connection() as conn, conn.transaction():
            # O papel do ingest só tem INSERT em ingest_errors.
            await conn.executemany(tables.INSERT_DEAD_LETTER, [tables.dead_letter_row(d, "mqtt") for d in letters])


async def _write_tenant_tx(conn: asyncpg.Connection, tenant_id: uuid.UUID, work: TenantWork) -> None:
    # Transação explícita (BEGIN/COMMIT dentro dos textos de `tables`): três idas ao banco para um lote só
    # de telemetria — abrir + tenant + tabela temporária; COPY; INSERT pela view + rollups + COMMIT.
    try:
        await conn.execute(tables.open_tenant_batch(tenant_id, stage=bool(work.rows)))
        if work.rows:
            await conn.copy_records_to_table(tables.STAGE_TABLE, records=work.rows, columns=COLUMNS)
        if work.statuses:
            # Várias mensagens do mesmo dispositivo no lote: a mais recente vence (o WHERE do upsert cuida).
            await conn.executemany(
                _UPSERT_STATUS, [(s.tenant_id, s.device_id, s.online, s.state, s.last_seen) for s in work.statuses]
            )
        if work.events:
            await conn.executemany(
                _INSERT_EVENT,
                [(e.tenant_id, e.device_id, e.ts, e.kind, e.code, e.severity, e.payload) for e in work.events],
            )
        if work.acks:
            await conn.executemany(
                _INSERT_ACK,
                [(a.tenant_id, a.device_id, a.cmd_id, a.ok, a.ts_exec, a.err, a.payload) for a in work.acks],
            )
        await conn.execute(tables.close_tenant_batch(tables.ts_range(work.rows) if work.rows else None))
    except BaseException:
        # Nada do lote fica: desfaz antes de devolver a conexão ao pool (se a própria conexão caiu ou a
        # tarefa foi cancelada no meio do protocolo, o pool a descarta/reseta ao liberar).
        if not conn.is_closed() and conn.is_in_transaction():
            with contextlib.suppress(Exception):
                await conn.execute("ROLLBACK")
        raise
