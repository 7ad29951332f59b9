"""Métricas Prometheus e endpoint HTTP de saúde (`/metrics`, `/healthz`) num servidor asyncio mínimo."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

log = logging.getLogger("ingest.metrics")

RECEIVED = Counter("ingest_messages_received_total", "Mensagens MQTT recebidas", ["kind"])
ROWS_WRITTEN = Counter("ingest_rows_written_total", "Linhas de telemetria confirmadas no banco (antes da deduplicação)")
RECORDS_WRITTEN = Counter("ingest_records_written_total", "Registros de state/event/alarm/ack gravados", ["kind"])
DEAD_LETTERS = Counter("ingest_dead_letters_total", "Dead letters gravadas em ingest_errors", ["reason"])
ACKED = Counter("ingest_messages_acked_total", "PUBACKs enviados após commit")
ACK_SKIPPED = Counter(
    "ingest_ack_skipped_total", "Mensagens persistidas sem PUBACK (conexão trocou; o broker reentrega)"
)
FLUSH_RETRIES = Counter("ingest_flush_retries_total", "Tentativas de gravação repetidas por banco indisponível")
BATCH_ROWS = Histogram(
    "ingest_batch_rows", "Linhas por lote gravado", buckets=(1, 10, 100, 500, 1000, 2500, 5000, 10000, 25000, 50000)
)
FLUSH_SECONDS = Histogram(
    "ingest_flush_seconds",
    "Duração da gravação de um lote (todas as transações)",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
_LAG_BUCKETS = (0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60)
RECEIVE_TO_COMMIT = Histogram(
    "ingest_receive_to_commit_seconds", "Da chegada da mensagem ao commit do seu lote", buckets=_LAG_BUCKETS
)
MEASURE_TO_COMMIT = Histogram(
    "ingest_lag_seconds",
    "Atraso de telemetria: do ts da medição ao commit (inclui fila no broker)",
    buckets=_LAG_BUCKETS,
)
IN_MEMORY = Gauge("ingest_inflight_messages", "Mensagens em memória ainda sem PUBACK (limite: Receive Maximum)")
IN_MEMORY_MAX = Gauge("ingest_inflight_messages_max", "Maior valor já observado de ingest_inflight_messages")
CAPACITY = Gauge("ingest_inflight_capacity", "Limite de mensagens em memória (Receive Maximum)")
MQTT_UP = Gauge("ingest_mqtt_connected", "1 se conectado ao broker")
DB_UP = Gauge("ingest_db_up", "1 se a última gravação/ping no banco funcionou")
REGISTRY_DEVICES = Gauge("ingest_registry_devices", "Dispositivos no snapshot do registro")
BROKER_DROPPED = Gauge(
    "ingest_broker_dropped_reported",
    "Último valor do contador de descartes do broker ($SYS; total desde a partida do broker)",
    ["topic"],
)
BROKER_DROPPED_TOTAL = Counter(
    "ingest_broker_dropped_messages_total",
    "Aumentos do contador de descartes do broker observados por este processo (perda acima do orçamento)",
)
SUBSCRIPTIONS = Gauge("ingest_mqtt_subscriptions", "Filtros de tópico assinados na conexão atual")
REGISTRY_POINTS = Gauge("ingest_registry_points", "Pontos no snapshot do registro")


_T = TypeVar("_T")
HealthFn = Callable[[], dict[str, object] | Awaitable[dict[str, object]]]
MetricsFn = Callable[[], bytes | Awaitable[bytes]]


class HealthServer:
    """Servidor HTTP/1.0 mínimo: GET /metrics (Prometheus) e GET /healthz (JSON; 503 se não saudável).

    `health`/`metrics` podem ser síncronos ou corrotinas (o supervisor agrega os membros por HTTP).
    """

    def __init__(self, host: str, port: int, health: HealthFn, metrics: MetricsFn = generate_latest) -> None:
        self._host = host
        self._port = port
        self._health = health
        self._metrics = metrics
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        if self._server is None or not self._server.sockets:
            return self._port
        return int(self._server.sockets[0].getsockname()[1])

    async def __aenter__(self) -> HealthServer:
        self._server = await asyncio.start_server(self._handle, self._host, self._port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), timeout=2)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=5)
            parts = line.decode("latin-1").split()
            path = parts[1] if len(parts) >= 2 else "/"
            if path.startswith("/metrics"):
                status, ctype, body = 200, CONTENT_TYPE_LATEST, await _maybe_await(self._metrics())
            elif path.startswith("/healthz"):
                info = await _maybe_await(self._health())
                status = 200 if info.get("healthy") else 503
                ctype, body = "application/json", orjson.dumps(info)
            else:
                status, ctype, body = 404, "text/plain", b"not found\n"
            head = f"HTTP/1.0 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
            writer.write(head.encode() + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


async def _maybe_await(value: _T | Awaitable[_T]) -> _T:
    if inspect.isawaitable(value):
        return await value
    return value
