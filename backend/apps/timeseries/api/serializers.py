"""Validação dos parâmetros de consulta da API de dados: todo erro vira 400 com mensagem clara."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rest_framework import serializers

from apps.timeseries.export import EXPORT_MAX_POINTS
from apps.timeseries.queries import Agg
from apps.timeseries.services import MAX_POINTS_PER_CALL

# Um "+" não codificado na query string chega como espaço ("...T10:00:00 03:00"); devolvemos o sinal.
_SPACE_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


# Deslocamentos reais vão de -12:00 a +14:00; o PostgreSQL recusa (500) alguns que o Python aceita (+23:59).
MAX_UTC_OFFSET = timedelta(hours=14)
# Faixa aceita em UTC: folga de dias dentro do que o `datetime` representa (anos 1..9999), porque a resposta
# converte para o fuso `tz` e expande o intervalo para buckets inteiros (até 1 dia para cada lado).
MIN_DATETIME = datetime(1, 1, 8, tzinfo=UTC)
MAX_DATETIME = datetime(9999, 12, 24, tzinfo=UTC)


class AwareDateTimeField(serializers.Field):
    """ISO-8601 com deslocamento obrigatório (Z ou ±HH:MM): datas sem fuso são ambíguas e recusadas.

    Também recusa deslocamentos fora de ±14:00 e datas perto dos limites do `datetime` (que estourariam
    ao converter de fuso): 400 com mensagem, nunca OverflowError/DataError adiante.
    """

    default_error_messages = {
        "invalid": "Data/hora ISO-8601 inválida: {value!r} (ex.: 2026-02-10T08:00:00Z).",
        "naive": "Informe o fuso na data/hora {value!r} (sufixo Z ou ±HH:MM).",
        "offset": "Deslocamento UTC fora de ±14:00 em {value!r}.",
        "range": "Data/hora fora da faixa aceita ({low} a {high} UTC): {value!r}.",
    }

    def to_internal_value(self, data: Any) -> datetime:
        text = str(data).strip()
        text = _SPACE_OFFSET.sub(r"\1+\2", text)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.fail("invalid", value=text)
        offset = value.utcoffset()
        if offset is None:
            self.fail("naive", value=text)
        if abs(offset) > MAX_UTC_OFFSET:
            self.fail("offset", value=text)
        try:
            in_utc = value.astimezone(UTC)
        except OverflowError:
            in_utc = None
        if in_utc is None or not MIN_DATETIME <= in_utc <= MAX_DATETIME:
            self.fail("range", value=text, low=MIN_DATETIME.date(), high=MAX_DATETIME.date())
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


class StrictQuerySerializer(serializers.Serializer):
    """Recusa parâmetros desconhecidos (um `form=` digitado errado não vira consulta silenciosamente errada)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: ["Parâmetro desconhecido."] for name in unknown})
        return attrs


def point_refs(values: list[str]) -> list[str | uuid.UUID]:
    """`point` repetido e/ou separado por vírgulas; cada item é um UUID (point_id) ou um nome de ponto.

    Lista sem nenhum ponto → "ao menos um ponto"; um elemento vazio ao lado de outros (`point=x&point=`,
    `a,,b`) é erro do cliente, não um ponto a ignorar em silêncio.
    """
    items = [item.strip() for raw in values for item in raw.split(",")]
    if not any(items):
        raise serializers.ValidationError("Informe ao menos um ponto.")
    if not all(items):
        raise serializers.ValidationError("Elemento vazio na lista de pontos (ex.: `point=x&point=` ou `a,,b`).")
    refs: list[str | uuid.UUID] = []
    for item in items:
        try:
            refs.append(uuid.UUID(item))
        except ValueError:
            refs.append(item)
    return refs


class PointsQuerySerializer(StrictQuerySerializer):
    """Parâmetros de GET /api/data/points."""

    device = serializers.UUIDField(help_text="point_id do dispositivo (UUID).")
    point = serializers.ListField(
        # Vazios passam aqui e são recusados com mensagem única em validate_point (point_refs).
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
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

    max_points = MAX_POINTS_PER_CALL

    def validate_point(self, value: list[str]) -> list[str | uuid.UUID]:
        refs = point_refs(value)
        if len(set(refs)) > self.max_points:
            raise serializers.ValidationError(f"No máximo {self.max_points} pontos por chamada.")
        return list(dict.fromkeys(refs))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if attrs["start"] >= attrs["to"]:
            raise serializers.ValidationError({"to": ["`to` precisa ser posterior a `from`."]})
        attrs["agg"] = Agg(attrs["agg"])
        return attrs


class ExportQuerySerializer(PointsQuerySerializer):
    """Parâmetros de GET /api/data/export: os de /api/data/points mais `format` (limites em apps.timeseries.export)."""

    max_points = EXPORT_MAX_POINTS
    format = serializers.ChoiceField(choices=["csv", "parquet"], required=False, default="csv")


class LatestQuerySerializer(StrictQuerySerializer):
    """Parâmetros de GET /api/data/latest."""

    device = serializers.UUIDField(help_text="device_id do dispositivo (UUID).")
    tz = TimeZoneField(required=False, default="UTC", help_text="Fuso dos timestamps da resposta.")
