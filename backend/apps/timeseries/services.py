"""Casos de uso da API de dados: autoriza dispositivo/pontos pelo registro público e monta as séries.

A autorização é feita pelo registro (DeviceRoute/PointRoute), que diz a que tenant cada id pertence: id de
outro tenant (ou inexistente) é 404, nunca dado. Mesmo que essa checagem falhasse, as consultas passam pelas
views isoladas com o tenant da transação, que não devolveriam linhas de outro tenant (defesa em camadas).
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from django.conf import settings
from django.db import connection
from django.db.models import Q
from rest_framework.exceptions import NotFound, ValidationError

from apps.registry.choices import ValueType
from apps.registry.models import DeviceRoute, PointRoute
from apps.timeseries import queries
from apps.timeseries.queries import BUCKET_WIDTH, Agg, Tails
from apps.timeseries.schema import Edition, detect_edition

# --- Limites (documentados no schema OpenAPI; ver apps/timeseries/api/views.py) ----------------------
MAX_POINTS_PER_CALL = 20
RAW_MAX_RANGE_HOURS = 24
RAW_MAX_RANGE = timedelta(hours=RAW_MAX_RANGE_HOURS)
RAW_MAX_ROWS_PER_POINT = 50_000
MAX_BUCKETS_PER_POINT = 20_000
STATE_MAX_RANGE = timedelta(days=31)
STATE_MAX_CHANGES_PER_POINT = 20_000

NUMERIC_TYPES = frozenset({ValueType.FLOAT, ValueType.INT})


@functools.cache
def _edition() -> Edition:
    with connection.cursor() as cursor:
        return detect_edition(cursor)


def rollup_tails() -> Tails:
    """Cauda lida do bruto (minutos) e caudas de cada rollup ainda não materializadas; ver queries.Tails.

    Na Apache o refresh grava 1m, 5m, 15m, 1h e 1d juntos, então todas as caudas são a dos minutos. Na Community o
    agregado de 1h materializa com end_offset de 1 h a cada 15 min: as últimas 3 h saem dos níveis abaixo (idem
    5m, 15m e 1d com as suas). TS_DATA_HOURLY_TAIL_SECONDS força um valor.
    """
    minute = timedelta(seconds=settings.TS_DATA_RAW_TAIL_SECONDS)
    if settings.TS_DATA_HOURLY_TAIL_SECONDS is not None:
        # Valor forçado vale para os níveis 5m, 15m, 1h e 1d.
        return Tails(minute=minute, hour=timedelta(seconds=settings.TS_DATA_HOURLY_TAIL_SECONDS))
    if _edition() is Edition.APACHE:
        return Tails(minute=minute, hour=minute)
    # Community: cada agregado hierárquico materializa com seu end_offset e intervalo (020_community.sql):
    # 5m a cada 5 min com end_offset de 5 min; 15m a cada 5 min com end_offset de 15 min; 1d a cada hora com
    # end_offset de 1 dia (sobre o 1h).
    return Tails(
        minute=minute,
        hour=timedelta(hours=3),
        quarter=timedelta(hours=1),
        day=timedelta(days=3),
        five=timedelta(minutes=30),
    )


@dataclass(frozen=True)
class PointInfo:
    """Um ponto autorizado para a consulta."""

    point_id: uuid.UUID
    name: str
    value_type: str
    unit: str
    enum_values: list[Any] = field(default_factory=list)

    @property
    def is_numeric(self) -> bool:
        return self.value_type in NUMERIC_TYPES

    def state_value(self, v_bool: bool | None, v_text: str | None, v_num: float | None) -> Any:
        """Valor de estado conforme o tipo: bool em v_bool; enum pelo nome (v_text) ou pelo índice em
        enum_values (v_num); texto em v_text."""
        if self.value_type == ValueType.BOOL:
            return v_bool
        if v_text is not None or v_num is None:
            return v_text
        index = int(v_num)
        if self.value_type == ValueType.ENUM and float(index) == v_num and 0 <= index < len(self.enum_values):
            return self.enum_values[index]
        return v_num


def resolve_device(tenant_uuid: uuid.UUID, device_id: uuid.UUID) -> DeviceRoute:
    """Dispositivo do tenant ou 404 (mesma resposta para inexistente e de outro tenant)."""
    device = DeviceRoute.objects.filter(device_id=device_id, tenant_id=tenant_uuid).first()
    if device is None:
        raise NotFound(f"Dispositivo não encontrado: {device_id}.")
    return device


def resolve_device_points(
    tenant_uuid: uuid.UUID, device_id: uuid.UUID, refs: list[str | uuid.UUID]
) -> tuple[DeviceRoute, list[PointInfo]]:
    """Dispositivo do tenant e os pontos pedidos numa consulta só (caminho feliz de /api/data/points).

    Os pontos são lidos já filtrados pelo dispositivo E pelo tenant (join com o dispositivo): um ponto só volta se o
    dispositivo é deste tenant. Se algum pedido não voltar, o caminho de erro de sempre (resolve_device +
    resolve_points) decide entre 404 e 400 com as mesmas mensagens.
    """
    ids = [ref for ref in refs if isinstance(ref, uuid.UUID)]
    names = [ref for ref in refs if not isinstance(ref, uuid.UUID)]
    routes = list(
        PointRoute.objects.select_related("device")
        .filter(device_id=device_id, device__tenant_id=tenant_uuid)
        .filter(Q(point_id__in=ids) | Q(name__in=names))
    )
    by_id = {r.point_id: r for r in routes}
    by_name = {r.name: r for r in routes}
    found = [r for ref in refs if (r := by_id.get(ref) if isinstance(ref, uuid.UUID) else by_name.get(ref))]
    if not routes or len(found) != len(refs):
        device = resolve_device(tenant_uuid, device_id)
        return device, resolve_points(device, refs)
    resolved: list[PointInfo] = []
    for route in found:
        info = _point_info(route)
        if info not in resolved:
            resolved.append(info)
    return routes[0].device, resolved


def _point_info(route: PointRoute) -> PointInfo:
    return PointInfo(
        point_id=route.point_id,
        name=route.name,
        value_type=route.value_type,
        unit=route.unit,
        enum_values=list(route.enum_values or []),
    )


def _point_names(device: DeviceRoute) -> list[str]:
    return list(PointRoute.objects.filter(device_id=device.device_id).order_by("name").values_list("name", flat=True))


def resolve_points(device: DeviceRoute, refs: list[str | uuid.UUID]) -> list[PointInfo]:
    """Pontos do dispositivo por id (UUID) ou nome, na ordem pedida.

    Id que não é deste dispositivo → 404 (pode ser de outro tenant: nada é revelado). Nome desconhecido → 400
    com a lista de nomes válidos do dispositivo (nomes não identificam nada fora do dispositivo autorizado).
    """
    # Só os pontos pedidos (um dispositivo pode ter centenas: montar todos a cada requisição custava mais que a
    # consulta de dados). A lista completa de nomes só é lida no caminho de erro.
    ids = [ref for ref in refs if isinstance(ref, uuid.UUID)]
    names = [ref for ref in refs if not isinstance(ref, uuid.UUID)]
    routes = list(PointRoute.objects.filter(device_id=device.device_id).filter(Q(point_id__in=ids) | Q(name__in=names)))
    by_id = {r.point_id: r for r in routes}
    by_name = {r.name: r for r in routes}
    resolved: list[PointInfo] = []
    unknown_names: list[str] = []
    for ref in refs:
        if isinstance(ref, uuid.UUID):
            route = by_id.get(ref)
            if route is None:
                raise NotFound(f"Ponto não encontrado neste dispositivo: {ref}.")
        else:
            route = by_name.get(ref)
            if route is None:
                unknown_names.append(ref)
                continue
        info = _point_info(route)
        if info not in resolved:
            resolved.append(info)
    if unknown_names:
        raise ValidationError(
            {
                "point": [
                    f"Ponto(s) desconhecido(s) neste dispositivo: {', '.join(unknown_names)}. "
                    f"Válidos: {', '.join(_point_names(device)) or '(nenhum)'}."
                ]
            }
        )
    return resolved


def zone_is_whole_hour(tz: str, start: datetime, end: datetime) -> bool:
    """True se o fuso tem deslocamento em horas cheias durante todo o intervalo (amostragem diária, mais as
    bordas): então horas UTC cabem inteiras em horas/dias locais e o rollup de 1h pode ser usado."""
    zone = ZoneInfo(tz)
    step = timedelta(hours=12)
    probe = start - timedelta(days=1)
    stop = end + timedelta(days=1)
    while probe <= stop:
        offset = probe.astimezone(zone).utcoffset()
        if offset is None or offset % timedelta(hours=1):
            return False
        probe += step
    return True


def _fmt_ts(ts: datetime, zone: ZoneInfo) -> datetime:
    return ts.astimezone(zone)


def series(
    *,
    device: DeviceRoute,
    points: list[PointInfo],
    agg: Agg,
    start: datetime,
    end: datetime,
    tz: str,
) -> dict[str, Any]:
    """Monta a resposta de /api/data/points (o tenant já está fixado na transação pelo TenantScopedMixin)."""
    numeric = [p for p in points if p.is_numeric]
    states = [p for p in points if not p.is_numeric]
    zone = ZoneInfo(tz)
    span = end - start
    if numeric and agg is Agg.RAW and span > RAW_MAX_RANGE:
        raise ValidationError(
            {"to": [f"agg=raw aceita no máximo {RAW_MAX_RANGE_HOURS} h entre from e to; use 1m ou mais."]}
        )
    if numeric and agg is not Agg.RAW and span / BUCKET_WIDTH[agg] > MAX_BUCKETS_PER_POINT:
        raise ValidationError(
            {"agg": [f"Intervalo longo demais para agg={agg} (máximo {MAX_BUCKETS_PER_POINT} buckets); use agg maior."]}
        )
    if states and span > STATE_MAX_RANGE:
        raise ValidationError(
            {"to": [f"Pontos de estado (bool/enum/text) aceitam no máximo {STATE_MAX_RANGE.days} dias por chamada."]}
        )

    out_series: dict[uuid.UUID, dict[str, Any]] = {}
    for p in points:
        out_series[p.point_id] = {
            "point": p.point_id,
            "name": p.name,
            "value_type": p.value_type,
            "unit": p.unit,
            "kind": "numeric" if p.is_numeric else "state",
            "data": [],
        }
    body: dict[str, Any] = {
        "device": device.device_id,
        "agg": agg.value,
        "tz": tz,
        "from": _fmt_ts(start, zone),
        "to": _fmt_ts(end, zone),
    }
    names = {p.point_id: p.name for p in points}
    with connection.cursor() as cursor:
        if numeric and agg is Agg.RAW:
            rows = queries.raw_series(
                cursor,
                device_id=device.device_id,
                point_ids=[p.point_id for p in numeric],
                start=start,
                end=end,
                limit_per_point=RAW_MAX_ROWS_PER_POINT + 1,
            )
            for point_id, ts, value in rows:
                out_series[point_id]["data"].append({"ts": _fmt_ts(ts, zone), "value": value})
            for point_id in {r[0] for r in rows}:
                if len(out_series[point_id]["data"]) > RAW_MAX_ROWS_PER_POINT:
                    raise ValidationError(
                        {
                            "agg": [
                                f"O ponto {names[point_id]} tem mais de {RAW_MAX_ROWS_PER_POINT} amostras no "
                                "intervalo; reduza o intervalo ou use agregação."
                            ]
                        }
                    )
        elif numeric:
            lo, hi, buckets = queries.aggregated_series(
                cursor,
                device_id=device.device_id,
                point_ids=[p.point_id for p in numeric],
                agg=agg,
                start=start,
                end=end,
                tz=tz,
                use_hourly=zone_is_whole_hour(tz, start, end),
                tails=rollup_tails(),
            )
            body["buckets_from"] = _fmt_ts(lo, zone)
            body["buckets_to"] = _fmt_ts(hi, zone)
            for b in buckets:
                # JSON pronto do banco, embutido sem reparse (orjson.Fragment).
                # UTC com `Z` como no resto da API (o json do PostgreSQL escreve +00:00; só datas são texto aqui).
                out_series[b.point_id]["data"] = orjson.Fragment(b.data_json.replace('+00:00"', 'Z"'))
        if states:
            by_id = {p.point_id: p for p in states}
            changes = queries.state_changes(
                cursor,
                device_id=device.device_id,
                point_ids=list(by_id),
                start=start,
                end=end,
                limit=STATE_MAX_CHANGES_PER_POINT * len(states) + 1,
            )
            for point_id, ts, v_bool, v_text, v_num in changes:
                out_series[point_id]["data"].append(
                    {"ts": _fmt_ts(ts, zone), "value": by_id[point_id].state_value(v_bool, v_text, v_num)}
                )
            for point_id in by_id:
                if len(out_series[point_id]["data"]) > STATE_MAX_CHANGES_PER_POINT:
                    raise ValidationError(
                        {
                            "to": [
                                f"O ponto {names[point_id]} tem mais de {STATE_MAX_CHANGES_PER_POINT} mudanças de "
                                "estado no intervalo; reduza o intervalo."
                            ]
                        }
                    )
    body["series"] = list(out_series.values())
    return body


def latest(*, device: DeviceRoute, tz: str = "UTC") -> dict[str, Any]:
    """Último valor de cada ponto do dispositivo + conectividade (online, last_seen)."""
    zone = ZoneInfo(tz)
    points = [_point_info(r) for r in PointRoute.objects.filter(device_id=device.device_id).order_by("name")]
    with connection.cursor() as cursor:
        values = queries.latest_values(cursor, device_id=device.device_id, point_ids=[p.point_id for p in points])
        conn_state = queries.device_connectivity(cursor, device_id=device.device_id)
    items = []
    for p in points:
        row = values.get(p.point_id)
        if row is None:
            ts, value = None, None
        else:
            ts = _fmt_ts(row[0], zone)
            value = row[1] if p.is_numeric else p.state_value(row[2], row[3], row[1])
        items.append(
            {"point": p.point_id, "name": p.name, "value_type": p.value_type, "unit": p.unit, "ts": ts, "value": value}
        )
    online, last_seen = conn_state if conn_state else (False, None)
    return {
        "device": device.device_id,
        "connectivity": {
            "online": online,
            "last_seen": _fmt_ts(last_seen, zone) if last_seen else None,
            "known": conn_state is not None,
        },
        "points": items,
    }
