"""Fixtures da API de dados: dispositivos no registro, telemetria gravada como o ingest grava e clientes
autenticados por tenant (token Bearer real)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
import pytest
from conftest import TEST_PASSWORD
from rest_framework.test import APIClient

from apps.registry.models import DeviceRoute, PointRoute
from apps.tenancy.models import Tenant


@dataclass
class Device:
    """Dispositivo de teste: ids do registro e os pontos por nome."""

    tenant_slug: str
    tenant_id: uuid.UUID
    device_id: uuid.UUID
    points: dict[str, uuid.UUID] = field(default_factory=dict)


DEFAULT_POINTS: dict[str, tuple[str, str, list[str]]] = {
    "temp_agua": ("float", "°C", []),
    "rpm": ("int", "rpm", []),
    "compressor_1_on": ("bool", "", []),
    "device_state": ("enum", "", ["STOP", "RUN", "FAULT"]),
}


@pytest.fixture
def make_device(db: None, owner_url: str) -> Iterator[Callable[..., Device]]:
    """Cria DeviceRoute/PointRoute (como o catálogo faria) e apaga a telemetria deles no fim do teste."""
    created: list[Device] = []

    def _make(tenant_slug: str = "alpha", points: dict[str, tuple[str, str, list[str]]] | None = None) -> Device:
        tenant = Tenant.objects.get(slug=tenant_slug)
        device_id = uuid.uuid4()
        route = DeviceRoute.objects.create(
            device_id=device_id,
            tenant_id=tenant.tenant_id,
            tenant_slug=tenant_slug,
            site_slug="site-1",
            device_slug=f"dev-{device_id.hex[:8]}",
        )
        device = Device(tenant_slug, tenant.tenant_id, device_id)
        for name, (value_type, unit, enum_values) in (points or DEFAULT_POINTS).items():
            point = PointRoute.objects.create(
                point_id=uuid.uuid4(),
                device=route,
                name=name,
                value_type=value_type,
                unit=unit,
                enum_values=enum_values,
            )
            device.points[name] = point.point_id
        created.append(device)
        return device

    yield _make
    ids = [d.device_id for d in created]
    with psycopg.connect(owner_url) as conn:
        for table in (
            "ts_measure",
            "ts_measure_1m",
            "ts_measure_5m",
            "ts_measure_15m",
            "ts_measure_1h",
            "ts_measure_1d",
            "device_status",
        ):
            conn.execute(f"DELETE FROM public.{table} WHERE device_id = ANY(%s)", [ids])


Row = tuple[str, datetime, Any]  # (nome do ponto, ts, valor)


@pytest.fixture
def write_telemetry(owner_url: str) -> Callable[..., None]:
    """Grava telemetria por COPY (como o ingest) e, se `note`, anota o intervalo para o refresh dos rollups."""

    def _write(device: Device, rows: list[Row], *, note: bool = True) -> None:
        with psycopg.connect(owner_url) as conn, conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(device.tenant_id)])
            with conn.cursor().copy(
                "COPY public.ts_measure (tenant_id, device_id, point_id, ts, v_num, v_bool, v_text) FROM STDIN"
            ) as copy:
                for name, ts, value in rows:
                    v_num = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
                    v_bool = value if isinstance(value, bool) else None
                    v_text = value if isinstance(value, str) else None
                    copy.write_row((device.tenant_id, device.device_id, device.points[name], ts, v_num, v_bool, v_text))
            if note and rows:
                conn.execute("SELECT public.ts_note_write(%s, %s)", [min(r[1] for r in rows), max(r[1] for r in rows)])

    return _write


@pytest.fixture
def refresh_rollups(worker_url: str) -> Callable[[], None]:
    """Um ciclo do job de refresh, com o papel do worker (o único que pode)."""

    def _refresh() -> None:
        with psycopg.connect(worker_url) as conn:
            conn.execute("SELECT public.ts_refresh_rollups()")

    return _refresh


@pytest.fixture
def client_for(db: None) -> Callable[[str, str], APIClient]:
    """Cliente autenticado por token Bearer para `username`, falando com o tenant `tenant_slug`."""

    def _client(username: str, tenant_slug: str) -> APIClient:
        client = APIClient()
        resp = client.post("/api/auth/token/", {"username": username, "password": TEST_PASSWORD}, format="json")
        assert resp.status_code == 201, resp.content
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {resp.json()['token']}", HTTP_X_TENANT=tenant_slug)
        return client

    return _client
