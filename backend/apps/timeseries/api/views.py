"""Endpoints de dados (séries, últimos valores e export). Views finas: valida → serviço → resposta.

O tenant é resolvido e fixado na transação pelo TenantScopedMixin; qualquer papel do tenant pode ler.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import TenantScopedMixin
from apps.timeseries import services
from apps.timeseries.api.serializers import ExportQuerySerializer, LatestQuerySerializer, PointsQuerySerializer
from apps.timeseries.export import (
    AGG_COLUMNS,
    EXPORT_MAX_POINTS,
    EXPORT_MAX_RANGE,
    EXPORT_STATE_MAX_RANGE,
    ITERSIZE,
    RAW_COLUMNS,
    ExportRequest,
    check_limits,
    csv_chunks,
    parquet_chunks,
)
from apps.timeseries.services import (
    MAX_BUCKETS_PER_POINT,
    MAX_POINTS_PER_CALL,
    RAW_MAX_RANGE_HOURS,
    RAW_MAX_ROWS_PER_POINT,
    STATE_MAX_CHANGES_PER_POINT,
    STATE_MAX_RANGE,
)
from contracts.api import LatestResponse, SeriesResponse


def series_parameters(*, max_points: int, agg: str, tz: str) -> list[OpenApiParameter]:
    """Parâmetros de uma consulta de séries (device, point, from, to, agg, tz), os mesmos na data API e no export."""
    return [
        OpenApiParameter("device", OpenApiTypes.UUID, required=True, description="device_id."),
        OpenApiParameter(
            "point",
            OpenApiTypes.STR,
            required=True,
            many=True,
            description=f"point_id (UUID) ou nome; repetido ou separado por vírgulas; máx. {max_points}.",
        ),
        OpenApiParameter("from", OpenApiTypes.DATETIME, required=True, description="Início inclusivo, com fuso."),
        OpenApiParameter("to", OpenApiTypes.DATETIME, required=True, description="Fim exclusivo, com fuso."),
        OpenApiParameter(
            "agg", OpenApiTypes.STR, required=True, enum=["raw", "1m", "5m", "15m", "1h", "1d"], description=agg
        ),
        OpenApiParameter("tz", OpenApiTypes.STR, description=tz),
    ]


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
        parameters=series_parameters(
            max_points=MAX_POINTS_PER_CALL,
            agg=f"Resolução; `raw` limitado a {RAW_MAX_RANGE_HOURS} h.",
            tz="Fuso IANA dos buckets 1h/1d e da resposta (UTC).",
        ),
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
        device, points = services.resolve_device_points(self.tenant.tenant_id, q["device"], q["point"])
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
        device = services.resolve_device(self.tenant.tenant_id, q["device"])
        return Response(services.latest(device=device, tz=q["tz"]))


EXPORT_DESCRIPTION = f"""
Export das séries de um dispositivo como arquivo, em streaming: `format=csv` (padrão; UTF-8, cabeçalho na
primeira linha) ou `format=parquet` (um row group a cada {ITERSIZE} linhas, compressão zstd). O arquivo é
gerado enquanto é enviado (cursor do servidor, {ITERSIZE} linhas por vez): a memória do servidor não cresce com
o intervalo.

Mesmos parâmetros, isolamento e conteúdo de `/api/data/points` (`device`, `point`, `from`, `to`, `agg`, `tz`):
uma linha por amostra (`agg=raw`: colunas `{",".join(RAW_COLUMNS)}`) ou por bucket (demais `agg`: colunas
`{",".join(AGG_COLUMNS)}`), ponto a ponto na ordem pedida e por `ts` crescente. Pontos de estado (bool/enum/text)
saem como mudanças de estado na coluna `state` (`true`/`false`, nome do enum ou texto), a primeira sendo o
estado vigente em `from`.

**Limites do export** (400 se excedidos): até {EXPORT_MAX_POINTS} pontos; intervalo máximo por `agg`:
{", ".join(f"`{a.value}` {r.days} dias" for a, r in EXPORT_MAX_RANGE.items())}; pontos de estado até
{EXPORT_STATE_MAX_RANGE.days} dias. Erros (400/404) saem antes do primeiro byte do arquivo, como problem+json.
"""


class FirstRendererNegotiation(DefaultContentNegotiation):
    """Ignora `?format=` na negociação: no export ele escolhe o formato do ARQUIVO, não o renderer do DRF
    (que só serve às respostas de erro, sempre problem+json)."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, first.media_type


class ExportView(TenantScopedMixin, APIView):
    """GET /api/data/export — séries em CSV ou Parquet, em streaming."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [ORJSONRenderer]
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        operation_id="data_export",
        description=EXPORT_DESCRIPTION,
        parameters=[
            *series_parameters(
                max_points=EXPORT_MAX_POINTS,
                agg="Resolução.",
                tz="Fuso IANA dos buckets 1h/1d e dos `ts` (UTC).",
            ),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["csv", "parquet"], description="Formato (csv)."),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, em streaming."),
            (200, "application/vnd.apache.parquet"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Parquet, em streaming."
            ),
            400: OpenApiResponse(description="Parâmetros inválidos ou limites do export excedidos."),
            404: OpenApiResponse(description="Dispositivo ou ponto inexistente neste tenant."),
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        params = ExportQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        q = params.validated_data
        tenant = self.tenant
        device = services.resolve_device(tenant.tenant_id, q["device"])
        points = services.resolve_points(device, q["point"])
        check_limits(points=points, agg=q["agg"], start=q["start"], end=q["to"])
        req = ExportRequest(
            tenant_uuid=tenant.tenant_id,
            device=device,
            points=points,
            agg=q["agg"],
            start=q["start"],
            end=q["to"],
            tz=q["tz"],
        )
        if q["format"] == "parquet":
            response = StreamingHttpResponse(parquet_chunks(req), content_type="application/vnd.apache.parquet")
        else:
            response = StreamingHttpResponse(csv_chunks(req), content_type="text/csv; charset=utf-8")
        stamp = q["start"].strftime("%Y%m%dT%H%M%S")
        filename = f"{device.device_slug}-{q['agg'].value}-{stamp}.{q['format']}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
