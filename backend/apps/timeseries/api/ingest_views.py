"""`POST /ingest`: entrada HTTP de telemetria para a regra do EMQX (protótipo 003), com segredo próprio.

Corpo (o que a ação HTTP do EMQX envia com `${.}`): `{"topic": "...", "payload": <objeto ou texto JSON>,
"clientid": "..."}`; cabeçalhos `Authorization: Bearer <TS_HTTP_INGEST_TOKEN>` e, opcional, `x-tenant`.
Respostas: 202 com o que foi aceito; 422 quando nada foi aceito (a mensagem fica em `ingest_errors` com o
motivo); 413 corpo acima do limite (dead letter `oversize` com o início do corpo e o tamanho); 400 corpo
fora do formato; 401 segredo ausente/errado; 503 caminho desligado (sem segredo).

O corpo é lido aqui em blocos e nunca além do limite (`http_ingest.MAX_BODY_BYTES` + um bloco): o
`request.data`/`request.body` do Django recusaria corpos acima de DATA_UPLOAD_MAX_MEMORY_SIZE com um 400
sem dead letter (issue 10 item 4).
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
from rest_framework.exceptions import APIException, AuthenticationFailed, ParseError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.timeseries.http_ingest import MAX_BODY_BYTES, HttpIngestResult, ingest_message, oversize_body
from contracts.api import HttpIngestResponse

_CHUNK = 64 * 1024


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
            413: OpenApiResponse(
                HttpIngestResponse, description="Corpo grande demais: guardado (truncado) como dead letter `oversize`."
            ),
            422: OpenApiResponse(HttpIngestResponse, description="Nada aceito; a mensagem foi guardada."),
            503: OpenApiResponse(description="Caminho desligado (sem TS_HTTP_INGEST_TOKEN)."),
        },
    )
    def post(self, request: Request) -> Response:
        tenant_header = request.headers.get("x-tenant")
        head, size = _read_bounded(request)
        if size > MAX_BODY_BYTES:
            result = oversize_body(head=head, size=size, tenant_header=tenant_header)
            return _reply(result, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        try:
            doc = orjson.loads(head)
        except orjson.JSONDecodeError:
            raise ParseError("Corpo não é JSON válido.") from None
        body = HttpIngestSerializer(data=doc)
        body.is_valid(raise_exception=True)
        payload = body.validated_data["payload"]
        # O EMQX manda o payload MQTT como texto; clientes podem mandar o objeto já decodificado.
        raw = payload.encode() if isinstance(payload, str) else orjson.dumps(payload)
        result = ingest_message(topic=body.validated_data["topic"], payload=raw, tenant_header=tenant_header)
        return _reply(result, status.HTTP_202_ACCEPTED if result.accepted else 422)


def _reply(result: HttpIngestResult, code: int) -> Response:
    data = {
        "accepted": result.accepted,
        "dead_letters": [{"reason": d.reason, "detail": d.detail} for d in result.dead],
    }
    return Response(data, status=code)


def _read_bounded(request: Request) -> tuple[bytes, int]:
    """Lê o corpo em blocos guardando no máximo MAX_BODY_BYTES + 1 bytes; devolve (início, tamanho).

    O resto de um corpo grande é lido e descartado só para medir (memória constante); o tamanho é o
    maior entre o lido e o Content-Length declarado.
    """
    stream = request.stream
    head = bytearray()
    total = 0
    while stream is not None:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        room = MAX_BODY_BYTES + 1 - len(head)
        if room > 0:
            head += chunk[:room]
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    return bytes(head), max(total, declared)
