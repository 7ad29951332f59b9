"""Freio de tentativas de login (issue 11): por nome de usuário e por IP do cliente, no cache Redis.

Só tentativas que FALHAM contam (o `TokenView` chama `record_failure`): quem erra a senha N vezes na
janela recebe 429 com `Retry-After` até a janela passar — inclusive com a senha certa, senão o freio não
serviria contra adivinhação. Logins certos não consomem a cota (vários clientes do mesmo usuário não se
bloqueiam). O hash da senha custa CPU; o freio também limita esse custo por origem.
"""

from __future__ import annotations

import hashlib
from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView


class FailedLoginThrottle(SimpleRateThrottle):
    """Janela deslizante de falhas; `allow_request` só consulta, `record_failure` registra."""

    # Definidos pelo __init__ do SimpleRateThrottle (parse_rate); o djangorestframework-stubs não os declara.
    num_requests: int | None
    duration: int | None

    def get_rate(self) -> str | None:
        # Lido a cada uso (não no import da classe): muda com o settings sem reiniciar o processo.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:  # pragma: no cover - abstrato
        raise NotImplementedError

    def allow_request(self, request: Request, view: APIView) -> bool:
        duration, limit = self.duration, self.num_requests
        if self.rate is None or duration is None or limit is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - duration:
            self.history.pop()
        return len(self.history) < limit

    def record_failure(self, request: Request, view: APIView) -> None:
        duration = self.duration
        if self.rate is None or duration is None:
            return
        key = self.get_cache_key(request, view)
        if key is None:
            return
        now = self.timer()
        history = [t for t in self.cache.get(key, []) if t > now - duration]
        history.insert(0, now)
        self.cache.set(key, history, duration)


def login_username(request: Request) -> str | None:
    data: Any = request.data
    username = data.get("username") if hasattr(data, "get") else None
    if not isinstance(username, str) or not username.strip():
        return None
    return username.strip().lower()


class LoginUsernameThrottle(FailedLoginThrottle):
    """Falhas por nome de usuário (qualquer origem): freia adivinhação distribuída contra uma conta."""

    scope = "login_username"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        username = login_username(request)
        if username is None:
            return None
        # Hash do nome: a chave do cache não carrega texto do cliente (tamanho/charset arbitrários).
        ident = hashlib.sha256(username.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginIpThrottle(FailedLoginThrottle):
    """Falhas por IP do cliente (qualquer usuário): freia uma origem varrendo contas."""

    scope = "login_ip"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
