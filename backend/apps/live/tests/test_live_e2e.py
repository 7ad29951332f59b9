"""Ponta a ponta com tudo real: simulador (MQTT) → Mosquitto → `python -m ingest` → Redis Stream do tenant
→ uvicorn (`config.asgi`) → cliente HTTP lendo o SSE. Dispositivos criados pela função de serviço da API e
provisionados no broker por um worker Celery real (fixtures de apps.commands)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

import pytest
import redis
from rest_framework.test import APIClient

from apps.commands.tests.conftest import (  # noqa: F401
    DeviceFactory,
    _stop_ack_listener,
    api,
    devices,
    ingest,
    live_db,
)
from apps.live.tests.conftest import SseClient, SseEvent, StreamServer, stream_url
from apps.tenancy.models import Tenant
from ingest.live import stream_key

pytestmark = pytest.mark.slow


def _until(client: SseClient, pred: Callable[[SseEvent, dict[str, Any]], bool], limit: int = 200) -> dict[str, Any]:
    """Lê eventos até um satisfazer `pred` (limite de eventos só contra laço infinito)."""
    for _ in range(limit):
        ev = client.next_event()
        doc: dict[str, Any] = json.loads(ev.data or "{}")
        if pred(ev, doc):
            return doc
    raise AssertionError("evento esperado não chegou")


def _points(doc: dict[str, Any]) -> dict[str, Any]:
    return {p["name"]: p["v"] for p in doc.get("points", [])}


def test_device_messages_reach_only_their_tenant_stream(
    devices: DeviceFactory,  # noqa: F811
    api: Callable[..., APIClient],  # noqa: F811
    stream_server: StreamServer,
    sse: Callable[..., SseClient],
    redis_client: redis.Redis,
) -> None:
    dev = devices.create("alpha")
    beta_dev = devices.create("beta")
    alpha_stream = sse(stream_url(stream_server, api("viewer", "alpha"), dev.device_id))
    beta_stream = sse(stream_url(stream_server, api("viewer", "beta"), beta_dev.device_id))
    assert (alpha_stream.status, beta_stream.status) == (200, 200)
    alpha_stream.next_block()
    beta_stream.next_block()

    sim = devices.start_sim(dev, interval_s=0.5)
    # Conectividade (state retido ao conectar) e telemetria do inversor Parsec, pelo ingest.
    online = _until(alpha_stream, lambda ev, d: ev.event == "connectivity")
    assert online["device_id"] == str(dev.device_id)
    assert online["online"] is True
    first = _until(alpha_stream, lambda ev, d: ev.event == "telemetry" and "device_state" in _points(d))
    assert _points(first)["fault"] is False
    # A falha do simulador (DI2 = 1) chega ao stream aberto.
    sim.fault = True
    faulted = _until(alpha_stream, lambda ev, d: ev.event == "telemetry" and _points(d).get("fault") is True)
    assert _points(faulted)["device_state"] == "FAULT"

    # Comando pela API: os status (pending → sent → acked_ok) chegam como eventos `command`.
    resp = api("ops", "alpha").post(
        f"/api/cmd/{dev.device_id}", {"op": "reset_fault", "params": {"pulse_ms": 500}}, format="json"
    )
    assert resp.status_code == 200, resp.content
    cmd_id = resp.json()["cmd_id"]
    statuses = []
    while "acked_ok" not in statuses:
        doc = _until(alpha_stream, lambda ev, d: ev.event == "command" and d["cmd_id"] == cmd_id)
        statuses.append(doc["status"])
    assert statuses == ["pending", "sent", "acked_ok"]

    # Nunca no stream de outro tenant: nem no SSE (só heartbeats), nem no Redis Stream do beta.
    # Um heartbeat pode levar `id:` quando passaram entradas de OUTROS dispositivos do beta (de testes vizinhos):
    # o que não pode haver é evento (`data`/`event`).
    blocks = [beta_stream.next_block() for _ in range(3)]
    assert all(b.data is None and b.event is None and b.comments == ["heartbeat"] for b in blocks)
    beta_uuid = Tenant.objects.get(slug="beta").tenant_id
    # XRANGE sem decode_responses: [(id, {campo: valor})] (o redis-py anota só `ResponseT`).
    beta_entries = cast(list[tuple[bytes, dict[bytes, bytes]]], redis_client.xrange(stream_key(beta_uuid)))
    assert all(f[b"device"] != str(dev.device_id).encode() for _, f in beta_entries)
    # Nem dentro do JSON (o stream do beta pode ter eventos legítimos de dispositivos do beta, inclusive FAULT
    # de testes vizinhos: o que importa é nada do dispositivo do alpha).
    assert str(dev.device_id).encode() not in b"".join(f[b"data"] for _, f in beta_entries)
