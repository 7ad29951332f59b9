"""`POST /api/stream/ticket`: troca o token Bearer (ou a sessão) por um ticket de stream de uso único.

Mesma autenticação (classes padrão do DRF) e mesmo escopo de tenant/papel da API REST (`TenantScopedMixin`):
qualquer papel do tenant, inclusive viewer, pode ouvir. Dispositivo de outro tenant (ou inexistente) → 404
aqui, antes de qualquer stream abrir.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import TenantScopedMixin
from apps.core.models import ApiToken
from apps.devices.models import Device
from apps.live.tickets import issue_ticket


class TicketRequestSerializer(serializers.Serializer[Any]):
    devices = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        max_length=settings.SSE_MAX_DEVICES,
        help_text="Dispositivos que o stream vai ouvir (ids do tenant).",
    )


class StreamTicketView(TenantScopedMixin, APIView):
    """Emite um ticket de stream (TTL curto, uso único) para `GET /api/stream?ticket=...`."""

    @extend_schema(
        request=TicketRequestSerializer,
        responses={
            201: inline_serializer(
                "StreamTicket",
                {
                    "ticket": serializers.CharField(),
                    "expires_in": serializers.IntegerField(),
                    "stream_url": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request: Request) -> Response:
        body = TicketRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        wanted = list(dict.fromkeys(body.validated_data["devices"]))
        found = set(Device.objects.filter(id__in=wanted).values_list("id", flat=True))
        missing = [str(d) for d in wanted if d not in found]
        if missing:
            raise NotFound(f"Dispositivo não encontrado neste tenant: {', '.join(missing)}.")
        tenant = self.tenant
        user_id = request.user.pk
        if user_id is None:  # o tenant só se resolve com usuário autenticado; sem ele, 401 como o IsAuthenticated
            raise NotAuthenticated()
        ticket = issue_ticket(
            user_id=user_id,
            username=request.user.get_username(),
            role=self.tenant_role,
            tenant_uuid=tenant.tenant_id,
            tenant_slug=tenant.slug,
            devices=wanted,
            # Token que pediu o ticket: revogado ou vencido, o stream fecha (apps.live.tickets).
            token_id=request.auth.pk if isinstance(request.auth, ApiToken) else None,
            token_expires_at=request.auth.expires_at.timestamp() if isinstance(request.auth, ApiToken) else None,
        )
        query = urlencode([("ticket", ticket), *(("device", str(d)) for d in wanted)])
        return Response(
            {"ticket": ticket, "expires_in": settings.SSE_TICKET_TTL_SECONDS, "stream_url": f"/api/stream?{query}"},
            status=status.HTTP_201_CREATED,
        )
