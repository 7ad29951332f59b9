"""Tickets de stream: credencial curta e de uso único para abrir o SSE a partir de um `EventSource`.

O navegador não consegue mandar `Authorization` num `EventSource`. O frontend troca o token Bearer (REST,
mesma autenticação e RBAC da API) por um ticket que vale `TS_SSE_TICKET_TTL_SECONDS` e é consumido com
`GETDEL` na abertura do stream. O ticket já carrega o que o stream precisa (usuário, tenant, dispositivos
conferidos no tenant), então a view ASGI não toca no ORM.

No Redis fica só o SHA-256 do ticket (a chave) — quem lê o Redis não ganha um ticket utilizável.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import asdict, dataclass

import redis
from django.conf import settings

TICKET_PREFIX = "traksense:sse:ticket:"


@dataclass(frozen=True)
class TicketGrant:
    """O que um ticket autoriza: um usuário, com um papel, a ouvir estes dispositivos de um tenant."""

    user_id: int
    username: str
    role: str
    tenant_uuid: str
    tenant_slug: str
    devices: list[str]

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: bytes | str) -> TicketGrant:
        return cls(**json.loads(raw))


def ticket_key(ticket: str) -> str:
    return TICKET_PREFIX + hashlib.sha256(ticket.encode()).hexdigest()


_client: redis.Redis | None = None


def sync_redis() -> redis.Redis:
    """Cliente Redis síncrono do processo (API/workers), com timeouts curtos."""
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    return _client


def issue_ticket(
    *, user_id: int, username: str, role: str, tenant_uuid: uuid.UUID, tenant_slug: str, devices: list[uuid.UUID]
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
    )
    sync_redis().set(ticket_key(ticket), grant.to_json(), ex=settings.SSE_TICKET_TTL_SECONDS)
    return ticket
