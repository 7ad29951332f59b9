"""`GET /api/stream?ticket=...&device=<id>[&device=...]`: Server-Sent Events servidos pelo processo ASGI.

Roda no uvicorn (`config.asgi`), nunca no gunicorn: um stream fica aberto por horas e prenderia um worker
gthread. A view é enxuta de propósito — nada de ORM: o ticket (ver `apps.live.tickets`) já traz usuário,
tenant e os dispositivos conferidos pela API REST.

Protocolo:
- `retry:` no início (espera sugerida ao navegador antes de reconectar);
- cada evento: `id:` = id da entrada no Redis Stream do tenant, `event:` = tipo, `data:` = JSON
  (`contracts.events`);
- retomada: cabeçalho `Last-Event-ID` (ou `last_event_id=` na URL, para quem abre um `EventSource` novo
  com outro ticket) entrega exatamente as entradas seguintes; se parte delas já foi aparada pela retenção
  (`MAXLEN ~`), manda `event: reset` (buscar `/api/data/latest`) e segue do ponto atual;
- heartbeat: comentário `: heartbeat` após `TS_SSE_HEARTBEAT_SECONDS` sem escrever. Quando só passaram
  entradas de outros dispositivos, o heartbeat leva um `id:` (sem `data`, não dispara evento no navegador,
  mas avança o Last-Event-ID), para que uma reconexão não pareça atrasada à toa;
- revogação: a cada heartbeat o stream confere as marcas de revogação do ticket (token apagado, usuário
  desativado, vínculo mudado — `apps.live.signals`) e fecha; fecha também quando o token que pediu o ticket
  vence;
- limites de streams simultâneos por usuário e por tenant (429), com concessões (leases) no Redis
  renovadas a cada heartbeat — um processo que morre não deixa vagas presas por mais que 3 intervalos.

Recursos: cada stream tem UMA conexão Redis própria (o XREAD BLOCK a ocupa), nomeada
`traksense-sse:<stream>`; o cliente fechou → o Django cancela o gerador → `finally` libera a concessão e
fecha a conexão.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import cast

import redis.asyncio as aioredis
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections, transaction
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from apps.live.tickets import TicketGrant, ticket_key
from contracts.events import ResetEvent
from ingest.live import FIELD_DATA, FIELD_DEVICE, FIELD_TYPE, stream_key

log = logging.getLogger(__name__)

# Resposta do XREAD sem decode_responses: [(stream, [(id, {campo: valor})])]. O redis-py anota as leituras
# de stream como `ResponseT` (Awaitable | Any), que não diz nada do formato.
XReadReply = list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]]

STREAM_ID_RE = re.compile(r"^\d{1,20}-\d{1,20}$")
LEASE_PREFIX = "traksense:sse:active:"
CONNECTION_PREFIX = "traksense-sse:"
READ_COUNT = 500

# Concessão atômica: limpa concessões vencidas e só concede se os dois limites permitirem.
_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 2 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
return 0
"""

# Renovação da concessão (a cada heartbeat), num único round-trip na conexão do próprio stream. Confere
# também as marcas de revogação (KEYS[3..]): 0 se alguma é posterior à emissão do ticket (ARGV[4]).
_RENEW = """
for i = 3, #KEYS do
  local at = redis.call('GET', KEYS[i])
  if at and tonumber(at) >= tonumber(ARGV[4]) then return 0 end
end
redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'XX', ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
"""
# Conexões do pool compartilhado (ticket e concessões): limitado, para que 1.000 streams fechando juntos não
# deixem 1.000 conexões ociosas no pool; quem passa do limite espera uma vaga.
SHARED_POOL_SIZE = 16

_shared: aioredis.Redis | None = None


def shared_redis() -> aioredis.Redis:
    """Cliente (pool) do processo para comandos curtos: GETDEL do ticket e concessões."""
    global _shared
    if _shared is None:
        pool = aioredis.BlockingConnectionPool.from_url(
            settings.REDIS_URL,
            max_connections=SHARED_POOL_SIZE,
            timeout=10,
            socket_timeout=5,
            socket_connect_timeout=5,
            client_name="traksense-sse-shared",
        )
        _shared = aioredis.Redis(connection_pool=pool)
    return _shared


def _error(status: int, detail: str, **extra: object) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


