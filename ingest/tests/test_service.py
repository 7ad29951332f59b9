"""Integração com serviços reais: broker Mosquitto → `python -m ingest` → PostgreSQL/TimescaleDB."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from testsupport.ingest import Db, IngestProcess
from testsupport.mqtt import Publisher, wait_until

pytestmark = pytest.mark.slow

FLOAT = ("float", [])


def _iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def test_telemetry_lands_once_for_the_right_tenant(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    dev = db.add_device("alpha", {"temp": FLOAT, "on": ("bool", []), "mode": ("enum", ["A", "B"])})
    ing = ingest_factory().start()
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=30)
    msgs = []
    for i in range(20):
        body = {
            "schema": "v1",
            "ts": _iso(t0 + timedelta(seconds=i)),
            "points": [
                {"name": "temp", "t": "float", "v": i + 0.5, "u": "°C"},
                {"name": "on", "t": "bool", "v": i % 2 == 0},
                {"name": "mode", "t": "enum", "v": "AB"[i % 2]},
            ],
            "meta": {"fw": "1.0"},
        }
        msgs.append((dev.topic("telem"), json.dumps(body).encode()))
    publisher.publish_many(msgs)
    # Reentrega/duplicata do dispositivo: a mesma mensagem de novo não duplica linhas.
    publisher.publish_many(msgs[:5])
    wait_until(lambda: ing.metric("ingest_messages_acked_total") >= 25, "25 PUBACKs")
    rows = db.query(
        "SELECT tenant_id, point_id, ts, v_num, v_bool, v_text, unit, meta FROM public.ts_measure WHERE device_id = %s",
        dev.device_id,
    )
    assert len(rows) == 60
    assert {r[0] for r in rows} == {dev.tenant_id}
    temps = sorted((r[2], r[3]) for r in rows if r[1] == dev.points["temp"])
    assert temps == [(t0 + timedelta(seconds=i), i + 0.5) for i in range(20)]
    assert {r[6] for r in rows if r[1] == dev.points["temp"]} == {"°C"}
    assert {r[5] for r in rows if r[1] == dev.points["mode"]} == {"A", "B"}
    assert all(r[7] == {"fw": "1.0"} for r in rows)
    # Rollups anotados na mesma transação (edição Apache: ts_rollup_invalidation).
    assert db.query("SELECT count(*) FROM public.ts_rollup_invalidation WHERE tenant_id = %s", dev.tenant_id)[0][0] > 0
    assert ing.healthz()["healthy"] is True
    assert ing.terminate() == 0


def test_bad_payloads_become_dead_letters_and_loop_continues(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    dev = db.add_device("alpha", {"temp": FLOAT})
    ing = ingest_factory(TS_INGEST_MAX_PAYLOAD_BYTES="4096").start()
    now = datetime.now(UTC)
    good = {"schema": "v1", "ts": _iso(now), "points": [{"name": "temp", "t": "float", "v": 1.0}]}
    bad: list[tuple[str, bytes, str]] = [
        (dev.topic("telem"), b"{nope", "malformed_json"),
        (dev.topic("telem"), json.dumps(good).replace("1.0", "NaN").encode(), "non_finite"),
        (dev.topic("telem"), json.dumps({**good, "points": []}).encode(), "schema_violation"),
        (dev.topic("telem"), json.dumps({**good, "ts": _iso(now + timedelta(hours=1))}).encode(), "ts_future"),
        (dev.topic("telem"), json.dumps({**good, "ts": "2001-01-01T00:00:00Z"}).encode(), "ts_too_old"),
        (
            dev.topic("telem"),
            json.dumps({**good, "points": [{"name": "x", "t": "float", "v": 1}]}).encode(),
            "unknown_point",
        ),
        (
            dev.topic("telem"),
            json.dumps({**good, "points": [{"name": "temp", "t": "float", "v": "1"}]}).encode(),
            "wrong_type",
        ),
        (dev.topic("telem"), b"[" * 5000, "oversize"),
        (dev.topic("telem").replace(dev.device_slug, "ghost-device"), json.dumps(good).encode(), "unknown_device"),
        (dev.topic("telem").replace("alpha", "ghost-tenant"), json.dumps(good).encode(), "unknown_tenant"),
    ]
    for topic, payload, _ in bad:
        publisher.publish(topic, payload)
    publisher.publish(dev.topic("telem"), json.dumps(good).encode())
    wait_until(lambda: db.count(dev) == 1, "a mensagem válida depois das ruins foi gravada")
    wait_until(lambda: ing.metric("ingest_messages_acked_total") >= len(bad) + 1, "todas confirmadas")
    errors = db.query(
        "SELECT topic, payload, reason, detail, tenant_id FROM public.ingest_errors WHERE topic LIKE %s"
        " OR topic LIKE %s ORDER BY id",
        f"%/{dev.device_slug}/telem",
        "traksense/%/site-1/%",
    )
    got = {(bytes(e[1]), e[2]) for e in errors}
    for _topic, payload, reason in bad:
        assert (payload, reason) in got, reason
    by_reason = {e[2]: e for e in errors}
    assert by_reason["unknown_point"][4] == dev.tenant_id
    assert by_reason["unknown_tenant"][4] is None
    assert all(e[3] for e in errors)
    assert ing.terminate() == 0


def test_state_event_alarm_ack_are_stored(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    dev = db.add_device("beta", {"temp": FLOAT})
    ing = ingest_factory().start()
    now = datetime.now(UTC).replace(microsecond=0)
    publisher.publish(dev.topic("state"), json.dumps({"online": True, "fw": "2.0", "ts": _iso(now)}), retain=True)
    publisher.publish(dev.topic("event"), json.dumps({"ts": _iso(now), "code": "BOOT", "severity": "info"}))
    publisher.publish(dev.topic("alarm"), json.dumps({"ts": _iso(now), "code": "HIGH", "severity": "major"}))
    publisher.publish(dev.topic("alarm"), json.dumps({"ts": _iso(now), "code": "HIGH", "severity": "major"}))
    ack = {"schema": "v1", "cmd_id": f"cmd-{dev.device_slug}", "ok": True, "ts_exec": _iso(now), "err": None}
    publisher.publish(dev.topic("ack"), json.dumps(ack))
    publisher.publish(dev.topic("ack"), json.dumps(ack))
    # LWT: o broker publica "offline" quando o dispositivo cai (aqui publicado direto, depois do online).
    publisher.publish(dev.topic("state"), "offline", retain=True)
    wait_until(lambda: ing.metric("ingest_messages_acked_total") >= 7, "7 PUBACKs")
    status = db.query(
        "SELECT online, state, last_seen, tenant_id FROM public.device_status WHERE device_id = %s", dev.device_id
    )
    assert len(status) == 1
    assert status[0][0] is False
    assert status[0][3] == dev.tenant_id
    events = db.query(
        "SELECT kind, code, severity FROM public.device_event WHERE device_id = %s ORDER BY kind", dev.device_id
    )
    assert events == [("alarm", "HIGH", "major"), ("event", "BOOT", "info")]
    acks = db.query("SELECT cmd_id, ok, ts_exec FROM public.cmd_ack WHERE device_id = %s", dev.device_id)
    assert acks == [(ack["cmd_id"], True, now)]
    assert ing.terminate() == 0


def test_new_devices_and_points_are_picked_up_without_restart(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    dev = db.add_device("alpha", {"temp": FLOAT})
    ing = ingest_factory(TS_INGEST_REGISTRY_RELOAD_S="3600").start()
    before = ing.metric("ingest_registry_devices")
    points_before = ing.metric("ingest_registry_points")
    late = db.add_device("alpha", {"rpm": ("int", [])})
    wait_until(lambda: ing.metric("ingest_registry_devices") > before, "NOTIFY recarregou o registro")
    db.add_point(dev, "pressure", "float")
    wait_until(lambda: ing.metric("ingest_registry_points") >= points_before + 2, "novo ponto no registro")
    now = _iso(datetime.now(UTC))
    publisher.publish(
        late.topic("telem"), json.dumps({"schema": "v1", "ts": now, "points": [{"name": "rpm", "t": "int", "v": 1500}]})
    )
    publisher.publish(
        dev.topic("telem"),
        json.dumps({"schema": "v1", "ts": now, "points": [{"name": "pressure", "t": "float", "v": 2.5}]}),
    )
    wait_until(lambda: ing.metric("ingest_messages_acked_total") >= 2, "2 PUBACKs")
    assert db.errors(f"%/{late.device_slug}/telem") == []
    assert db.errors(f"%/{dev.device_slug}/telem") == []
    assert db.count(late) == 1
    assert db.count(dev) == 1
    assert ing.terminate() == 0


def test_parsec_device(db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]) -> None:
    dev = db.add_device(
        "alpha",
        {
            "status": ("enum", ["RUN", "STOP"]),
            "fault": ("bool", []),
            "device_state": ("enum", ["RUN", "STOP", "FAULT"]),
        },
        adapter="parsec_v1",
    )
    ing = ingest_factory().start()
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=10)
    for i, (di1, di2) in enumerate([(1, 0), (1, 1), (0, 0)]):
        publisher.publish(
            dev.topic("telem"),
            json.dumps(
                {"schema": "parsec_v1", "ts": _iso(t0 + timedelta(seconds=i)), "di1": di1, "di2": di2, "seq": i}
            ),
        )
    wait_until(lambda: db.count(dev) == 9, "3 mensagens x 3 pontos")
    states = db.query(
        "SELECT ts, v_text FROM public.ts_measure WHERE point_id = %s ORDER BY ts", dev.points["device_state"]
    )
    assert [s[1] for s in states] == ["RUN", "FAULT", "STOP"]
    assert ing.terminate() == 0


def test_ack_is_written_without_waiting_for_the_batch_window(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    """Com janela de lote de 60 s, um ACK (alguém espera por ele na API) ainda é gravado de imediato;
    a telemetria publicada antes dele vai no mesmo lote. Sem o flush urgente, este teste esgota o prazo."""
    dev = db.add_device("alpha", {"temp": FLOAT})
    ing = ingest_factory(TS_INGEST_BATCH_MAX_AGE_S="60").start()
    now = datetime.now(UTC).replace(microsecond=0)
    envelope = {"schema": "v1", "ts": _iso(now), "points": [{"name": "temp", "t": "float", "v": 1.5}]}
    publisher.publish(dev.topic("telem"), json.dumps(envelope))
    ack = {"schema": "v1", "cmd_id": f"urgent-{dev.device_slug}", "ok": True, "ts_exec": _iso(now), "err": None}
    publisher.publish(dev.topic("ack"), json.dumps(ack))
    wait_until(
        lambda: db.query("SELECT count(*) FROM public.cmd_ack WHERE cmd_id = %s", ack["cmd_id"]) == [(1,)],
        "ACK gravado antes da janela de 60 s",
        timeout=15,
    )
    assert db.query("SELECT count(*) FROM public.ts_measure WHERE device_id = %s", dev.device_id) == [(1,)]
    assert ing.terminate() == 0


def test_sigusr1_logs_every_asyncio_task_and_the_service_keeps_running(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    """Diagnóstico de operação: `kill -USR1` registra a pilha de cada tarefa asyncio e não derruba o serviço."""
    dev = db.add_device("alpha", {"temp": FLOAT})
    ing = ingest_factory().start()
    assert ing.proc is not None
    ing.proc.send_signal(signal.SIGUSR1)

    def dumped() -> list[dict[str, str]]:
        lines = [json.loads(x) for x in ing.log_text().splitlines() if x.startswith("{")]
        return [x for x in lines if x.get("msg") == "tarefa asyncio"]

    wait_until(lambda: {"registry", "writer-0"} <= {d["task"] for d in dumped()}, "pilhas das tarefas no log")
    assert all(d["stack"].startswith("Stack for") for d in dumped())
    ts = datetime.now(UTC).replace(microsecond=0)
    doc = {"schema": "v1", "ts": _iso(ts), "points": [{"name": "temp", "t": "float", "v": 1.5}]}
    publisher.publish(dev.topic("telem"), json.dumps(doc))
    wait_until(lambda: db.count(dev) == 1, "telemetria gravada depois do SIGUSR1")
    assert ing.terminate() == 0
