"""Emissão e revogação dos tokens Bearer (ver apps.core.authentication e apps.core.tokens).

- `POST /api/auth/token/` {username, password, name?} → 201 {token, expires_at, id, name}: um token NOVO por
  cliente; os outros tokens do usuário continuam valendo. O segredo aparece só nesta resposta.
- `DELETE /api/auth/token/` → revoga o token usado na própria request (logout deste cliente).
- `GET /api/auth/tokens/` → meus tokens (sem segredo); `DELETE /api/auth/tokens/` → revoga todos;
  `DELETE /api/auth/tokens/<id>/` → revoga um.
Login com freio de falhas por usuário e por IP (apps.core.throttling): 429 com `Retry-After`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, NotFound, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.authentication import BearerTokenAuthentication
from apps.core.models import ApiToken
from apps.core.throttling import FailedLoginThrottle, LoginIpThrottle, LoginUsernameThrottle, login_username
from apps.core.tokens import issue_token, revoke_all_tokens, revoke_token
from apps.tenancy.models import User
from contracts.api import TokenResponse

log = logging.getLogger("apps.core.auth")


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, max_length=4096, style={"input_type": "password"})
    name = serializers.CharField(
        max_length=100, required=False, help_text="Nome deste cliente (ex.: 'laptop'); padrão: User-Agent."
    )


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    """Um token sem o segredo (nem o hash): o que o usuário precisa para reconhecer e revogar."""

    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at", "current"]

    def get_current(self, obj: ApiToken) -> bool:
        auth = getattr(self.context.get("request"), "auth", None)
        return isinstance(auth, ApiToken) and auth.pk == obj.pk


def _client_name(request: Request, given: str | None) -> str:
    if given and given.strip():
        return given.strip()
    agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return agent[:100] or "api"


def _ip(request: Request) -> str:
    """IP do cliente como o freio o vê (respeita TS_NUM_PROXIES)."""
    return str(LoginIpThrottle().get_ident(request))


class TokenView(APIView):
    """Emite (POST) um token e revoga (DELETE) o token em uso."""

    authentication_classes = [BearerTokenAuthentication]
    login_throttles: tuple[type[FailedLoginThrottle], ...] = (LoginUsernameThrottle, LoginIpThrottle)

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def _check_login_throttles(self, request: Request) -> list[FailedLoginThrottle]:
        throttles = [cls() for cls in self.login_throttles]
        waits = [t.wait() for t in throttles if not t.allow_request(request, self)]
        if waits:
            known = [w for w in waits if w is not None]
            log.warning(
                "login bloqueado pelo freio: usuário=%r ip=%s",
                login_username(request),
                throttles[-1].get_ident(request),
            )
            raise Throttled(wait=max(known) if known else None)
        return throttles

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenResponse})
    def post(self, request: Request) -> Response:
        throttles = self._check_login_throttles(request)
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = authenticate(request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            for throttle in throttles:
                throttle.record_failure(request, self)
            # Nunca a senha no log: só quem tentou e de onde.
            log.warning("login falhou: usuário=%r ip=%s", data["username"], _ip(request))
            raise AuthenticationFailed("Usuário ou senha inválidos.")
        issued = issue_token(user, name=_client_name(request, data.get("name")))
        return Response(
            {
                "token": issued.raw,
                "expires_at": issued.token.expires_at,
                "id": issued.token.pk,
                "name": issued.token.name,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            revoke_token(request.user, request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(APIView):
    """`GET` lista os tokens do usuário; `DELETE` revoga todos (sair de todos os clientes)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ApiTokenSerializer(many=True)})
    def get(self, request: Request) -> Response:
        user = request.user
        if not isinstance(user, User):  # IsAuthenticated já recusou o anônimo; isto só estreita o tipo
            raise NotAuthenticated()
        tokens = ApiToken.objects.filter(user=user).order_by("-created_at")
        return Response(ApiTokenSerializer(tokens, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="auth_tokens_revoke_all",
        responses={200: inline_serializer("TokensRevoked", {"revoked": serializers.IntegerField()})},
    )
    def delete(self, request: Request) -> Response:
        return Response({"revoked": revoke_all_tokens(request.user)})


class TokenDetailView(APIView):
    """`DELETE /api/auth/tokens/<id>/`: revoga um token do próprio usuário (de outro usuário: 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="auth_tokens_revoke", responses={204: None})
    def delete(self, request: Request, token_id: int) -> Response:
        if not revoke_token(request.user, token_id):
            raise NotFound("Token não encontrado.")
        return Response(status=status.HTTP_204_NO_CONTENT)
