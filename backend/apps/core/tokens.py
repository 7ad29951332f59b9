"""Emissão, verificação e revogação dos tokens Bearer (`ApiToken`); toda mudança passa por aqui.

O token tem 256 bits de entropia (`secrets.token_urlsafe(32)`), então um SHA-256 simples basta como
armazenamento: não há senha fraca a proteger de força bruta, só a tabela a tornar inútil para quem a lê.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from apps.core.models import ApiToken

TOKEN_PREFIX = "tsk_"  # noqa: S105 — marca o formato (como ghp_), não é segredo
# Gravar `last_used_at` a cada request seria uma escrita por leitura; basta a resolução de um minuto.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """O token em claro (mostrado uma única vez) e o registro gravado."""

    raw: str
    token: ApiToken


def issue_token(user: Any, *, name: str) -> IssuedToken:
    """Emite um token novo para `user`; os outros tokens dele continuam valendo (um por cliente)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    # Aproveita a emissão para apagar os vencidos deste usuário (a tabela não cresce sem limite).
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[:12],
        digest=token_digest(raw),
        expires_at=now + timedelta(seconds=settings.API_TOKEN_TTL_SECONDS),
        # A emissão conta como uso: o primeiro request do cliente não paga uma escrita a mais.
        last_used_at=now,
    )
    return IssuedToken(raw=raw, token=token)


class TokenExpired(Exception):
    """O segredo confere, mas o token venceu (API_TOKEN_TTL_SECONDS)."""


def find_token(raw: str, *, tenant_pk: int | None = None) -> ApiToken | None:
    """Token deste segredo (ou None); vencido levanta `TokenExpired`. Atualiza `last_used_at`.

    Com `tenant_pk`, a MESMA consulta (token → usuário → vínculo) traz o papel do usuário nesse tenant em
    `token.membership_role` (None sem vínculo) e marca `token.membership_tenant_pk` (issue 16: uma ida ao banco a
    menos por requisição). Nada disso é guardado entre requisições: revogar o token, vencê-lo ou remover o vínculo
    vale já na requisição seguinte.
    """
    queryset = ApiToken.objects.select_related("user").filter(digest=token_digest(raw))
    token: ApiToken | None
    if tenant_pk is not None:
        from apps.tenancy.models import TenantMembership

        role = TenantMembership.objects.filter(user_id=OuterRef("user_id"), tenant=tenant_pk).values("role")[:1]
        annotated = queryset.annotate(role_in_tenant=Subquery(role)).first()
        if annotated is not None:
            annotated.membership_role = annotated.role_in_tenant
            annotated.membership_tenant_pk = tenant_pk
        token = annotated
    else:
        token = queryset.first()
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        # Não apaga aqui: a request falha e a transação dela é desfeita; a limpeza é na próxima emissão.
        raise TokenExpired(token.prefix)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke_token(user: Any, token_id: int) -> bool:
    """Revoga um token do próprio usuário; False se não existe (ou é de outro usuário)."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def revoke_all_tokens(user: Any) -> int:
    """Revoga todos os tokens do usuário (ex.: "sair de todos os dispositivos"); devolve quantos."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def purge_expired_tokens() -> int:
    """Apaga os tokens vencidos de todos os usuários (tarefa periódica do worker); devolve quantos."""
    deleted, _ = ApiToken.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
