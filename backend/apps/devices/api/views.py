"""Views da API de dispositivos, pontos e dashboards. Escopo de tenant e papéis vêm de apps.core.api."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import CanEditPointLimits, IsInternalOps, ReadOnlyUnlessInternalOps, TenantScopedMixin
from apps.core.problems import Conflict
from apps.devices.api.filters import DeviceFilter, PointFilter
from apps.devices.api.serializers import (
    DeviceCreateSerializer,
    DeviceSerializer,
    PointLimitsSerializer,
    PointSerializer,
    mqtt_credentials_payload,
)
from apps.devices.models import DashboardConfig, Device, Point
from apps.devices.services import (
    DeviceConflict,
    DeviceError,
    create_device,
    revoke_device,
    rotate_device_password,
    update_point_limits,
)
from contracts.api import DeviceWithCredentials
from contracts.dashboard import DashboardV1, validate_dashboard


class Pagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000


class DeviceViewSet(TenantScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Dispositivos do tenant. Filtros: ?site=, ?template=, ?status=, ?q= (slug/nome)."""

    serializer_class = DeviceSerializer
    pagination_class = Pagination
    filterset_class = DeviceFilter

    def get_permissions(self) -> list[Any]:
        if self.action in {"create", "rotate_credentials", "revoke"}:
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
            result = create_device(tenant=request.tenant, spec=body.to_spec())  # type: ignore[attr-defined]
        except DeviceConflict as exc:
            raise Conflict(str(exc), code="device_exists") from exc
        except DeviceError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        data = {**DeviceSerializer(result.device).data, "mqtt": mqtt_credentials_payload(result)}
        return Response(data, status=status.HTTP_201_CREATED)

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
            result = rotate_device_password(tenant=request.tenant, device=self.get_object())  # type: ignore[attr-defined]
        except DeviceError as exc:
            raise Conflict(str(exc)) from exc
        return Response({**DeviceSerializer(result.device).data, "mqtt": mqtt_credentials_payload(result)})

    @extend_schema(request=None, responses={202: DeviceSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        device = revoke_device(tenant=request.tenant, device=self.get_object())  # type: ignore[attr-defined]
        return Response(DeviceSerializer(device).data, status=status.HTTP_202_ACCEPTED)


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
