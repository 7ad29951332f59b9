"""Emissão, verificação e revogação dos tokens Bearer (`ApiToken`); toda mudança passa por aqui.

O token tem 256 bits de entropia (`secrets.token_urlsafe(32)`), então um SHA-256 simples basta como
armazenamento: não há senha fraca a proteger de força bruta, só a tabela a tornar inútil para quem a lê.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
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
    token = _select_token(token_digest(raw), tenant_pk)
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


def _select_token(digest: str, tenant_pk: int | None) -> ApiToken | None:
    """Token + usuário (+ papel no tenant) numa consulta SQL montada uma vez por processo.

    Equivale a `ApiToken.objects.select_related("user").filter(digest=...)` com o papel anotado por subconsulta,
    mas sem compilar o queryset a cada requisição: no perfil do caminho fixo (benchmarks/request_profile.py) a
    montagem do ORM custava mais CPU que a ida ao banco. Os objetos saem por `Model.from_db`, como o ORM faria.
    """
    from apps.tenancy.models import TenantMembership, User

    sql, token_fields, user_fields = _token_sql()
    role_sql = (
        f"(SELECT m.role FROM {TenantMembership._meta.db_table} m WHERE m.user_id = t.user_id AND m.tenant_id = %s "
        "LIMIT 1)"
        if tenant_pk is not None
        else "NULL"
    )
    params: list[Any] = [digest] if tenant_pk is None else [tenant_pk, digest]
    with connection.cursor() as cursor:
        cursor.execute(sql.format(role=role_sql), params)
        row = cursor.fetchone()
    if row is None:
        return None
    n = len(token_fields)
    token = ApiToken.from_db(connection.alias, token_fields, row[:n])
    token.user = User.from_db(connection.alias, user_fields, row[n : n + len(user_fields)])
    if tenant_pk is not None:
        token.membership_role = row[-1]
        token.membership_tenant_pk = tenant_pk
    return token


@functools.cache
def _token_sql() -> tuple[str, list[str], list[str]]:
    """SQL do token (colunas tiradas dos modelos) e os nomes de atributo na ordem das colunas."""
    from apps.tenancy.models import User

    token_fields = list(ApiToken._meta.concrete_fields)
    user_fields = list(User._meta.concrete_fields)
    columns = [f"t.{f.column}" for f in token_fields] + [f"u.{f.column}" for f in user_fields]
    sql = (
        f"SELECT {', '.join(columns)}, {{role}} FROM {ApiToken._meta.db_table} t "
        f"JOIN {User._meta.db_table} u ON u.{User._meta.pk.column} = t.{ApiToken._meta.get_field('user').column} "
        "WHERE t.digest = %s ORDER BY t.id LIMIT 1"
    )
    return sql, [f.attname for f in token_fields], [f.attname for f in user_fields]


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
