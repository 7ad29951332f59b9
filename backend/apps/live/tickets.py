"""Tickets de stream: credencial curta e de uso único para abrir o SSE a partir de um `EventSource`.

O navegador não consegue mandar `Authorization` num `EventSource`. O frontend troca o token Bearer (REST,
mesma autenticação e RBAC da API) por um ticket que vale `TS_SSE_TICKET_TTL_SECONDS` e é consumido com
`GETDEL` na abertura do stream. O ticket já carrega o que o stream precisa (usuário, tenant, dispositivos
conferidos no tenant), então a view ASGI não toca no ORM.

No Redis fica só o SHA-256 do ticket (a chave) — quem lê o Redis não ganha um ticket utilizável.

Revogação: o stream dura até `TS_SSE_MAX_SECONDS`, muito além do ticket. Revogar o token que pediu o ticket,
desativar o usuário ou mudar/tirar um vínculo dele com um tenant grava uma marca com o instante no Redis
(`mark_revoked`, pelos sinais de `apps.live.apps`); o stream confere as marcas a cada heartbeat e fecha se
o ticket é anterior a elas. O token que vence também fecha o stream (o ticket leva o vencimento).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from dataclasses import asdict, dataclass

import redis
from django.conf import settings

TICKET_PREFIX = "traksense:sse:ticket:"
REVOKED_PREFIX = "traksense:sse:revoked:"


@dataclass(frozen=True)
class TicketGrant:
    """O que um ticket autoriza: um usuário, com um papel, a ouvir estes dispositivos de um tenant."""

    user_id: int
    username: str
    role: str
    tenant_uuid: str
    tenant_slug: str
    devices: list[str]
    # Token Bearer que pediu o ticket e seu vencimento (epoch); None numa sessão sem token (admin).
    token_id: int | None = None
    token_expires_at: float | None = None
    issued_at: float = 0.0

    def revocation_keys(self) -> list[str]:
        """Marcas que, se existirem no Redis, encerram o stream deste ticket."""
        keys = [revoked_key("user", self.user_id)]
        if self.token_id is not None:
            keys.append(revoked_key("token", self.token_id))
        return keys

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: bytes | str) -> TicketGrant:
        return cls(**json.loads(raw))


def ticket_key(ticket: str) -> str:
    return TICKET_PREFIX + hashlib.sha256(ticket.encode()).hexdigest()


def revoked_key(kind: str, ident: int) -> str:
    return f"{REVOKED_PREFIX}{kind}:{ident}"


_client: redis.Redis | None = None


def sync_redis() -> redis.Redis:
    """Cliente Redis síncrono do processo (API/workers), com timeouts curtos."""
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    return _client


def mark_revoked(kind: str, ident: int) -> None:
    """Marca um token (`kind="token"`) ou usuário (`"user"`) como revogado AGORA para os streams abertos.

    O valor é o instante da revogação: fecham os streams cujo ticket foi emitido antes dele; tickets
    emitidos depois passaram de novo pela autenticação e autorização da API (um usuário que perdeu o vínculo
    com um tenant continua podendo ouvir os outros). A marca vive o prazo máximo de um stream (+ folga)."""
    ttl = int(settings.SSE_MAX_SECONDS) + int(settings.SSE_TICKET_TTL_SECONDS) + 60
    sync_redis().set(revoked_key(kind, ident), repr(time.time()), ex=ttl)


def issue_ticket(
    *,
    user_id: int,
    username: str,
    role: str,
    tenant_uuid: uuid.UUID,
    tenant_slug: str,
    devices: list[uuid.UUID],
    token_id: int | None = None,
    token_expires_at: float | None = None,
) -> str:
    """Grava um ticket novo (TTL) e devolve o valor secreto que vai na URL do stream."""
    ticket = secrets.token_urlsafe(32)
    grant = TicketGrant(
        user_id=user_id,
        username=username,
        role=role,
        tenant_uuid=str(tenant_uuid),
        tenant_slug=tenant_slug,
        devices=[str(d) for d in devices],
        token_id=token_id,
        token_expires_at=token_expires_at,
        issued_at=time.time(),
    )
    sync_redis().set(ticket_key(ticket), grant.to_json(), ex=settings.SSE_TICKET_TTL_SECONDS)
    return ticket
