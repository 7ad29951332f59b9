"""Autenticação da API por token Bearer (para o frontend SPA) com validade; sessão só no admin.

Obtenção: `POST /api/auth/token/` com {"username", "password", "name"?} → {"token", "expires_at", ...}.
Uso: cabeçalho `Authorization: Bearer <token>`. `DELETE /api/auth/token/` revoga o token em uso (logout);
`/api/auth/tokens/` lista e revoga os tokens do usuário (ver apps.core.auth_views).
Este módulo não importa views do DRF (o DRF o importa ao carregar as settings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

if TYPE_CHECKING:  # o modelo só é importado em uso: o DRF carrega este módulo cedo
    from apps.core.models import ApiToken

KEYWORD = "Bearer"


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` contra `ApiToken` (hash SHA-256), com expiração."""

    keyword = KEYWORD

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Cabeçalho Authorization inválido: use `Bearer <token>`.")
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("Token inválido.") from None
        # Tenant já resolvido pelo middleware: o papel nele vem na mesma consulta do token (apps.core.api).
        tenant = getattr(request._request, "tenant", None)
        return self.authenticate_credentials(raw, tenant_pk=getattr(tenant, "pk", None))

    def authenticate_credentials(self, raw: str, *, tenant_pk: int | None = None) -> tuple[Any, ApiToken]:
        from apps.core.tokens import TokenExpired, find_token

        try:
            token = find_token(raw, tenant_pk=tenant_pk)
        except TokenExpired:
            raise AuthenticationFailed("Token expirado: obtenha outro em /api/auth/token/.") from None
        if token is None:
            raise AuthenticationFailed("Token inválido.")
        if not token.user.is_active:
            raise AuthenticationFailed("Usuário inativo.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
