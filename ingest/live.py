"""Eventos ao vivo para os dashboards: Redis Streams por tenant, alimentados depois do COMMIT.

Duas partes:

1. **Função compartilhada de publicação** (sem framework; qualquer produtor chama):
   `publish_event(cliente_async, tenant_id, evento)` ou `publish_event_sync(cliente_sync, tenant_id, evento)`
   gravam um `contracts.events.LiveEvent` com `XADD traksense:live:{tenant_uuid} MAXLEN ~ N`. Os campos da
   entrada são `device` (uuid do dispositivo, para o filtro do SSE sem decodificar JSON), `type` e `data`
   (o JSON do modelo). O id gerado pelo Redis é o `id:` do SSE (retomada por Last-Event-ID).

2. **`LivePublisher`** (usado pelo serviço de ingest): recebe os `Outcome` de cada lote já gravado e, por
   dispositivo, publica os novos últimos valores dos pontos e as mudanças de conectividade. Coalesce por
   ponto dentro da janela `TS_LIVE_WINDOW_S` (≤ 250 ms; o último valor vence) e descarta amostras mais
   antigas que a última publicada (um dispositivo rápido não inunda os clientes; reentregas não repetem).

Melhor esforço, por desenho: o ingest nunca espera o Redis. `observe` só acumula em memória (limitada ao
número de pontos do registro); a gravação no Redis roda numa tarefa própria com timeout curto. Redis fora:
os eventos da janela são descartados e contados (`ingest_live_events_dropped_total`,
`ingest_live_publish_errors_total`, `ingest_live_redis_up`) — a telemetria continua gravada e confirmada; o
cliente SSE que perder eventos recupera o estado por `/api/data/latest`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import redis
import redis.asyncio as aioredis
from prometheus_client import Counter, Gauge
from pydantic import Field, TypeAdapter

from contracts.events import LIVE_SCHEMA, ConnectivityEvent, LiveEvent
from ingest.config import EnvSettings
from ingest.pipeline import Outcome, Row
from ingest.registry import PointRoute, RegistrySnapshot

log = logging.getLogger("ingest.live")

STREAM_PREFIX = "traksense:live:"
# Retenção padrão do stream de cada tenant (entradas; `MAXLEN ~` apara em blocos, então pode guardar um
# pouco mais). É a janela em que um cliente reconecta com Last-Event-ID sem receber `reset`.
DEFAULT_MAXLEN = 10_000
FIELD_DEVICE, FIELD_TYPE, FIELD_DATA = "device", "type", "data"

_EVENT_ADAPTER: TypeAdapter[LiveEvent] = TypeAdapter(LiveEvent)

PUBLISHED = Counter("ingest_live_events_published_total", "Eventos ao vivo gravados no Redis", ["type"])
DROPPED = Counter("ingest_live_events_dropped_total", "Eventos ao vivo descartados (Redis indisponível)")
ERRORS = Counter("ingest_live_publish_errors_total", "Falhas ao gravar eventos ao vivo no Redis")
REDIS_UP = Gauge("ingest_live_redis_up", "1 se a última gravação de eventos ao vivo funcionou")


# --- função compartilhada de publicação -------------------------------------------------------------


def stream_key(tenant_id: uuid.UUID | str) -> str:
    """Chave do Redis Stream do tenant (uuid do tenant, nunca o slug: slugs podem mudar)."""
    return f"{STREAM_PREFIX}{uuid.UUID(str(tenant_id))}"


def encode_event(event: LiveEvent) -> dict[str, str]:
    """Campos da entrada do stream para um evento."""
    return {
        FIELD_DEVICE: str(event.device_id),
        FIELD_TYPE: event.type,
        FIELD_DATA: event.model_dump_json(by_alias=True),
    }


def decode_event(fields: Mapping[bytes | str, bytes | str]) -> LiveEvent:
    """Inverso de `encode_event` (testes e consumidores Python)."""
    data = fields.get(FIELD_DATA) or fields.get(FIELD_DATA.encode())
    if data is None:
        raise ValueError("entrada sem campo 'data'")
    return _EVENT_ADAPTER.validate_json(data)


async def publish_event(
    client: aioredis.Redis, tenant_id: uuid.UUID | str, event: LiveEvent, *, maxlen: int = DEFAULT_MAXLEN
) -> str:
    """Grava um evento no stream do tenant (cliente `redis.asyncio`); devolve o id da entrada."""
    entry_id = await client.xadd(stream_key(tenant_id), encode_event(event), maxlen=maxlen, approximate=True)  # type: ignore[arg-type]
    return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)


def publish_event_sync(
    client: redis.Redis, tenant_id: uuid.UUID | str, event: LiveEvent, *, maxlen: int = DEFAULT_MAXLEN
) -> str:
    """Igual a `publish_event`, com o cliente síncrono (API Django, workers Celery)."""
    entry_id = client.xadd(stream_key(tenant_id), encode_event(event), maxlen=maxlen, approximate=True)  # type: ignore[arg-type]
    return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)


# --- publicador do ingest ----------------------------------------------------------------------------


class LiveSettings(EnvSettings):
    """Configuração dos eventos ao vivo do ingest. `REDIS_URL` vazio desliga (nada é publicado)."""

    redis_url: str = Field("", validation_alias="REDIS_URL")
    window_s: float = Field(0.1, validation_alias="TS_LIVE_WINDOW_S", ge=0.0, le=0.25)
    maxlen: int = Field(DEFAULT_MAXLEN, validation_alias="TS_LIVE_STREAM_MAXLEN", ge=10, le=10_000_000)
    timeout_s: float = Field(1.0, validation_alias="TS_LIVE_REDIS_TIMEOUT_S", ge=0.05, le=30.0)


@dataclass(frozen=True, slots=True)
class _Status:
    tenant_id: uuid.UUID
    online: bool
    last_seen: datetime


class LivePublisher:
    """Coalesce os resultados dos lotes gravados e os publica no Redis numa tarefa separada."""

    def __init__(self, settings: LiveSettings, snapshot: Callable[[], RegistrySnapshot]) -> None:
        self.s = settings
        self._snapshot = snapshot
        # (tenant, dispositivo) → ponto → linha mais recente ainda não publicada.
        self._points: dict[tuple[uuid.UUID, uuid.UUID], dict[uuid.UUID, Row]] = {}
        self._status: dict[uuid.UUID, _Status] = {}
        # Último ts publicado por ponto / last_seen por dispositivo: amostra mais velha não vira evento.
        self._sent_ts: dict[uuid.UUID, datetime] = {}
        self._sent_seen: dict[uuid.UUID, datetime] = {}
        self._wake = asyncio.Event()
        self._index_of: RegistrySnapshot | None = None
        self._index: dict[uuid.UUID, PointRoute] = {}
        self._client: aioredis.Redis | None = None
        self._task: asyncio.Task[None] | None = None
        self._last_error_log = 0.0

    @property
    def enabled(self) -> bool:
        return bool(self.s.redis_url)

    async def __aenter__(self) -> LivePublisher:
        if self.enabled:
            t = self.s.timeout_s
            self._client = aioredis.Redis.from_url(
                self.s.redis_url, socket_timeout=t, socket_connect_timeout=t, client_name="traksense-ingest-live"
            )
            self._task = asyncio.create_task(self._run(), name="live-publisher")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            # Última janela (desligamento limpo), sem insistir se o Redis não responder.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.flush(), timeout=self.s.timeout_s)
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.aclose()

    def observe(self, outcomes: Iterable[Outcome]) -> None:
        """Chamado logo após o COMMIT de um lote: só memória, nunca bloqueia nem levanta."""
        if not self.enabled:
            return
        touched = False
        for out in outcomes:
            for row in out.rows:
                tenant_id, device_id, point_id, ts = row[0], row[1], row[2], row[3]
                sent = self._sent_ts.get(point_id)
                if sent is not None and ts <= sent:
                    continue
                pending = self._points.setdefault((tenant_id, device_id), {})
                cur = pending.get(point_id)
                if cur is None or ts >= cur[3]:
                    pending[point_id] = row
                    touched = True
            for st in out.statuses:
                seen = self._sent_seen.get(st.device_id)
                if seen is not None and st.last_seen < seen:
                    continue
                cur_st = self._status.get(st.device_id)
                if cur_st is None or st.last_seen >= cur_st.last_seen:
                    self._status[st.device_id] = _Status(st.tenant_id, st.online, st.last_seen)
                    touched = True
        if touched:
            self._wake.set()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            # Janela de coalescência: o que chegar até o fim dela sai num único evento por dispositivo.
            await asyncio.sleep(self.s.window_s)
            self._wake.clear()
            await self.flush()

    async def flush(self) -> None:
        """Publica o que está pendente (um XADD por dispositivo e tipo, num pipeline)."""
        entries = self._drain()
        if not entries or self._client is None:
            return
        try:
            pipe = self._client.pipeline(transaction=False)
            for tenant_id, fields in entries:
                pipe.xadd(stream_key(tenant_id), fields, maxlen=self.s.maxlen, approximate=True)  # type: ignore[arg-type]
            await pipe.execute()
        except (redis.RedisError, OSError, TimeoutError) as exc:
            ERRORS.inc()
            DROPPED.inc(len(entries))
            REDIS_UP.set(0)
            now = time.monotonic()
            if now - self._last_error_log > 10:
                self._last_error_log = now
                log.warning("eventos ao vivo descartados: Redis indisponível", extra={"error": str(exc)})
            return
        REDIS_UP.set(1)
        for _, fields in entries:
            PUBLISHED.labels(fields[FIELD_TYPE]).inc()

    def _drain(self) -> list[tuple[uuid.UUID, dict[str, str | bytes]]]:
        points, self._points = self._points, {}
        status, self._status = self._status, {}
        index = self._point_index()
        entries: list[tuple[uuid.UUID, dict[str, str | bytes]]] = []
        for (tenant_id, device_id), rows in points.items():
            values = [_point_value(row, index.get(point_id)) for point_id, row in rows.items()]
            for point_id, row in rows.items():
                self._sent_ts[point_id] = row[3]
            entries.append((tenant_id, telemetry_fields(device_id, values)))
        for device_id, st in status.items():
            self._sent_seen[device_id] = st.last_seen
            event = ConnectivityEvent(device_id=device_id, online=st.online, last_seen=st.last_seen)
            entries.append((st.tenant_id, dict(encode_event(event))))
        return entries

    def _point_index(self) -> dict[uuid.UUID, PointRoute]:
        snap = self._snapshot()
        if snap is not self._index_of:
            self._index = {p.point_id: p for d in snap.devices.values() for p in d.points.values()}
            self._index_of = snap
        return self._index


def telemetry_fields(device_id: uuid.UUID, points: list[dict[str, Any]]) -> dict[str, str | bytes]:
    """Campos da entrada de um `TelemetryEvent`, serializado direto pelo orjson (`_point_value`).

    É o caminho de todo lote do ingest: montar e serializar os modelos Pydantic custava ~20% da CPU do ingest
    (perfil do benchmark de regras). O JSON é o mesmo do `TelemetryEvent.model_dump_json` (UTC com "Z") — o
    teste `test_telemetry_fields_match_the_contract_model` compara os dois e valida pelo modelo."""
    doc = {"schema": LIVE_SCHEMA, "type": "telemetry", "device_id": device_id, "points": points}
    data = orjson.dumps(doc, option=orjson.OPT_UTC_Z)
    return {FIELD_DEVICE: str(device_id), FIELD_TYPE: "telemetry", FIELD_DATA: data}


def _point_value(row: Row, route: PointRoute | None) -> dict[str, Any]:
    """Um `PointValue` do contrato, como dicionário pronto para o orjson."""
    _, _, point_id, ts, v_num, v_bool, v_text, unit, qual, _ = row
    value: bool | int | float | str | None
    if v_bool is not None:
        value = v_bool
    elif v_num is not None:
        # Pontos inteiros voltam como inteiro (no banco são double precision).
        value = int(v_num) if route is not None and route.value_type == "int" else v_num
    else:
        value = v_text
    return {
        "point_id": point_id,
        "name": route.name if route is not None else str(point_id),
        "ts": ts,
        "v": value,
        "unit": unit or None,
        "qual": qual,
    }
