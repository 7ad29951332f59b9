"""Views da API de comandos. Escopo de tenant e papéis vêm de apps.core.api; a lógica, de services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.commands.api.serializers import CommandRequestSerializer, CommandSerializer
from apps.commands.choices import CommandStatus
from apps.commands.models import Command
from apps.commands.mqtt import PublishError
from apps.commands.services import CommandError, DeviceOffline, issue_command
from apps.core.api import CanSendCommands, TenantScopedMixin
from apps.devices.models import Device

# Resposta HTTP por desfecho: ACK (ok ou erro do dispositivo) é 200; sem ACK no prazo, 504; broker fora, 502.
HTTP_BY_STATUS = {
    CommandStatus.ACKED_OK: status.HTTP_200_OK,
    CommandStatus.ACKED_ERROR: status.HTTP_200_OK,
    CommandStatus.TIMED_OUT: status.HTTP_504_GATEWAY_TIMEOUT,
    CommandStatus.PUBLISH_FAILED: status.HTTP_502_BAD_GATEWAY,
}


class CommandIssueView(TenantScopedMixin, APIView):
    """`POST /api/cmd/{device_id}`: publica o comando e responde com o desfecho (ACK ou timeout).

    Registrada com `non_atomic_requests` (urls.py): o Command é commitado antes da publicação e a espera
    não segura transação. Tenant e papel são resolvidos numa transação curta só para a checagem.
    """

    permission_classes = [IsAuthenticated, CanSendCommands]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            super().initial(request, *args, **kwargs)

    @extend_schema(request=CommandRequestSerializer, responses={200: CommandSerializer, 504: CommandSerializer})
    def post(self, request: Request, device_id: str) -> Response:
        device = get_object_or_404(Device, pk=device_id)
        body = CommandRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            command = issue_command(
                tenant=request.tenant,  # type: ignore[attr-defined]
                device=device,
                op=body.validated_data["op"],
                params=body.validated_data["params"],
                user=request.user,
                timeout_s=body.validated_data.get("timeout"),
            )
        except DeviceOffline as exc:
            return Response({"detail": str(exc), "code": "device_offline"}, status=status.HTTP_409_CONFLICT)
        except CommandError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        except PublishError as exc:
            return Response({"detail": str(exc), "code": "broker_unavailable"}, status=status.HTTP_502_BAD_GATEWAY)
        data = CommandSerializer(command).data
        if command.status == CommandStatus.TIMED_OUT:
            data["detail"] = (
                f"sem ACK em {command.timeout_s:g} s; um ACK tardio ainda será registrado "
                f"(GET /api/cmd/{command.cmd_id})"
            )
        return Response(data, status=HTTP_BY_STATUS.get(CommandStatus(command.status), status.HTTP_200_OK))


class CommandDetailView(TenantScopedMixin, APIView):
    """`GET /api/cmd/{cmd_id}`: estado de um comando. Só lê: ACKs tardios são conciliados pelo worker."""

    permission_classes = [IsAuthenticated, CanSendCommands]

    @extend_schema(responses={200: CommandSerializer})
    def get(self, request: Request, cmd_id: str) -> Response:
        command = get_object_or_404(Command, pk=cmd_id)
        return Response(CommandSerializer(command).data)


class Pagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000


class CommandListView(TenantScopedMixin, ListAPIView[Command]):
    """`GET /api/cmd/?device=<uuid>&status=`: histórico (auditoria), mais recentes primeiro."""

    permission_classes = [IsAuthenticated, CanSendCommands]
    serializer_class = CommandSerializer
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("device", str, description="uuid do dispositivo"),
            OpenApiParameter("status", str, enum=[s.value for s in CommandStatus]),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Command]:
        qs = Command.objects.all()
        params = self.request.query_params
        if device := params.get("device"):
            try:
                Device._meta.pk.to_python(device)  # type: ignore[union-attr]
            except Exception as exc:
                raise ValidationError({"device": "uuid inválido"}) from exc
            qs = qs.filter(device_id=device)
        if status_ := params.get("status"):
            if status_ not in CommandStatus.values:
                raise ValidationError({"status": f"use um de {CommandStatus.values}"})
            qs = qs.filter(status=status_)
        return qs
