"""Autenticação da API por token Bearer (para o frontend SPA) com validade; sessão só no admin.

Obtenção: `POST /api/auth/token/` com {"username", "password"} → {"token", "expires_at"}.
Uso: cabeçalho `Authorization: Bearer <token>`. `DELETE /api/auth/token/` revoga (logout).
Este módulo não importa views do DRF (o DRF o importa ao carregar as settings).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_expires_at(token: Token) -> datetime:
    return token.created + timedelta(seconds=settings.API_TOKEN_TTL_SECONDS)


class BearerTokenAuthentication(TokenAuthentication):
    """Token do DRF com a palavra-chave `Bearer` e expiração (API_TOKEN_TTL_SECONDS)."""

    keyword = "Bearer"

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expires_at(token) <= timezone.now():
            token.delete()
            raise AuthenticationFailed("Token expirado: obtenha outro em /api/auth/token/.")
        return user, token
