"""Validação dos parâmetros de consulta da API de dados: todo erro vira 400 com mensagem clara."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rest_framework import serializers

from apps.timeseries.queries import Agg
from apps.timeseries.services import MAX_POINTS_PER_CALL

# Um "+" não codificado na query string chega como espaço ("...T10:00:00 03:00"); devolvemos o sinal.
_SPACE_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


class AwareDateTimeField(serializers.Field):  # type: ignore[type-arg]
    """ISO-8601 com deslocamento obrigatório (Z ou ±HH:MM): datas sem fuso são ambíguas e recusadas."""

    default_error_messages = {
        "invalid": "Data/hora ISO-8601 inválida: {value!r} (ex.: 2026-02-10T08:00:00Z).",
        "naive": "Informe o fuso na data/hora {value!r} (sufixo Z ou ±HH:MM).",
    }

    def to_internal_value(self, data: Any) -> datetime:
        text = str(data).strip()
        text = _SPACE_OFFSET.sub(r"\1+\2", text)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.fail("invalid", value=text)
        if value.tzinfo is None or value.utcoffset() is None:
            self.fail("naive", value=text)
        return value

    def to_representation(self, value: datetime) -> str:
        return value.isoformat()


class TimeZoneField(serializers.CharField):
    """Nome de fuso IANA (ex.: America/Sao_Paulo, Asia/Kolkata)."""

    def to_internal_value(self, data: Any) -> str:
        name = super().to_internal_value(data)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise serializers.ValidationError(f"Fuso horário IANA desconhecido: {name!r}.") from None
        return name


class StrictQuerySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Recusa parâmetros desconhecidos (um `form=` digitado errado não vira consulta silenciosamente errada)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: ["Parâmetro desconhecido."] for name in unknown})
        return attrs


def point_refs(values: list[str]) -> list[str | uuid.UUID]:
    """`point` repetido e/ou separado por vírgulas; cada item é um UUID (point_id) ou um nome de ponto."""
    refs: list[str | uuid.UUID] = []
    for raw in values:
        for item in raw.split(","):
            item = item.strip()
            if not item:
                continue
            try:
                refs.append(uuid.UUID(item))
            except ValueError:
                refs.append(item)
    return refs


class PointsQuerySerializer(StrictQuerySerializer):
    """Parâmetros de GET /api/data/points."""

    device = serializers.UUIDField(help_text="point_id do dispositivo (UUID).")
    point = serializers.ListField(
        child=serializers.CharField(),
        help_text=(
            f"Pontos por UUID (point_id) ou nome; repita o parâmetro ou separe por vírgulas. "
            f"Máximo {MAX_POINTS_PER_CALL} por chamada."
        ),
    )
    # `from` é palavra reservada em Python: o campo é declarado pelo namespace da classe (idioma do DRF).
    locals()["from"] = AwareDateTimeField(source="start", help_text="Início (inclusivo), ISO-8601 com fuso.")
    to = AwareDateTimeField(help_text="Fim (exclusivo), ISO-8601 com fuso.")
    agg = serializers.ChoiceField(choices=[a.value for a in Agg])
    tz = TimeZoneField(required=False, default="UTC")

    def validate_point(self, value: list[str]) -> list[str | uuid.UUID]:
        refs = point_refs(value)
        if not refs:
            raise serializers.ValidationError("Informe ao menos um ponto.")
        if len(set(refs)) > MAX_POINTS_PER_CALL:
            raise serializers.ValidationError(f"No máximo {MAX_POINTS_PER_CALL} pontos por chamada.")
        return list(dict.fromkeys(refs))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if attrs["start"] >= attrs["to"]:
            raise serializers.ValidationError({"to": ["`to` precisa ser posterior a `from`."]})
        attrs["agg"] = Agg(attrs["agg"])
        return attrs


class LatestQuerySerializer(StrictQuerySerializer):
    """Parâmetros de GET /api/data/latest."""

    device = serializers.UUIDField(help_text="device_id do dispositivo (UUID).")
    tz = TimeZoneField(required=False, default="UTC", help_text="Fuso dos timestamps da resposta.")
