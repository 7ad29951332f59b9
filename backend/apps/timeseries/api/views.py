"""Endpoints de dados (séries e últimos valores). Views finas: valida → serviço → resposta.

O tenant é resolvido e fixado na transação pelo TenantScopedMixin; qualquer papel do tenant pode ler.
"""

from __future__ import annotations

from typing import Any

import orjson
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import TenantScopedMixin
from apps.timeseries import services
from apps.timeseries.api.serializers import LatestQuerySerializer, PointsQuerySerializer
from apps.timeseries.services import (
    MAX_BUCKETS_PER_POINT,
    MAX_POINTS_PER_CALL,
    RAW_MAX_RANGE_HOURS,
    RAW_MAX_ROWS_PER_POINT,
    STATE_MAX_CHANGES_PER_POINT,
    STATE_MAX_RANGE,
)
from contracts.api import LatestResponse, SeriesResponse


class ORJSONRenderer(JSONRenderer):
    """JSON via orjson: séries têm milhares de itens e o json da stdlib dominaria o tempo de resposta."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if data is None:
            return b""
        # UTC com sufixo Z (RFC 3339), como no resto da API; chaves não-str (ex.: índice de um erro de
        # ListField) não podem derrubar a resposta com 500.
        return orjson.dumps(data, option=orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS)


POINTS_DESCRIPTION = f"""
Séries de um dispositivo, vários pontos por chamada.

**Agregação (`agg`)**: `raw` (amostras de `ts_measure`), `1m`, `5m`, `15m` e `1h` (rollups de mesma largura),
`1d` (rollup diário em UTC; em outro fuso, do 1h em dias do fuso `tz`). Cada bucket traz `avg` (média ponderada
por contagem), `min`, `max`, `count` e `last`. Fusos com deslocamento que não é hora cheia no intervalo (ex.:
Asia/Kolkata, +05:30) têm `1h`/`1d` derivados do rollup de 1m, para que cada bucket seja exato no fuso.

**Intervalo**: `from` inclusivo, `to` exclusivo, ISO-8601 **com fuso** obrigatório. Em séries agregadas o
intervalo é expandido para buckets inteiros (`buckets_from`/`buckets_to` na resposta). Timestamps da resposta
vêm no fuso `tz`.

**Pontos de estado** (`bool`, `enum`, `text`) são servidos como mudanças de estado `(ts, value)`,
independentemente de `agg`; o primeiro item é o estado vigente em `from` (pode ter `ts` anterior a `from`).

**Dados recentes**: os rollups são materializados pelo job de refresh; os últimos minutos
(`TS_DATA_RAW_TAIL_SECONDS`, padrão 300 s) são agregados do bruto na hora, então a série chega até agora.

**Limites** (400 se excedidos): até {MAX_POINTS_PER_CALL} pontos por chamada; `raw` até {RAW_MAX_RANGE_HOURS} h de
intervalo e {RAW_MAX_ROWS_PER_POINT} amostras por ponto; séries agregadas até {MAX_BUCKETS_PER_POINT} buckets
por ponto (ex.: `1m` ≈ 13 dias, `1h` ≈ 2 anos); pontos de estado até {STATE_MAX_RANGE.days} dias e
{STATE_MAX_CHANGES_PER_POINT} mudanças por ponto.

**Erros**: 400 para parâmetro ausente/desconhecido, data inválida ou sem fuso, `from >= to`, `agg` ou `tz`
desconhecidos, nome de ponto inexistente no dispositivo; 404 para `device` ou `point` (UUID) que não
pertencem ao tenant.
"""


class PointsView(TenantScopedMixin, APIView):
    """GET /api/data/points — séries agregadas, brutas ou de estado."""

    # Leitura para qualquer papel do tenant: o TenantScopedMixin já recusa (403) quem não tem papel nele.
    permission_classes = [IsAuthenticated]
    renderer_classes = [ORJSONRenderer]

    @extend_schema(
        operation_id="data_points",
        description=POINTS_DESCRIPTION,
        parameters=[
            OpenApiParameter("device", OpenApiTypes.UUID, required=True, description="device_id."),
            OpenApiParameter(
                "point",
                OpenApiTypes.STR,
                required=True,
                many=True,
                description=f"point_id (UUID) ou nome; repetido ou separado por vírgulas; máx. {MAX_POINTS_PER_CALL}.",
            ),
            OpenApiParameter("from", OpenApiTypes.DATETIME, required=True, description="Início inclusivo, com fuso."),
            OpenApiParameter("to", OpenApiTypes.DATETIME, required=True, description="Fim exclusivo, com fuso."),
            OpenApiParameter(
                "agg",
                OpenApiTypes.STR,
                required=True,
                enum=["raw", "1m", "5m", "15m", "1h", "1d"],
                description=f"Resolução; `raw` limitado a {RAW_MAX_RANGE_HOURS} h.",
            ),
            OpenApiParameter("tz", OpenApiTypes.STR, description="Fuso IANA dos buckets 1h/1d e da resposta (UTC)."),
        ],
        responses={
            200: SeriesResponse,
            400: OpenApiResponse(description="Parâmetros inválidos ou limites excedidos (mensagem por campo)."),
            404: OpenApiResponse(description="Dispositivo ou ponto inexistente neste tenant."),
        },
    )
    def get(self, request: Request) -> Response:
        params = PointsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        q = params.validated_data
        device, points = services.resolve_device_points(request.tenant.uuid, q["device"], q["point"])  # type: ignore[attr-defined]
        return Response(
            services.series(device=device, points=points, agg=q["agg"], start=q["start"], end=q["to"], tz=q["tz"])
        )


class LatestView(TenantScopedMixin, APIView):
    """GET /api/data/latest — último valor de cada ponto e conectividade do dispositivo."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [ORJSONRenderer]

    @extend_schema(
        operation_id="data_latest",
        description=(
            "Último valor e horário de cada ponto do dispositivo (um acesso por ponto no índice, sem varrer "
            "histórico) e a conectividade: `online`/`last_seen` do tópico state (LWT); `known=false` se o "
            "dispositivo nunca publicou state. 404 se o dispositivo não pertence ao tenant."
        ),
        parameters=[
            OpenApiParameter("device", OpenApiTypes.UUID, required=True, description="device_id."),
            OpenApiParameter("tz", OpenApiTypes.STR, description="Fuso IANA dos timestamps da resposta (UTC)."),
        ],
        responses={200: LatestResponse, 400: OpenApiResponse(), 404: OpenApiResponse()},
    )
    def get(self, request: Request) -> Response:
        params = LatestQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        q = params.validated_data
        device = services.resolve_device(request.tenant.uuid, q["device"])  # type: ignore[attr-defined]
        return Response(services.latest(device=device, tz=q["tz"]))
