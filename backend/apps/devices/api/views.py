"""Views da API de dispositivos, pontos e dashboards. Escopo de tenant e papéis vêm de apps.core.api."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import (
    CanEditPointLimits,
    IsInternalOps,
    Pagination,
    ReadOnlyUnlessInternalOps,
    TenantScopedMixin,
)
from apps.core.problems import Conflict
from apps.devices.api.filters import DeviceFilter, PointFilter
from apps.devices.api.serializers import (
    BulkRequestSerializer,
    BulkResultSerializer,
    DeviceCreateSerializer,
    DeviceMoveSerializer,
    DeviceSerializer,
    DeviceWithCredentialsSerializer,
    PointLimitsSerializer,
    PointSerializer,
    mqtt_credentials_payload,
)
from apps.devices.bulk import bulk_provision, credentials_csv, parse_csv
from apps.devices.fleet import fleet_summary
from apps.devices.models import DashboardConfig, Device, Point
from apps.devices.services import (
    DeviceConflict,
    DeviceError,
    DeviceWithSecret,
    create_device,
    decommission_device,
    move_device,
    reactivate_device,
    revoke_device,
    rotate_device_password,
    update_point_limits,
)
from contracts.api import DeviceWithCredentials, FleetSummary
from contracts.dashboard import DashboardV1, validate_dashboard


def _bool_param(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() in {"1", "true", "yes"}


class CsvParser(BaseParser):
    """Corpo `text/csv` entregue como texto (a interpretação fica em apps.devices.bulk.parse_csv)."""

    media_type = "text/csv"

    # O stub do DRF exige Mapping/DataAndFiles, mas o DRF entrega a `request.data` o que o parser devolver
    # (rest_framework.request.Request._parse): o texto do CSV é o corpo desta rota, de propósito.
    def parse(  # type: ignore[override]
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> str:
        try:
            return str(stream.read().decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ValidationError({"detail": "CSV precisa estar em UTF-8"}) from exc


class DeviceViewSet(TenantScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Dispositivos do tenant. Filtros: ?site=, ?template=, ?status=, ?q= (slug/nome)."""

    serializer_class = DeviceSerializer
    pagination_class = Pagination
    filterset_class = DeviceFilter

    def get_permissions(self) -> list[Any]:
        if self.action in {"create", "rotate_credentials", "revoke", "decommission", "reactivate", "move", "bulk"}:
            return [IsAuthenticated(), IsInternalOps()]
        return [IsAuthenticated(), ReadOnlyUnlessInternalOps()]

    def get_queryset(self) -> QuerySet[Device]:
        return Device.objects.select_related("site", "template")

    @extend_schema(
        request=DeviceCreateSerializer,
        responses={
            201: OpenApiResponse(DeviceWithCredentials, description="Criado; `mqtt.password` aparece só aqui."),
            409: OpenApiResponse(description="Dispositivo já existe (`conflict`)."),
        },
    )
    def create(self, request: Request) -> Response:
        body = DeviceCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            result = create_device(tenant=self.tenant, spec=body.to_spec())
        except DeviceConflict as exc:
            raise Conflict(str(exc), code="device_exists") from exc
        except DeviceError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        data = {**DeviceSerializer(result.device).data, "mqtt": mqtt_credentials_payload(result)}
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"application/json": BulkRequestSerializer, "text/csv": str},
        parameters=[
            OpenApiParameter("dry_run", bool, description="Só simula (também aceito no corpo JSON)."),
            OpenApiParameter("output", str, enum=["json", "csv"], description="`csv` = arquivo com as senhas."),
        ],
        responses={
            (200, "application/json"): BulkResultSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="`?output=csv`: senhas MQTT, uma vez."),
        },
        description="Provisionamento em massa, idempotente por (site, slug): `created` / `exists` / `error` com o "
        "motivo, por linha. JSON `{rows: [...], dry_run}` ou CSV com cabeçalho `site,slug,name,template,"
        "contracted_points` (pontos separados por `;`, vazio = todos). Sites ausentes são criados. As senhas MQTT "
        "aparecem só nesta resposta (`?output=csv` devolve-as como arquivo). O broker recebe um lote só.",
    )
    @action(detail=False, methods=["post"], url_path="bulk", parser_classes=[JSONParser, CsvParser])
    def bulk(self, request: Request) -> HttpResponse:
        dry_run = bool(_bool_param(request.query_params.get("dry_run")))
        try:
            if isinstance(request.data, str):
                rows = parse_csv(request.data)
            else:
                body = BulkRequestSerializer(data=request.data)
                body.is_valid(raise_exception=True)
                rows = body.validated_data["rows"]
                dry_run = dry_run or body.validated_data["dry_run"]
            result = bulk_provision(tenant=self.tenant, rows=rows, dry_run=dry_run)
        except DeviceError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        if request.query_params.get("output") == "csv":
            response = HttpResponse(
                credentials_csv(result, tenant_slug=self.tenant.slug),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="mqtt-credentials.csv"'
            response["Cache-Control"] = "no-store"
            return response
        return Response(
            {"dry_run": result.dry_run, "counts": result.counts(), "results": [asdict(r) for r in result.results]},
            headers={"Cache-Control": "no-store"},
        )

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(DeviceWithCredentials, description="Nova senha em `mqtt.password`, mostrada uma vez."),
            409: OpenApiResponse(description="Credencial revogada não pode ser rotacionada (`conflict`)."),
        },
    )
    @action(detail=True, methods=["post"], url_path="rotate-credentials")
    def rotate_credentials(self, request: Request, pk: str | None = None) -> Response:
        try:
            result = rotate_device_password(tenant=self.tenant, device=self.get_object())
        except DeviceError as exc:
            raise Conflict(str(exc)) from exc
        return Response({**DeviceSerializer(result.device).data, "mqtt": mqtt_credentials_payload(result)})

    @extend_schema(request=None, responses={202: DeviceSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        device = revoke_device(tenant=self.tenant, device=self.get_object())
        return Response(DeviceSerializer(device).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={202: DeviceSerializer},
        description="Desativa de vez: revoga a credencial no broker e o ingest passa a mandar a telemetria "
        "tardia para a dead letter `device_decommissioned`. O histórico continua em /api/data/*. Idempotente.",
    )
    @action(detail=True, methods=["post"])
    def decommission(self, request: Request, pk: str | None = None) -> Response:
        device = decommission_device(tenant=self.tenant, device=self.get_object())
        return Response(DeviceSerializer(device).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={
            200: DeviceWithCredentialsSerializer,
            409: OpenApiResponse(description="Dispositivo já ativo (`conflict`)."),
        },
        description="Reativa um dispositivo revogado ou desativado com credencial MQTT nova (senha mostrada "
        "só nesta resposta). Mesmo device_id e pontos: o histórico continua.",
    )
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: str | None = None) -> Response:
        try:
            result = reactivate_device(tenant=self.tenant, device=self.get_object())
        except DeviceError as exc:
            raise Conflict(str(exc)) from exc
        return Response({**DeviceSerializer(result.device).data, "mqtt": mqtt_credentials_payload(result)})

    @extend_schema(
        request=DeviceMoveSerializer,
        responses={
            200: DeviceWithCredentialsSerializer,
            409: OpenApiResponse(description="Slug já usado no site de destino (`conflict`)."),
        },
        description="Muda de site sem perder histórico (device_id e point_id não mudam). Tópico, usuário MQTT "
        "e ACL passam a ser os do site novo; credencial ativa é trocada por uma nova (`mqtt`, mostrada uma "
        "vez; `null` se o dispositivo está desativado). Site inexistente é criado.",
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        body = DeviceMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            moved = move_device(
                tenant=self.tenant,
                device=self.get_object(),
                site_slug=body.validated_data["site"],
                site_name=body.validated_data["site_name"],
            )
        except DeviceConflict as exc:
            raise Conflict(str(exc)) from exc
        except DeviceError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        mqtt = None
        if moved.mqtt_password is not None:
            mqtt = mqtt_credentials_payload(DeviceWithSecret(moved.device, moved.mqtt_password))
        return Response({**DeviceSerializer(moved.device).data, "mqtt": mqtt})


class PointViewSet(
    TenantScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Pontos do tenant. Filtros: ?device=<uuid>, ?is_contracted=true|false, ?name=. PATCH só de limites."""

    serializer_class = PointSerializer
    pagination_class = Pagination
    filterset_class = PointFilter
    permission_classes = [IsAuthenticated, CanEditPointLimits]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Point]:
        return Point.objects.all()

    @extend_schema(request=PointLimitsSerializer, responses={200: PointSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        point = self.get_object()
        body = PointLimitsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = {
            "low_limit": point.low_limit,
            "high_limit": point.high_limit,
            "hysteresis": point.hysteresis,
            **body.validated_data,
        }
        try:
            point = update_point_limits(point=point, **values)
        except DeviceError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(PointSerializer(point).data)


class DashboardView(TenantScopedMixin, APIView):
    """`GET /api/dashboards/{device_id}`: o DashboardConfig do dispositivo (JSON `schema: v1`)."""

    permission_classes = [IsAuthenticated, ReadOnlyUnlessInternalOps]

    @extend_schema(
        parameters=[OpenApiParameter("device_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={200: DashboardV1},
    )
    def get(self, request: Request, device_id: str) -> Response:
        config = get_object_or_404(DashboardConfig, device_id=device_id)
        # Valida na saída também: o frontend nunca recebe algo fora do contrato, mesmo se alguém editou o JSON.
        return Response(validate_dashboard(config.config).to_json())


class FleetSummaryView(TenantScopedMixin, APIView):
    """`GET /api/fleet/summary`: visão da frota do tenant (qualquer papel do tenant lê)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="fleet_summary",
        responses={200: FleetSummary},
        description="Dispositivos por site e por modelo, conectados/desconectados (tópico `state`/LWT, como em "
        "`/api/data/latest`; `never_seen` = nunca publicou state), estado atual dos pontos `enum` contratados "
        "(ex.: RUN/STOP/FAULT de `device_state`, pela última amostra) e alertas abertos por gravidade. "
        "Desativados contam em `devices`/`decommissioned`, não em conectividade nem estados. Três consultas "
        "agregadas, qualquer que seja o tamanho da frota.",
    )
    def get(self, request: Request) -> Response:
        return Response(fleet_summary())
