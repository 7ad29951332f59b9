"""Publicador de eventos ao vivo do ingest contra um Redis real: coalescência por ponto e Redis fora.

O caminho completo (dispositivo → broker → ingest → Redis → SSE) está em backend/apps/live/tests.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

import orjson
import redis

from contracts.events import PointValue, TelemetryEvent
from ingest import live
from ingest.live import LivePublisher, LiveSettings, stream_key
from ingest.pipeline import Outcome, Row, StatusRecord
from ingest.registry import DeviceRoute, PointRoute, RegistrySnapshot
from testsupport.mqtt import free_port


def _snapshot(tenant_id: uuid.UUID, device_id: uuid.UUID, points: dict[str, uuid.UUID]) -> RegistrySnapshot:
    routes = {
        name: PointRoute(pid, name, "int" if name == "rpm" else "float", "°C", frozenset())
        for name, pid in points.items()
    }
    dev = DeviceRoute(device_id, tenant_id, "t", "s", "d", "v1", True, MappingProxyType(routes))
    return RegistrySnapshot.build([dev])


def _row(tenant: uuid.UUID, device: uuid.UUID, point: uuid.UUID, ts: datetime, v: float) -> Row:
    return (tenant, device, point, ts, v, None, None, "°C", 0, None)


def _entries(tenant: uuid.UUID) -> list[dict[str, object]]:
    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    return [orjson.loads(f[b"data"]) for _, f in r.xrange(stream_key(tenant))]


def test_coalesces_per_point_latest_wins_and_never_goes_back() -> None:
    tenant, device = uuid.uuid4(), uuid.uuid4()
    temp, rpm = uuid.uuid4(), uuid.uuid4()
    snap = _snapshot(tenant, device, {"temp": temp, "rpm": rpm})
    settings = LiveSettings(redis_url=os.environ["REDIS_URL"], window_s=0.05, maxlen=1000, timeout_s=2.0)
    t0 = datetime.now(UTC).replace(microsecond=0)

    async def scenario() -> None:
        async with LivePublisher(settings, lambda: snap) as pub:
            # Uma rajada de 3 lotes do mesmo dispositivo dentro de uma janela: um único evento.
            for batch in range(3):
                rows = [
                    _row(tenant, device, temp, t0 + timedelta(seconds=batch * 10 + i), batch * 10 + i)
                    for i in range(10)
                ]
                rows.append(_row(tenant, device, rpm, t0 + timedelta(seconds=batch), 1000.0 + batch))
                pub.observe([Outcome(topic="x", payload=b"", tenant_id=tenant, rows=rows)])
            await pub.flush()
            # Amostra mais velha que a publicada (reentrega, atraso): não vira evento.
            pub.observe([Outcome(topic="x", payload=b"", rows=[_row(tenant, device, temp, t0, -1.0)])])
            await pub.flush()
            # Conectividade (LWT) e um valor novo.
            seen = t0 + timedelta(minutes=1)
            pub.observe(
                [
                    Outcome(
                        topic="x",
                        payload=b"",
                        rows=[_row(tenant, device, temp, seen, 42.0)],
                        statuses=[StatusRecord(tenant, device, False, "{}", seen)],
                    )
                ]
            )
            await pub.flush()

    asyncio.run(scenario())
    entries = _entries(tenant)
    assert [e["type"] for e in entries] == ["telemetry", "telemetry", "connectivity"]
    first = {p["name"]: p for p in entries[0]["points"]}  # type: ignore[attr-defined]
    assert first["temp"]["v"] == 29.0
    assert first["temp"]["ts"] == (t0 + timedelta(seconds=29)).isoformat().replace("+00:00", "Z")
    assert first["rpm"]["v"] == 1002
    assert isinstance(first["rpm"]["v"], int)
    assert first["temp"]["point_id"] == str(temp)
    assert [p["v"] for p in entries[1]["points"]] == [42.0]  # type: ignore[attr-defined]
    assert entries[2]["online"] is False
    assert entries[2]["device_id"] == str(device)


def test_redis_outage_drops_counts_and_never_raises() -> None:
    tenant, device, temp = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    snap = _snapshot(tenant, device, {"temp": temp})
    dead = LiveSettings(redis_url=f"redis://127.0.0.1:{free_port()}/0", window_s=0.01, maxlen=100, timeout_s=0.2)
    dropped_before = live.DROPPED._value.get()
    errors_before = live.ERRORS._value.get()

    async def scenario() -> None:
        async with LivePublisher(dead, lambda: snap) as pub:
            for i in range(3):
                pub.observe([Outcome(topic="x", payload=b"", rows=[_row(tenant, device, temp, datetime.now(UTC), i)])])
                # A tarefa de publicação tenta, falha, conta e continua viva.
                for _ in range(3000):  # guarda contra travamento (30 s), não é medida de tempo
                    if live.ERRORS._value.get() >= errors_before + i + 1:
                        break
                    await asyncio.sleep(0.01)
            assert live.ERRORS._value.get() == errors_before + 3
            assert pub._task is not None
            assert not pub._task.done()

    asyncio.run(scenario())
    assert live.DROPPED._value.get() == dropped_before + 3
    assert live.REDIS_UP._value.get() == 0


def test_disabled_without_redis_url() -> None:
    pub = LivePublisher(LiveSettings(redis_url="", window_s=0.1, maxlen=100, timeout_s=1.0), RegistrySnapshot)
    pub.observe(
        [Outcome(topic="x", payload=b"", rows=[_row(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), datetime.now(UTC), 1)])]
    )
    assert pub._points == {}


def test_telemetry_fields_match_the_contract_model() -> None:
    """O atalho do orjson (caminho de todo lote) produz o mesmo documento que o modelo do contrato."""
    tenant, device = uuid.uuid4(), uuid.uuid4()
    ids = {name: uuid.uuid4() for name in ("temp", "rpm", "run", "mode", "vazio")}
    snap = _snapshot(tenant, device, ids)
    index = {p.point_id: p for d in snap.devices.values() for p in d.points.values()}
    t0 = datetime(2026, 12, 7, 17, 0, 0, tzinfo=UTC)
    rows: list[Row] = [
        (tenant, device, ids["temp"], t0 + timedelta(microseconds=123456), 21.5, None, None, "°C", 0, None),
        (tenant, device, ids["rpm"], t0, 1500.0, None, None, "", 1, None),  # int; unidade vazia → null
        (tenant, device, ids["run"], t0, None, True, None, "", 0, None),
        (tenant, device, ids["mode"], t0, None, None, "FAULT", "", 2, None),
        (tenant, device, ids["vazio"], t0, None, None, None, "", 0, None),
        (tenant, device, uuid.uuid4(), t0, 1e20, None, None, "", 0, None),  # ponto fora do índice: nome = id
    ]
    values = [live._point_value(row, index.get(row[2])) for row in rows]
    fields = live.telemetry_fields(device, values)
    model = TelemetryEvent(device_id=device, points=[PointValue(**v) for v in values])
    assert fields[live.FIELD_DEVICE] == str(device)
    assert fields[live.FIELD_TYPE] == "telemetry"
    assert orjson.loads(fields[live.FIELD_DATA]) == orjson.loads(model.model_dump_json(by_alias=True))
    assert live.decode_event(fields) == model
    assert orjson.loads(fields[live.FIELD_DATA])["points"][0]["ts"] == "2026-12-07T17:00:00.123456Z"
