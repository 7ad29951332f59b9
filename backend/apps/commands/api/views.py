"""Views da API de comandos. Escopo de tenant e papéis vêm de apps.core.api; a lógica, de services."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.commands.api.serializers import CommandRequestSerializer, CommandSerializer
from apps.commands.choices import CommandStatus
from apps.commands.models import Command
from apps.commands.mqtt import PublishError
from apps.commands.services import CommandError, DeviceOffline, check_command, send_command
from apps.core.api import CanSendCommands, Pagination, TenantScopedMixin
from apps.core.problems import BadGateway, Conflict
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
        # Autenticação, papel e (no POST) as leituras que decidem se o comando pode sair — dispositivo, op/params,
        # conectividade — numa transação curta só, a mesma que fixou o tenant: um BEGIN/COMMIT e um set_config
        # em vez de três (issue 16). Os erros saem na mesma ordem de antes: 404, 400, 409.
        with transaction.atomic():
            super().initial(request, *args, **kwargs)
            if request.method == "POST":
                self._check(request, kwargs["device_id"])

    def _check(self, request: Request, device_id: Any) -> None:
        device = get_object_or_404(Device, pk=device_id)
        body = CommandRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            timeout = check_command(
                tenant=self.tenant,
                device=device,
                op=body.validated_data["op"],
                params=body.validated_data["params"],
                timeout_s=body.validated_data.get("timeout"),
                tenant_already_set=True,
            )
        except DeviceOffline as exc:
            raise Conflict(str(exc), code="device_offline") from exc
        except CommandError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        self._checked = (device, body.validated_data, timeout)

    @extend_schema(
        request=CommandRequestSerializer,
        responses={
            200: OpenApiResponse(CommandSerializer, description="ACK recebido (`acked_ok` ou `acked_error`)."),
            409: OpenApiResponse(description="Dispositivo offline; nada publicado (`device_offline`)."),
            502: OpenApiResponse(CommandSerializer, description="Broker não confirmou a publicação."),
            504: OpenApiResponse(CommandSerializer, description="Sem ACK no prazo (`timed_out`)."),
        },
    )
    def post(self, request: Request, device_id: str) -> Response:
        device, body, timeout = self._checked  # conferido em initial(), na transação da autenticação
        try:
            command = send_command(
                tenant=self.tenant,
                device=device,
                op=body["op"],
                params=body["params"],
                user=request.user,
                timeout=timeout,
            )
        except PublishError as exc:
            raise BadGateway(str(exc), code="broker_unavailable") from exc
        data = CommandSerializer(command).data
        if command.status == CommandStatus.TIMED_OUT:
            data["detail"] = (
                f"sem ACK em {command.timeout_s:g} s; um ACK tardio ainda será registrado "
                f"(GET /api/cmd/{command.cmd_id})"
            )
        return Response(data, status=HTTP_BY_STATUS.get(CommandStatus(command.status), status.HTTP_200_OK))

    @extend_schema(exclude=True)
    def get(self, request: Request, device_id: str) -> Response:
        # `/api/cmd/<uuid>` é a rota de envio; comandos têm id ULID. Um GET aqui é um id que não existe.
        raise NotFound(
            f"Comandos são identificados por ULID; {device_id} não é um comando. "
            f"Para o histórico do dispositivo use GET /api/cmd/?device={device_id}.",
            code="command_not_found",
        )


class CommandDetailView(TenantScopedMixin, APIView):
    """`GET /api/cmd/{cmd_id}`: estado de um comando. Só lê: ACKs tardios são conciliados pelo worker."""

    permission_classes = [IsAuthenticated, CanSendCommands]

    @extend_schema(responses={200: CommandSerializer})
    def get(self, request: Request, cmd_id: str) -> Response:
        command = get_object_or_404(Command, pk=cmd_id)
        return Response(CommandSerializer(command).data)


class CommandFilter(django_filters.FilterSet):
    """Filtros da auditoria (django-filter): valor inválido → 400."""

    device = django_filters.UUIDFilter(field_name="device_id", help_text="device_id.")
    status = django_filters.ChoiceFilter(choices=CommandStatus.choices)

    class Meta:
        model = Command
        fields: list[str] = []


class CommandListView(TenantScopedMixin, ListAPIView[Command]):
    """`GET /api/cmd/?device=<uuid>&status=`: histórico (auditoria), mais recentes primeiro."""

    permission_classes = [IsAuthenticated, CanSendCommands]
    serializer_class = CommandSerializer
    pagination_class = Pagination

    filterset_class = CommandFilter

    def get_queryset(self) -> QuerySet[Command]:
        return Command.objects.all()