def _id_tuple(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


@dataclass
class StreamContext:
    stream_id: str
    grant: TicketGrant
    devices: frozenset[bytes]
    last_event_id: str | None
    user_key: str
    tenant_key: str


def lease_keys(grant: TicketGrant) -> tuple[str, str]:
    return f"{LEASE_PREFIX}user:{grant.user_id}", f"{LEASE_PREFIX}tenant:{grant.tenant_uuid}"


def _lease_stale_after() -> float:
    return 3 * float(settings.SSE_HEARTBEAT_SECONDS) + 5


@transaction.non_atomic_requests
async def stream_view(request: HttpRequest) -> HttpResponseBase:
    if not isinstance(request, ASGIRequest):
        # No gunicorn (WSGI) o stream prenderia um worker: é servido só pelo processo ASGI.
        return _error(404, "O stream é servido pelo processo ASGI (porta TS_STREAM_PORT), não por esta API.")
    if request.method != "GET":
        return _error(405, "Use GET.")
    ticket = request.GET.get("ticket", "")
    r = shared_redis()
    raw = await r.getdel(ticket_key(ticket)) if ticket else None
    if raw is None:
        return _error(401, "Ticket de stream ausente, expirado ou já usado: peça outro em POST /api/stream/ticket.")
    grant = TicketGrant.from_json(raw)
    if await _revoked(r, grant):
        return _error(401, "Credencial revogada depois da emissão do ticket: autentique-se de novo.")
    tenant = getattr(request, "tenant", None)
    on_tenant_host = tenant is not None and tenant.schema_name != settings.PUBLIC_SCHEMA_NAME
    if on_tenant_host and tenant is not None and str(tenant.tenant_id) != grant.tenant_uuid:
        return _error(404, "Ticket emitido para outro tenant.")
    wanted = request.GET.getlist("device") or grant.devices
    try:
        wanted = [str(uuid.UUID(d)) for d in wanted]
    except ValueError:
        return _error(400, "device deve ser um UUID.")
    outside = sorted(set(wanted) - set(grant.devices))
    if outside:
        return _error(404, f"Dispositivo não encontrado neste tenant: {', '.join(outside)}.")
    last_id = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id") or None
    if last_id is not None and not STREAM_ID_RE.match(last_id):
        return _error(400, "Last-Event-ID inválido (esperado o id de um evento anterior, ex.: 1733100000000-0).")

    ctx = StreamContext(
        stream_id=uuid.uuid4().hex,
        grant=grant,
        devices=frozenset(d.encode() for d in wanted),
        last_event_id=last_id,
        user_key="",
        tenant_key="",
    )
    ctx.user_key, ctx.tenant_key = lease_keys(grant)
    now = time.time()
    verdict = await r.eval(
        _ACQUIRE,
        2,
        ctx.user_key,
        ctx.tenant_key,
        now,
        now - _lease_stale_after(),
        ctx.stream_id,
        settings.SSE_MAX_STREAMS_PER_USER,
        settings.SSE_MAX_STREAMS_PER_TENANT,
        int(_lease_stale_after()) + 60,
    )
    if verdict != 0:
        scope, limit = (
            ("user", settings.SSE_MAX_STREAMS_PER_USER)
            if verdict == 1
            else ("tenant", settings.SSE_MAX_STREAMS_PER_TENANT)
        )
        who = "usuário" if scope == "user" else "tenant"
        resp = _error(
            429, f"Limite de streams simultâneos por {who} atingido ({limit}); feche outro stream.", limit=scope
        )
        resp["Retry-After"] = str(int(settings.SSE_HEARTBEAT_SECONDS))
        return resp

    # Sob ASGI, cada request tem a sua thread para o código síncrono (middlewares: tenant por host/X-Tenant),
    # e a conexão de banco aberta ali só seria fechada no fim da resposta — no fim do stream. 1.000 streams
    # seriam 1.000 conexões ociosas no PostgreSQL. O stream não usa o banco: fecha já, na mesma thread.
    await sync_to_async(connections.close_all, thread_sensitive=True)()
    response = StreamingHttpResponse(_events(ctx), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


async def _start_position(conn: aioredis.Redis, key: str, last_id: str | None) -> tuple[str, ResetEvent | None]:
    """De onde ler e, se a retomada não for possível sem lacuna, o `reset` a mandar antes."""
    try:
        info = await conn.xinfo_stream(key)
    except aioredis.ResponseError:
        # Stream ainda não existe: nada foi publicado (ou o Redis foi esvaziado).
        if last_id is not None and last_id != "0-0":
            return "0-0", ResetEvent(reason="unknown_position")
        return "0-0", None
    info = {_text(k): v for k, v in info.items()}
    newest = _text(info.get("last-generated-id") or "0-0")
    if last_id is None:
        return newest, None
    if _id_tuple(last_id) > _id_tuple(newest):
        return newest, ResetEvent(reason="unknown_position")
    # A retenção (MAXLEN ~) apara do início e não atualiza `max-deleted-entry-id` (só o XDEL o faz): a
    # retomada é exata se last_id não é anterior à entrada mais antiga que sobrou. Antes dela, houve
    # entradas aparadas (entries-added > length) ou a posição é de outra encarnação do stream.
    first = info.get("first-entry")
    oldest = _text(first[0]) if first else None
    trimmed = int(info.get("entries-added") or 0) > int(info.get("length") or 0)
    if oldest is None:
        if _id_tuple(last_id) < _id_tuple(newest):
            return newest, ResetEvent(reason="behind_retention")
    elif _id_tuple(last_id) < _id_tuple(oldest):
        return newest, ResetEvent(reason="behind_retention" if trimmed else "unknown_position")
    return last_id, None


async def _events(ctx: StreamContext) -> AsyncIterator[bytes]:
    heartbeat = float(settings.SSE_HEARTBEAT_SECONDS)
    key = stream_key(ctx.grant.tenant_uuid)
    conn = aioredis.Redis.from_url(
        settings.REDIS_URL,
        single_connection_client=True,
        client_name=f"{CONNECTION_PREFIX}{ctx.stream_id}",
        socket_connect_timeout=5,
        # O XREAD bloqueia até o próximo heartbeat: a leitura precisa tolerar isso (o padrão do redis-py é curto).
        socket_timeout=heartbeat + 10,
    )
    try:
        position, reset = await _start_position(conn, key, ctx.last_event_id)
        head = f"retry: {settings.SSE_RETRY_MS}\n\n"
        if reset is not None:
            head += f"id: {position}\nevent: reset\ndata: {reset.model_dump_json(by_alias=True)}\n\n"
        yield head.encode()
        sent_id = position if reset is not None else ctx.last_event_id
        last_write = last_lease = time.monotonic()
        ends_at = last_write + float(settings.SSE_MAX_SECONDS)
        if ctx.grant.token_expires_at is not None:
            # O token que pediu o ticket vence antes do prazo máximo: o stream acaba junto.
            ends_at = min(ends_at, last_write + max(0.0, ctx.grant.token_expires_at - time.time()))
        while True:
            now = time.monotonic()
            block_ms = max(1, int((last_write + heartbeat - now) * 1000))
            got = cast(XReadReply | None, await conn.xread({key: position}, count=READ_COUNT, block=block_ms))
            out: list[bytes] = []
            for _stream, entries in got or ():
                for entry_id, fields in entries:
                    position = _text(entry_id)
                    if fields.get(FIELD_DEVICE.encode()) in ctx.devices:
                        kind = _text(fields.get(FIELD_TYPE.encode(), b"message"))
                        data = fields.get(FIELD_DATA.encode(), b"{}")
                        out.append(b"id: %s\nevent: %s\ndata: %s\n\n" % (position.encode(), kind.encode(), data))
                        sent_id = position
            now = time.monotonic()
            if out:
                yield b"".join(out)
                last_write = now
            elif now - last_write >= heartbeat:
                beat = ": heartbeat\n"
                if position != sent_id and position != "0-0":
                    beat += f"id: {position}\n"
                    sent_id = position
                yield (beat + "\n").encode()
                last_write = now
            if now - last_lease >= heartbeat:
                if not await _renew(conn, ctx):
                    yield b": credencial revogada; autentique-se de novo\n\n"
                    return
                last_lease = now
            if now >= ends_at:
                # Reautenticação periódica: o cliente pede outro ticket e retoma pelo Last-Event-ID.
                yield b": fim do prazo do stream; reconecte com um ticket novo\n\n"
                return
    finally:
        await asyncio.shield(_release(conn, ctx))


async def _revoked(r: aioredis.Redis, grant: TicketGrant) -> bool:
    """Alguma marca de revogação posterior à emissão do ticket (token apagado, usuário desativado...)."""
    marks = await r.mget(grant.revocation_keys())
    return any(m is not None and float(m) >= grant.issued_at for m in marks)


async def _renew(conn: aioredis.Redis, ctx: StreamContext) -> bool:
    """Renova a concessão; False se a credencial do ticket foi revogada (o stream deve fechar)."""
    # Na conexão do próprio stream (um pipeline tiraria outra conexão do pool dela).
    keys = ctx.grant.revocation_keys()
    ok = await conn.eval(
        _RENEW,
        2 + len(keys),
        ctx.user_key,
        ctx.tenant_key,
        *keys,
        time.time(),
        ctx.stream_id,
        int(_lease_stale_after()) + 60,
        ctx.grant.issued_at,
    )
    return bool(ok)


async def _release(conn: aioredis.Redis, ctx: StreamContext) -> None:
    try:
        r = shared_redis()
        await r.zrem(ctx.user_key, ctx.stream_id)
        await r.zrem(ctx.tenant_key, ctx.stream_id)
    except Exception:
        log.warning("concessão do stream %s não liberada (vence sozinha)", ctx.stream_id, exc_info=True)
    finally:
        with contextlib.suppress(Exception):
            await conn.aclose()
