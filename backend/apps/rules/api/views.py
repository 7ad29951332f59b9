"""API de alertas, regras e webhooks. Escopo de tenant e papéis vêm de apps.core.api; as ações, de services.

Alertas são lidos pelas views isoladas do banco (`tenant_alert*`, tenant fixado na transação do request):
um id de outro tenant simplesmente não existe para esta request → 404.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from pydantic import ValidationError as PydanticValidationError
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.alerts.choices import OPEN_STATES, AlertState, Severity
from apps.alerts.models import Alert
from apps.core.api import (
    CanEditPointLimits,
    IsInternalOps,
    Pagination,
    ReadOnlyUnlessInternalOps,
    TenantScopedMixin,
    filter_by_uuid_params,
    tenant_role_of,
    uuid_param,
)
from apps.devices.models import Device, Point
from apps.rules.api.serializers import (
    CUSTOMER_EDITABLE,
    RuleSerializer,
    RuleUpdateSerializer,
    WebhookDeliverySerializer,
    WebhookEndpointSerializer,
)
from apps.rules.models import Rule, WebhookDelivery, WebhookEndpoint
from apps.rules.notifications import WebhookUrlRefused, check_url, new_secret, resend_delivery
from apps.rules.services import AlertError, RuleError, ack_alert, comment_alert, create_rule, delete_rule, update_rule
from apps.tenancy.choices import INTERNAL_OPS, TenantRole
from contracts.alerts import AlertDetailOut, AlertEventOut, AlertOut, AlertSummaryOut, CommentIn


class CanHandleAlerts(BasePermission):
    """Leitura para todos do tenant; reconhecer e comentar: internal_ops e customer_admin."""

    message = "Seu papel permite apenas leitura."

    def has_permission(self, request: Request, view: APIView) -> bool:
        role = tenant_role_of(view)
        if request.method in SAFE_METHODS:
            return role is not None
        return role in (INTERNAL_OPS, TenantRole.CUSTOMER_ADMIN)


class ManagesWebhooks(BasePermission):
    """Webhooks têm segredos: só internal_ops e customer_admin do tenant, inclusive para ler."""

    message = "Somente administradores do tenant gerenciam webhooks."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return tenant_role_of(view) in (INTERNAL_OPS, TenantRole.CUSTOMER_ADMIN)


def _time_param(value: str | None, name: str) -> Any:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ValidationError({name: "data ISO-8601 com fuso, ex.: 2026-12-01T00:00:00Z"})
    return parsed


class AlertViewSet(TenantScopedMixin, viewsets.GenericViewSet):
    """Alertas do tenant, do mais novo para o mais antigo. Filtros: ?device=&state=&severity=&from=&to=
    (`state=open` = ativos; `from`/`to` sobre `started_at`)."""

    permission_classes = [IsAuthenticated, CanHandleAlerts]
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Alert]:
        params = self.request.query_params
        qs = filter_by_uuid_params(Alert.objects.all().order_by("-started_at", "-id"), params, device="device_id")
        if state := params.get("state"):
            states = [s.strip() for s in state.split(",")]
            if "open" in states:
                states = [s for s in states if s != "open"] + list(OPEN_STATES)
            if any(s not in AlertState.values for s in states):
                raise ValidationError({"state": f"valores: open, {', '.join(AlertState.values)}"})
            qs = qs.filter(state__in=states)
        if severity := params.get("severity"):
            severities = [s.strip() for s in severity.split(",")]
            if any(s not in Severity.values for s in severities):
                raise ValidationError({"severity": f"valores: {', '.join(Severity.values)}"})
            qs = qs.filter(severity__in=severities)
        if start := _time_param(params.get("from"), "from"):
            qs = qs.filter(started_at__gte=start)
        if end := _time_param(params.get("to"), "to"):
            qs = qs.filter(started_at__lt=end)
        return qs

    @extend_schema(
        parameters=[OpenApiParameter(p, str) for p in ("device", "state", "severity", "from", "to")],
        responses={200: AlertOut},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = [AlertOut.from_model(a).model_dump(mode="json") for a in page or []]
        return self.get_paginated_response(data)

    @extend_schema(responses={200: AlertDetailOut})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(_detail(self._get(pk)))

    @extend_schema(request=None, responses={200: AlertDetailOut})
    @action(detail=True, methods=["post"])
    def ack(self, request: Request, pk: str | None = None) -> Response:
        alert = ack_alert(alert=self._get(pk), username=request.user.get_username())
        return Response(_detail(alert))

    @extend_schema(request=CommentIn, responses={201: AlertEventOut})
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str | None = None) -> Response:
        try:
            body = CommentIn.model_validate(request.data)
        except PydanticValidationError as exc:
            raise ValidationError({"text": "texto de 1 a 2000 caracteres"}) from exc
        try:
            event = comment_alert(alert=self._get(pk), username=request.user.get_username(), text=body.text)
        except AlertError as exc:
            raise ValidationError({"text": str(exc)}) from exc
        return Response(AlertEventOut.model_validate(event).model_dump(mode="json"), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: AlertSummaryOut})
    @action(detail=False, methods=["get"])
    def summary(self, request: Request) -> Response:
        by_state = dict.fromkeys(AlertState.values, 0)
        for row in Alert.objects.values("state").annotate(n=Count("id")).order_by():
            by_state[row["state"]] = row["n"]
        open_by_severity = dict.fromkeys(Severity.values, 0)
        open_rows = Alert.objects.filter(cleared_at__isnull=True).values("severity").annotate(n=Count("id")).order_by()
        for open_row in open_rows:
            open_by_severity[open_row["severity"]] = open_row["n"]
        # model_validate: as chaves vêm das choices do banco como texto; o contrato (Literal) as confere.
        out = AlertSummaryOut.model_validate(
            {
                "open_total": sum(open_by_severity.values()),
                "open_by_severity": open_by_severity,
                "unacked_total": by_state[AlertState.ACTIVE_UNACK] + by_state[AlertState.CLEARED_UNACK],
                "by_state": by_state,
            }
        )
        return Response(out.model_dump(mode="json"))

    def _get(self, pk: str | None) -> Alert:
        uuid_param(pk, "id")
        return get_object_or_404(Alert, id=pk)


def _detail(alert: Alert) -> dict[str, Any]:
    events = [AlertEventOut.model_validate(e) for e in alert.events.all().order_by("id")]
    base = AlertOut.from_model(alert).model_dump()
    return AlertDetailOut(**base, events=events).model_dump(mode="json")


class RuleViewSet(TenantScopedMixin, viewsets.ModelViewSet):
    """Regras do tenant. Filtros: ?device=&point=&kind=&enabled=. internal_ops: CRUD; customer_admin (se o
    tenant permite ajustar limites): PATCH de low/high/clear_hysteresis/enabled; viewer: leitura."""

    serializer_class = RuleSerializer
    pagination_class = Pagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self) -> list[Any]:
        if self.action in {"create", "destroy"}:
            return [IsAuthenticated(), IsInternalOps()]
        if self.action == "partial_update":
            return [IsAuthenticated(), CanEditPointLimits()]
        return [IsAuthenticated(), ReadOnlyUnlessInternalOps()]

    def get_queryset(self) -> QuerySet[Rule]:
        params = self.request.query_params
        qs = filter_by_uuid_params(Rule.objects.select_related("point"), params, device="device_id", point="point_id")
        if kind := params.get("kind"):
            qs = qs.filter(kind=kind)
        if (enabled := params.get("enabled")) is not None:
            qs = qs.filter(enabled=enabled.lower() in ("1", "true", "yes"))
        return qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = RuleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        device: Device = data.pop("device")
        point: Point | None = data.pop("point", None)
        try:
            rule = create_rule(device=device, point=point, fields=data)
        except RuleError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        except IntegrityError:
            return Response(
                {"detail": "já existe uma regra deste tipo para este ponto"}, status=status.HTTP_409_CONFLICT
            )
        return Response(RuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RuleUpdateSerializer, responses={200: RuleSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rule = self.get_object()
        body = RuleUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        if self.tenant_role != INTERNAL_OPS and set(changes) - CUSTOMER_EDITABLE:
            raise PermissionDenied(f"customer_admin só altera {sorted(CUSTOMER_EDITABLE)}")
        try:
            rule = update_rule(rule=rule, changes=changes)
        except RuleError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(RuleSerializer(rule).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        delete_rule(rule=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookEndpointViewSet(TenantScopedMixin, viewsets.ModelViewSet):
    """Endpoints de webhook do tenant. O segredo só aparece na resposta da criação."""

    serializer_class = WebhookEndpointSerializer
    permission_classes = [IsAuthenticated, ManagesWebhooks]
    pagination_class = Pagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[WebhookEndpoint]:
        return WebhookEndpoint.objects.all()

    def perform_create(self, serializer: Any) -> None:
        self._check(serializer.validated_data.get("url"))
        serializer.save(secret=new_secret())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        endpoint = WebhookEndpoint.objects.get(id=response.data["id"])
        response.data["secret"] = endpoint.secret
        return response

    def perform_update(self, serializer: Any) -> None:
        if "url" in serializer.validated_data:
            self._check(serializer.validated_data["url"])
        serializer.save()

    @staticmethod
    def _check(url: str | None) -> None:
        try:
            check_url(url or "")
        except WebhookUrlRefused as exc:
            raise ValidationError({"url": str(exc)}) from exc


class WebhookDeliveryViewSet(
    TenantScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Entregas de webhook (mais novas primeiro). Filtros: ?endpoint=&status=&alert=. POST .../resend reenvia."""

    serializer_class = WebhookDeliverySerializer
    permission_classes = [IsAuthenticated, ManagesWebhooks]
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        params = self.request.query_params
        qs = filter_by_uuid_params(WebhookDelivery.objects.all(), params, endpoint="endpoint_id", alert="alert_id")
        if status_ := params.get("status"):
            qs = qs.filter(status=status_)
        return qs

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, pk: str | None = None) -> Response:
        delivery = resend_delivery(self.get_object())
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
