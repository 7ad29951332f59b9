"""Contratos da API de comandos."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rest_framework import serializers

from apps.commands.models import Command


def _rfc3339(value: datetime | None) -> str | None:
    """Mesmo formato dos outros campos de data (DateTimeField do DRF: UTC com `Z`)."""
    return serializers.DateTimeField().to_representation(value) if value else None


class CommandRequestSerializer(serializers.Serializer[Any]):
    """Corpo de `POST /api/cmd/{device_id}`."""

    op = serializers.CharField(max_length=64)
    params = serializers.DictField(required=False, default=dict)
    timeout = serializers.FloatField(
        required=False,
        min_value=0.001,
        help_text="Segundos de espera pelo ACK "
        "(padrão TS_CMD_ACK_TIMEOUT_SECONDS; teto TS_CMD_ACK_TIMEOUT_MAX_SECONDS).",
    )


class CommandSerializer(serializers.ModelSerializer[Command]):
    """Um comando e o seu desfecho (auditoria: quem, quando, o quê, o que o dispositivo respondeu)."""

    device = serializers.UUIDField(source="device_id", read_only=True)
    requested_by = serializers.SerializerMethodField()
    ack = serializers.SerializerMethodField()

    class Meta:
        model = Command
        fields = [
            "cmd_id",
            "device",
            "op",
            "params",
            "status",
            "requested_by",
            "created_at",
            "sent_at",
            "timeout_s",
            "timed_out_at",
            "late_ack",
            "ack",
            "error",
        ]

    def get_requested_by(self, obj: Command) -> dict[str, Any]:
        return {"id": obj.requested_by_id, "username": obj.requested_by_username}

    def get_ack(self, obj: Command) -> dict[str, Any] | None:
        if obj.acked_at is None:
            return None
        return {
            "ok": obj.ack_ok,
            "err": obj.ack_err,
            "ts_exec": _rfc3339(obj.ts_exec),
            "acked_at": _rfc3339(obj.acked_at),
        }
