"""Publicação dos valores recém-gravados para a avaliação de regras (ADR-005).

Depois do COMMIT de um lote, `EvalPublisher.submit` recebe os `Outcome`s e enfileira, SEM esperar nada, uma
entrada por dispositivo; uma tarefa de fundo faz os `XADD` (um script Lua por partição, num pipeline: uma ida
ao Redis por lote) no stream `{prefixo}:{partição}`, com partição = crc32(device_id) % N — todos os valores
de um dispositivo caem no mesmo stream, em ordem. `MAXLEN ~` limita a memória do Redis.

Melhor esforço, por escolha: o ingest nunca espera o Redis nem falha por ele. Redis fora → a fila local
(limitada) enche e o excedente é descartado e contado (`ingest_eval_events_dropped_total`); a telemetria
continua gravada e confirmada normalmente. O que a avaliação perde nesse intervalo: as transições de
threshold/state daqueles valores (reavaliadas no próximo valor que chegar depois da volta do Redis). O que
não perde: `for_s`, `keep_firing_for_s` e `no_data` avançam pela varredura do avaliador, que não depende
do stream — e o avaliador confere a última medição no banco antes de disparar `no_data`.

Formato da entrada (campo único `e`, JSON): `{"t": tenant, "d": device, "p": [[point, ts, num, bool, text],
...], "s": [[online, ts], ...]}` — `p` são linhas de ts_measure, `s` mudanças de conectividade (state/LWT).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import redis.asyncio as aioredis
from prometheus_client import Counter
from redis.commands.core import AsyncScript

from ingest.errors import ConfigError
from ingest.pipeline import Outcome

log = logging.getLogger("ingest.events")

PUBLISHED = Counter("ingest_eval_events_published_total", "Entradas publicadas nos streams de avaliação")
DROPPED = Counter(
    "ingest_eval_events_dropped_total", "Entradas de avaliação descartadas (Redis fora ou fila cheia)", ["reason"]
)


@dataclass(frozen=True, slots=True)
class EventsConfig:
    """Variáveis: TS_EVAL_PUBLISH (1/0), TS_EVAL_REDIS_URL (padrão REDIS_URL), TS_EVAL_STREAM_PREFIX,
    TS_EVAL_PARTITIONS, TS_EVAL_STREAM_MAXLEN, TS_EVAL_QUEUE_MAX (lotes em memória)."""

    enabled: bool
    redis_url: str
    prefix: str
    partitions: int
    maxlen: int
    queue_max: int

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> EventsConfig:
        e = os.environ if env is None else env
        url = e.get("TS_EVAL_REDIS_URL") or e.get("REDIS_URL", "")
        wanted = e.get("TS_EVAL_PUBLISH", "1").strip().lower() not in ("0", "false", "no", "off")
        if wanted and not url:
            # Sem Redis configurado o ingest segue sem publicar (a avaliação de valores fica parada): avisa alto.
            log.warning("TS_EVAL_PUBLISH ligado mas sem TS_EVAL_REDIS_URL/REDIS_URL: avaliação de regras desligada")
        return cls(
            enabled=wanted and bool(url),
            redis_url=url,
            prefix=e.get("TS_EVAL_STREAM_PREFIX", "traksense:eval"),
            partitions=_positive(e, "TS_EVAL_PARTITIONS", 4),
            maxlen=_positive(e, "TS_EVAL_STREAM_MAXLEN", 100_000),
            queue_max=_positive(e, "TS_EVAL_QUEUE_MAX", 1_000),
        )


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} não é um inteiro") from None
    if value < 1:
        raise ConfigError(f"{name}={value} precisa ser >= 1")
    return value


def partition_of(device_id: uuid.UUID | str, partitions: int) -> int:
    """Partição estável do dispositivo (a mesma conta no avaliador, se precisar)."""
    return zlib.crc32(str(device_id).encode()) % partitions


def build_entries(outcomes: Sequence[Outcome]) -> list[tuple[uuid.UUID, bytes]]:
    """Uma entrada por dispositivo com os valores e mudanças de conectividade do lote (função pura)."""
    # UUIDs e datetimes vão crus: o orjson os serializa em C (texto canônico do UUID, ISO 8601 com fuso), o
    # que custava ~8% da CPU do ingest quando feito com str()/isoformat() por valor (perfil do benchmark de regras).
    # Cada valor vai como a fatia row[2:7] (ponto, ts, num, bool, texto) da linha gravada: o orjson escreve a tupla como
    # lista. O `hash` de um UUID é Python puro, então o grupo do dispositivo só é procurado quando a linha muda
    # de dispositivo (as linhas de uma mensagem são todas do mesmo) — não uma vez por valor.
    points: dict[tuple[uuid.UUID, uuid.UUID], list[Sequence[Any]]] = defaultdict(list)
    statuses: dict[tuple[uuid.UUID, uuid.UUID], list[list[Any]]] = defaultdict(list)
    for out in outcomes:
        device: uuid.UUID | None = None
        group: list[Sequence[Any]] = []
        for row in out.rows:
            if row[1] is not device:
                device = row[1]
                group = points[(row[0], row[1])]
            group.append(row[2:7])
        for st in out.statuses:
            statuses[(st.tenant_id, st.device_id)].append([st.online, st.last_seen])
    entries = []
    for key in points.keys() | statuses.keys():
        tenant_id, device_id = key
        doc = {"t": tenant_id, "d": device_id, "p": points.get(key, []), "s": statuses.get(key, [])}
        entries.append((device_id, orjson.dumps(doc)))
    return entries


# XADD de várias entradas num stream (KEYS[1]); ARGV[1] = MAXLEN (aproximado), ARGV[2..] = entradas (campo `e`).
# As entradas saem na ordem dada, cada uma com o seu id: para o avaliador nada muda.
_XADD_MANY = """
for i = 2, #ARGV do
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[i])
end
return #ARGV - 1
"""
# Entradas por chamada do script: o Redis executa o script sem intercalar outros comandos; ~1 ms por 500.
_XADD_CHUNK = 500


class EvalPublisher:
    """Fila local limitada + tarefa que escreve no Redis. Use como gerenciador de contexto assíncrono."""

    def __init__(self, cfg: EventsConfig) -> None:
        self.cfg = cfg
        self._queue: asyncio.Queue[list[tuple[uuid.UUID, bytes]]] = asyncio.Queue(maxsize=cfg.queue_max)
        self._task: asyncio.Task[None] | None = None
        self._redis: aioredis.Redis | None = None
        self._xadd_many: AsyncScript | None = None

    async def __aenter__(self) -> EvalPublisher:
        if self.cfg.enabled:
            self._redis = aioredis.Redis.from_url(self.cfg.redis_url, socket_timeout=2, socket_connect_timeout=2)
            self._xadd_many = self._redis.register_script(_XADD_MANY)
            self._task = asyncio.create_task(self._run(), name="eval-publisher")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            # Dá um instante para esvaziar a fila; o que sobrar é perdido só para a avaliação.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.join(), timeout=2.0)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._redis is not None:
            await self._redis.aclose()

    def submit(self, outcomes: Sequence[Outcome]) -> None:
        """Chamado logo após o commit do lote. Nunca bloqueia nem levanta exceção."""
        if not self.cfg.enabled:
            return
        try:
            entries = build_entries(outcomes)
            if entries:
                self._queue.put_nowait(entries)
        except asyncio.QueueFull:
            DROPPED.labels("queue_full").inc(len(entries))
        except Exception:  # avaliação é melhor esforço; o ingest segue
            log.exception("falha ao montar entradas de avaliação")

    async def _run(self) -> None:
        backoff = 0.5
        while True:
            entries = await self._queue.get()
            try:
                await self._xadd(entries)
                PUBLISHED.inc(len(entries))
                backoff = 0.5
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis fora não derruba o ingest
                DROPPED.labels("redis_error").inc(len(entries))
                log.warning("redis indisponível; valores não publicados para avaliação", extra={"error": str(exc)})
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
            finally:
                self._queue.task_done()

    async def _xadd(self, entries: list[tuple[uuid.UUID, bytes]]) -> None:
        """Uma entrada por dispositivo, como sempre, mas um comando por partição (script Lua `_XADD_MANY`, até
        `_XADD_CHUNK` entradas por chamada) e não um XADD por dispositivo: montar e ler um comando por entrada no
        redis-py custava ~25% da CPU do ingest com a avaliação ligada (benchmark de regras)."""
        assert self._redis is not None
        assert self._xadd_many is not None
        by_stream: dict[str, list[bytes]] = defaultdict(list)
        for device_id, data in entries:
            by_stream[f"{self.cfg.prefix}:{partition_of(device_id, self.cfg.partitions)}"].append(data)
        async with self._redis.pipeline(transaction=False) as pipe:
            for stream, docs in by_stream.items():
                for i in range(0, len(docs), _XADD_CHUNK):
                    chunk = docs[i : i + _XADD_CHUNK]
                    await self._xadd_many(keys=[stream], args=[self.cfg.maxlen, *chunk], client=pipe)
            await pipe.execute()
