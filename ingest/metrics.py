"""Métricas Prometheus e endpoint HTTP de saúde (`/metrics`, `/healthz`) no uvicorn, dentro do laço do serviço."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import socket
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import orjson
import uvicorn
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
ASGIReceive = Callable[[], Awaitable[dict[str, Any]]]
ASGISend = Callable[[dict[str, Any]], Awaitable[None]]
HealthFn = Callable[[], dict[str, object] | Awaitable[dict[str, object]]]
MetricsFn = Callable[[], bytes | Awaitable[bytes]]


class _EmbeddedServer(uvicorn.Server):
    """uvicorn dentro do laço do serviço: SIGTERM/SIGINT são do ingest (que drena e confirma antes de sair),
    não do servidor de saúde."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class HealthServer:
    """GET /metrics (Prometheus) e GET /healthz (JSON; 503 se não saudável), servidos pelo uvicorn (HTTP/1.1,
    h11) no mesmo laço asyncio do serviço.

    `health`/`metrics` podem ser síncronos ou corrotinas (o supervisor agrega os membros por HTTP).
    """

    def __init__(self, host: str, port: int, health: HealthFn, metrics: MetricsFn = generate_latest) -> None:
        self._health = health
        self._metrics = metrics
        self._host = host
        self._port = port
        self._socket: socket.socket | None = None
        self._server = _EmbeddedServer(
            uvicorn.Config(
                self._app,
                interface="asgi3",
                http="h11",
                lifespan="off",
                log_config=None,
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=2,
            )
        )
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        if self._socket is None:
            return self._port
        return int(self._socket.getsockname()[1])

    async def __aenter__(self) -> HealthServer:
        # O socket é aberto aqui, não pelo uvicorn: porta ocupada é um OSError para quem chamou (o uvicorn
        # encerraria o processo com sys.exit) e a porta 0 (testes) é conhecida logo.
        self._socket = socket.create_server((self._host, self._port))
        self._task = asyncio.create_task(self._server.serve(sockets=[self._socket]), name="health-server")
        # O uvicorn só expõe a prontidão como a flag `started` (sem evento para esperar).
        while not self._server.started and not self._task.done():  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        if self._task.done():
            self._socket.close()
            raise OSError(f"servidor de saúde não subiu em {self._host}:{self.port}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, timeout=5)
        if self._socket is not None:
            self._socket.close()

    async def _app(self, scope: dict[str, Any], receive: ASGIReceive, send: ASGISend) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"]
        if path.startswith("/metrics"):
            status, ctype, body = 200, CONTENT_TYPE_LATEST, await _maybe_await(self._metrics())
        elif path.startswith("/healthz"):
            info = await _maybe_await(self._health())
            status = 200 if info.get("healthy") else 503
            ctype, body = "application/json", orjson.dumps(info)
        else:
            status, ctype, body = 404, "text/plain", b"not found\n"
        headers = [(b"content-type", ctype.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _maybe_await(value: _T | Awaitable[_T]) -> _T:
    if inspect.isawaitable(value):
        return await value
    return value
