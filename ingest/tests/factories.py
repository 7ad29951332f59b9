"""Construtores de snapshot/mensagens para os testes unitários (sem banco)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import MappingProxyType

import orjson

from ingest.adapters.parsec_v1 import Debouncer
from ingest.pipeline import Limits, Pipeline
from ingest.registry import DeviceRoute, PointRoute, RegistrySnapshot

TENANT = uuid.UUID("11111111-1111-1111-1111-111111111111")
DEVICE = uuid.UUID("22222222-2222-2222-2222-222222222222")
PARSEC = uuid.UUID("33333333-3333-3333-3333-333333333333")
NOW = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)

POINTS = {
    "temp": PointRoute(uuid.uuid5(DEVICE, "temp"), "temp", "float", "°C", frozenset()),
    "count": PointRoute(uuid.uuid5(DEVICE, "count"), "count", "int", None, frozenset()),
    "on": PointRoute(uuid.uuid5(DEVICE, "on"), "on", "bool", None, frozenset()),
    "mode": PointRoute(uuid.uuid5(DEVICE, "mode"), "mode", "enum", None, frozenset({"AUTO", "MAN"})),
    "label": PointRoute(uuid.uuid5(DEVICE, "label"), "label", "text", None, frozenset()),
}
PARSEC_POINTS = {
    "status": PointRoute(uuid.uuid5(PARSEC, "status"), "status", "enum", None, frozenset({"RUN", "STOP"})),
    "fault": PointRoute(uuid.uuid5(PARSEC, "fault"), "fault", "bool", None, frozenset()),
    "device_state": PointRoute(
        uuid.uuid5(PARSEC, "device_state"), "device_state", "enum", None, frozenset({"RUN", "STOP", "FAULT"})
    ),
}


def snapshot(*, active: bool = True, decommissioned: bool = False) -> RegistrySnapshot:
    return RegistrySnapshot.build(
        [
            DeviceRoute(
                DEVICE,
                TENANT,
                "acme",
                "plant",
                "chiller-1",
                "v1",
                active,
                MappingProxyType(POINTS),
                decommissioned=decommissioned,
            ),
            DeviceRoute(PARSEC, TENANT, "acme", "plant", "inv-1", "parsec_v1", True, MappingProxyType(PARSEC_POINTS)),
        ]
    )


def pipeline(snap: RegistrySnapshot | None = None, debounce_s: float = 0.0) -> Pipeline:
    s = snap or snapshot()
    return Pipeline(
        Limits(max_payload_bytes=256 * 1024, max_future_s=300.0, max_age_days=365, parsec_debounce_s=debounce_s),
        lambda: s,
        Debouncer(debounce_s),
    )


def v1(points: list[dict[str, object]], ts: str = "2026-11-23T11:59:00Z", **extra: object) -> bytes:
    return orjson.dumps({"schema": "v1", "ts": ts, "points": points, **extra})
