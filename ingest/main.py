"""Serviço de ingest: orquestra MQTT → pipeline → lotes → banco → PUBACK.

Fluxo e garantias:
- A thread do paho entrega as mensagens ao loop asyncio em rajadas (um `call_soon_threadsafe` por rajada).
- O consumidor processa (pipeline puro) e acumula num lote; o lote fecha por tamanho
  (TS_INGEST_BATCH_MAX_ROWS linhas), por número de mensagens (Receive Maximum ÷ (gravadores + 1): como
  só confirmamos após o commit, esperar a idade com todas as vagas ocupadas só deixaria o broker parado;
  com mensagens de 1 ponto isso limitava o ingest a ~Receive Maximum ÷ idade mensagens/s) ou por idade
  (TS_INGEST_BATCH_MAX_AGE_S).
- Lotes fechados vão para uma fila de no máximo `writers` lotes; `writers` tarefas gravam em paralelo
  (conexões distintas), mas os PUBACKs saem estritamente na ordem dos lotes (FIFO) e só depois do commit.
- Banco fora: o lote é repetido com backoff exponencial e jitter (0,5 s → 10 s, tenacity) até conseguir;
  nada é confirmado antes disso. Enquanto isso o consumidor enche a fila e para; o broker para ao atingir o
  Receive Maximum (ver `mqtt.py`): memória limitada.
- SIGTERM/SIGINT: para de consumir, grava o que já está em memória, confirma o que foi gravado e
  desconecta (a sessão persistente guarda o resto). Se o banco não voltar em TS_INGEST_SHUTDOWN_S, sai
  sem confirmar — o broker reentrega.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import logging
import os
import signal
import sys
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential_jitter

from ingest import metrics as m
from ingest.adapters.parsec_v1 import Debouncer
from ingest.broker_drops import DropMonitor
from ingest.config import Settings
from ingest.dlq import DeadLetter
from ingest.errors import ConfigError, SinkUnavailable
from ingest.events import EvalPublisher, EventsConfig
from ingest.live import LivePublisher, LiveSettings
from ingest.logs import JsonFormatter
from ingest.mqtt import InboundMessage, MqttSource
from ingest.pipeline import Outcome, Pipeline
from ingest.registry import Registry
from ingest.sink import Sink, group_by_tenant

log = logging.getLogger("ingest")

SHUTDOWN_GRACE_S = 30.0


@dataclass(slots=True)
class Batch:
    seq: int
    opened_at: float
    messages: list[InboundMessage] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    rows: int = 0


class Service:
    def __init__(self, settings: Settings, live: LiveSettings, events: EventsConfig, *, writers: int = 2) -> None:
        self.s = settings
        self._writers = writers
        self._inbox: list[InboundMessage] = []
        self._inbox_event = asyncio.Event()
        self._batches: asyncio.Queue[Batch] = asyncio.Queue(maxsize=writers)
        self._done: dict[int, Batch] = {}
        self._next_ack = 0
        self._seq = 0
        self._stopping = asyncio.Event()
        self._db_ok = False
        self._mem_max = 0
        # Fecha o lote antes de ocupar todas as vagas do Receive Maximum (ver docstring do módulo).
        self._batch_max_msgs = max(1, settings.receive_maximum // (writers + 1))
        self.registry = Registry(settings.database_url, reload_every_s=settings.registry_reload_s)
        self.pipeline = Pipeline(
            settings.limits,
            lambda: self.registry.current,
            Debouncer(settings.limits.parsec_debounce_s),
        )
        self.source: MqttSource | None = None
        self.sink = Sink(settings.database_url, pool_size=settings.db_pool_size)
        # Valores gravados → streams de avaliação de regras (melhor esforço; ver ingest/events.py).
        self.events = EvalPublisher(events)
        # Eventos ao vivo (SSE) depois do COMMIT; melhor esforço, nunca segura o lote (ver ingest/live.py).
        self.live = LivePublisher(live, lambda: self.registry.current)
        m.CAPACITY.set(settings.receive_maximum)

    # --- entrada ------------------------------------------------------------------------------

    def _deliver(self, msgs: list[InboundMessage]) -> None:
        self._inbox.extend(msgs)
        self._inbox_event.set()
        self._observe_memory()

    def _observe_memory(self) -> None:
        if self.source is not None:
            n = self.source.in_memory
            m.IN_MEMORY.set(n)
            if n > self._mem_max:
                self._mem_max = n
                m.IN_MEMORY_MAX.set(n)

    def health(self) -> dict[str, object]:
        mqtt_ok = self.source is not None and self.source.connected.is_set()
        reg_ok = self.registry.loaded.is_set()
        return {
            "healthy": bool(mqtt_ok and reg_ok and self._db_ok),
            "mqtt_connected": mqtt_ok,
            "db_ok": self._db_ok,
            "registry_loaded": reg_ok,
            "registry_devices": self.registry.current.device_count(),
            "inflight_messages": self.source.in_memory if self.source else 0,
        }

    def request_stop(self) -> None:
        self._stopping.set()
        self._inbox_event.set()

    # --- execução -----------------------------------------------------------------------------

    async def run(self) -> None:
        async with contextlib.AsyncExitStack() as stack:
            health = await stack.enter_async_context(HealthServerFactory.make(self))
            log.info("health/metrics ouvindo", extra={"port": health.port})
            await stack.enter_async_context(self.sink)
            await stack.enter_async_context(self.events)
            await stack.enter_async_context(self.live)
            registry_task = asyncio.create_task(self.registry.run(), name="registry")
            stack.push_async_callback(_cancel, registry_task)
            # Só começa a consumir com o registro carregado: sem ele tudo viraria dead letter.
            await _wait_first(self.registry.loaded.wait(), registry_task)
            self._db_ok = True
            self.source = await stack.enter_async_context(
                MqttSource(
                    self.s,
                    self._deliver,
                    tenants=lambda: self.registry.current.tenants.keys(),
                    drops=DropMonitor(self.s.broker_dropped_topics),
                )
            )
            writers = [asyncio.create_task(self._writer(), name=f"writer-{i}") for i in range(self._writers)]
            gauges = asyncio.create_task(self._gauges(), name="gauges")
            try:
                await self._consume()
            finally:
                # Desligamento: o consumidor já fechou o último lote; espera a gravação + PUBACK.
                self.source.stop_consuming()
                try:
                    await asyncio.wait_for(self._batches.join(), timeout=SHUTDOWN_GRACE_S)
                except TimeoutError:
                    log.error("desligamento: lotes não gravados a tempo; ficam sem PUBACK (serão reentregues)")
                for t in [*writers, gauges]:
                    await _cancel(t)
                self._release_unacked()
            log.info("ingest encerrado")

    async def _consume(self) -> None:
        batch = self._new_batch()
        while True:
            timeout = None
            if batch.messages:
                timeout = max(0.0, batch.opened_at + self.s.batch_max_age_s - time.monotonic())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._inbox_event.wait(), timeout)
            self._inbox_event.clear()
            pending, self._inbox = self._inbox, []
            now = datetime.now(UTC)
            # Um ACK de comando tem alguém esperando por ele (POST /api/cmd): o lote que o contém é gravado
            # já, sem esperar a janela de idade. Comandos são raros; telemetria continua em lotes.
            urgent = False
            kinds: dict[str, int] = {}
            for msg in pending:
                out = self.pipeline.process(msg.topic, msg.payload, now)
                kind = _kind(msg.topic)
                kinds[kind] = kinds.get(kind, 0) + 1
                urgent = urgent or kind == "ack"
                if not batch.messages:
                    batch.opened_at = time.monotonic()
                batch.messages.append(msg)
                batch.outcomes.append(out)
                batch.rows += len(out.rows)
                if batch.rows >= self.s.batch_max_rows or len(batch.messages) >= self._batch_max_msgs:
                    await self._batches.put(batch)
                    batch = self._new_batch()
            # Contadores por rajada, não por mensagem (cada inc do prometheus_client toma um lock).
            for kind, n in kinds.items():
                m.RECEIVED.labels(kind).inc(n)
            if batch.messages and (
                urgent or self._stopping.is_set() or time.monotonic() - batch.opened_at >= self.s.batch_max_age_s
            ):
                await self._batches.put(batch)
                batch = self._new_batch()
            if self._stopping.is_set():
                return

    def _new_batch(self) -> Batch:
        self._seq += 1
        return Batch(seq=self._seq, opened_at=time.monotonic())

    async def _writer(self) -> None:
        while True:
            batch = await self._batches.get()
            try:
                await self._write_with_retry(batch)
                self.events.submit(batch.outcomes)  # pós-commit; nunca bloqueia
                self.live.observe(batch.outcomes)
                self._done[batch.seq] = batch
                self._ack_in_order()
            finally:
                self._batches.task_done()

    async def _write_with_retry(self, batch: Batch) -> None:
        work, dead = group_by_tenant(batch.outcomes)
        pending_tenants = dict(work)
        dead_done = False
        started = time.monotonic()
        # Banco fora: o mesmo lote de novo, sem limite de tentativas (nada é confirmado antes do commit), com
        # espera exponencial 0,5 s → 10 s e jitter (os membros do ingest não voltam todos no mesmo instante).
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(SinkUnavailable),
            wait=wait_exponential_jitter(multiplier=0.5, max=10.0, jitter=0.5),
            before_sleep=self._db_unavailable,
            reraise=True,
        ):
            with attempt:
                for tenant_id in list(pending_tenants):
                    rejected = await self.sink.write_tenant(tenant_id, pending_tenants[tenant_id])
                    _count_written(pending_tenants.pop(tenant_id).outcomes, rejected)
                    dead.extend(rejected)
                if not dead_done:
                    await self.sink.write_dead_letters(dead)
                    dead_done = True
                    for d in dead:
                        m.DEAD_LETTERS.labels(d.reason).inc()
        self._db_ok = True
        m.DB_UP.set(1)
        m.FLUSH_SECONDS.observe(time.monotonic() - started)
        m.BATCH_ROWS.observe(batch.rows)

    def _db_unavailable(self, state: RetryCallState) -> None:
        self._db_ok = False
        m.DB_UP.set(0)
        m.FLUSH_RETRIES.inc()
        error = state.outcome.exception() if state.outcome else None
        retry_s = round(state.upcoming_sleep, 3)
        log.warning("banco indisponível; lote será repetido", extra={"error": str(error), "retry_s": retry_s})

    def _ack_in_order(self) -> None:
        # PUBACK estritamente na ordem dos lotes (e, dentro do lote, na ordem de chegada).
        while self._next_ack + 1 in self._done:
            self._next_ack += 1
            batch = self._done.pop(self._next_ack)
            now = time.time()
            assert self.source is not None
            acked, skipped = self.source.ack_batch(batch.messages)
            m.ACKED.inc(acked)
            if skipped:
                m.ACK_SKIPPED.inc(skipped)
            for msg, out in zip(batch.messages, batch.outcomes, strict=True):
                m.RECEIVE_TO_COMMIT.observe(now - msg.received_at)
                if out.measured_at is not None and out.rows:
                    m.MEASURE_TO_COMMIT.observe(max(0.0, now - out.measured_at.timestamp()))
            self._observe_memory()

    def _release_unacked(self) -> None:
        # Lotes gravados fora de ordem cujo predecessor não gravou: sem PUBACK, só liberam a vaga.
        if self.source is None:
            return
        for batch in self._done.values():
            for msg in batch.messages:
                self.source.release(msg)
        self._done.clear()

    async def _gauges(self) -> None:
        seen_snapshot = self.registry.current
        while True:
            m.MQTT_UP.set(1 if self.source is not None and self.source.connected.is_set() else 0)
            snap = self.registry.current
            if snap is not seen_snapshot and self.source is not None:
                # Registro mudou: tenants novos deste membro ganham assinatura (modo "partitioned").
                seen_snapshot = snap
                self.source.refresh_subscriptions()
            m.REGISTRY_DEVICES.set(snap.device_count())
            m.REGISTRY_POINTS.set(snap.point_count())
            self._observe_memory()
            await asyncio.sleep(0.25)


def _count_written(outcomes: list[Outcome], rejected: list[DeadLetter]) -> None:
    if rejected:
        bad = {(d.topic, d.payload) for d in rejected}
        outcomes = [o for o in outcomes if (o.topic, o.payload) not in bad]
    # Somados antes: um inc por lote, não por mensagem (cada inc do prometheus_client toma um lock).
    rows = statuses = events = acks = 0
    for o in outcomes:
        rows += len(o.rows)
        statuses += len(o.statuses)
        events += len(o.events)
        acks += len(o.acks)
    if rows:
        m.ROWS_WRITTEN.inc(rows)
    for kind, n in (("state", statuses), ("event", events), ("ack", acks)):
        if n:
            m.RECORDS_WRITTEN.labels(kind).inc(n)


def _kind(topic: str) -> str:
    kind = topic.rsplit("/", 1)[-1]
    return kind if kind in ("telem", "state", "event", "alarm", "ack") else "other"


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _wait_first(waiter: Coroutine[Any, Any, object], task: asyncio.Task[None]) -> None:
    """Espera `waiter`; se `task` morrer antes, propaga o erro dela."""
    w = asyncio.ensure_future(waiter)
    done, _ = await asyncio.wait({w, task}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        w.cancel()
        task.result()
    await w


class HealthServerFactory:
    @staticmethod
    def make(service: Service) -> m.HealthServer:
        return m.HealthServer(service.s.health_host, service.s.health_port, service.health)


# --- logs estruturados -----------------------------------------------------------------------


def setup_logging(level: str, member: int | None = None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    if member is not None:
        # Membro de um supervisor: toda linha diz de qual membro veio (os logs saem no mesmo stderr).
        handler.addFilter(_MemberFilter(member))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("asyncio").setLevel(logging.WARNING)


class _MemberFilter(logging.Filter):
    def __init__(self, member: int) -> None:
        super().__init__()
        self._member = member

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "member"):
            record.member = self._member
        return True


def _die_with_parent() -> None:
    """Membro: recebe SIGTERM se o supervisor morrer (Linux, PR_SET_PDEATHSIG); sem isso um membro órfão
    seguiria conectado com o mesmo client id do membro que o novo supervisor sobe."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() == 1:
        sys.exit(0)  # o supervisor já tinha morrido antes do prctl


