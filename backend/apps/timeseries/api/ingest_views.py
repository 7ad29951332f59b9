"""`POST /ingest`: entrada HTTP de telemetria para a regra do EMQX (protótipo 003), com segredo próprio.

Corpo (o que a ação HTTP do EMQX envia com `${.}`): `{"topic": "...", "payload": <objeto ou texto JSON>,
"clientid": "..."}`; cabeçalhos `Authorization: Bearer <TS_HTTP_INGEST_TOKEN>` e, opcional, `x-tenant`.
Respostas: 202 com o que foi aceito; 422 quando nada foi aceito (a mensagem fica em `ingest_errors` com o
motivo); 400 corpo fora do formato; 401 segredo ausente/errado; 503 caminho desligado (sem segredo).
"""

from __future__ import annotations

import hmac
from typing import Any

import orjson
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import APIException, AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.timeseries.http_ingest import ingest_message
from contracts.api import HttpIngestResponse


class IngestDisabled(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Caminho HTTP de ingestão desligado: defina TS_HTTP_INGEST_TOKEN."


class IngestTokenAuthentication(BaseAuthentication):
    """Segredo compartilhado com a regra do EMQX (comparação em tempo constante). Não há usuário: quem
    chama é o broker. Declara o esquema Bearer para que a recusa seja 401 (com WWW-Authenticate)."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, None]:
        expected = settings.TS_HTTP_INGEST_TOKEN
        if not expected:
            raise IngestDisabled()
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given.encode(), expected.encode()):
            raise AuthenticationFailed("Segredo de ingestão ausente ou inválido.")
        return AnonymousUser(), None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="ingest"'


class HttpIngestSerializer(serializers.Serializer[Any]):
    topic = serializers.CharField(max_length=512)
    payload = serializers.JSONField()
    clientid = serializers.CharField(required=False, allow_blank=True)


class HttpIngestView(APIView):
    authentication_classes = [IngestTokenAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(
        request=HttpIngestSerializer,
        responses={
            202: HttpIngestResponse,
            422: OpenApiResponse(HttpIngestResponse, description="Nada aceito; a mensagem foi guardada."),
            503: OpenApiResponse(description="Caminho desligado (sem TS_HTTP_INGEST_TOKEN)."),
        },
    )
    def post(self, request: Request) -> Response:
        body = HttpIngestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        payload = body.validated_data["payload"]
        # O EMQX manda o payload MQTT como texto; clientes podem mandar o objeto já decodificado.
        raw = payload.encode() if isinstance(payload, str) else orjson.dumps(payload)
        result = ingest_message(
            topic=body.validated_data["topic"], payload=raw, tenant_header=request.headers.get("x-tenant")
        )
        data = {
            "accepted": result.accepted,
            "dead_letters": [{"reason": d.reason, "detail": d.detail} for d in result.dead],
        }
        return Response(data, status=status.HTTP_202_ACCEPTED if result.accepted else 422)