async def amain(settings: Settings, live: LiveSettings, events: EventsConfig) -> None:
    service = Service(settings, live, events, writers=int(os.environ.get("TS_INGEST_WRITERS", "2")))
    loop = asyncio.get_running_loop()

    def stop() -> None:
        service.request_stop()
        # Rede de proteção: um desligamento que não termina (uma tarefa que não cede ao cancelamento) registra as
        # pilhas e sai com código 1. Nada se perde: o que não foi confirmado (PUBACK) o broker reentrega.
        loop.call_later(SHUTDOWN_GRACE_S + 25, _give_up)  # antes dos 60 s que testes e benchmarks esperam

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    # Diagnóstico de operação: `kill -USR1 <pid>` registra a pilha de cada tarefa asyncio (ex.: um desligamento
    # que não termina).
    loop.add_signal_handler(signal.SIGUSR1, _log_tasks)
    await service.run()


def _give_up() -> None:
    log.error("desligamento não terminou no prazo; pilhas das tarefas a seguir; saindo com código 1")
    _log_tasks()
    logging.shutdown()
    os._exit(1)


def _log_tasks() -> None:
    for task in asyncio.all_tasks():
        out = io.StringIO()
        task.print_stack(file=out)
        log.warning("tarefa asyncio", extra={"task": task.get_name(), "stack": out.getvalue()})


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Serviço de ingest MQTT → TimescaleDB.")
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="número de processos membros (sobrepõe TS_INGEST_PROCESSES; 1 = um processo, sem supervisor)",
    )
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.processes is not None:
        env["TS_INGEST_PROCESSES"] = str(args.processes)
    try:
        settings = Settings.from_env(env)
        # Lidos aqui (não dentro do serviço) para que um TS_LIVE_*/TS_EVAL_* inválido saia como erro de
        # configuração, código 2, antes de qualquer conexão.
        live = LiveSettings.from_env(env)
        events = EventsConfig.from_env(env)
    except ConfigError as exc:
        print(f"ingest: configuração inválida: {exc}", file=sys.stderr)
        return 2
    supervised = env.get("TS_INGEST_SUPERVISED")
    setup_logging(settings.log_level, int(supervised) if supervised else None)
    if settings.processes > 1 and not supervised:
        log.info(
            "supervisor do ingest iniciando",
            extra={"processes": settings.processes, "client_id_base": settings.client_id},
        )
        from ingest import supervisor

        return asyncio.run(supervisor.amain(settings, settings.processes))
    if supervised:
        _die_with_parent()
    log.info(
        "ingest iniciando",
        extra={
            "client_id": settings.client_id,
            "subscription": settings.subscription,
            "member": f"{settings.member}/{settings.members}",
            "mqtt_port": settings.mqtt_port,
        },
    )
    asyncio.run(amain(settings, live, events))
    return 0
