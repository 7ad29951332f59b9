"""Pipeline puro: cada tipo de entrada ruim vira dead letter com o motivo certo; o válido vira linha."""

from __future__ import annotations

import dataclasses

import orjson
import pytest

from ingest.registry import RegistrySnapshot
from ingest.tests.factories import DEVICE, NOW, PARSEC, POINTS, TENANT, pipeline, snapshot, v1

T = "traksense/acme/plant/chiller-1/telem"


def test_valid_v1_message_becomes_typed_rows() -> None:
    out = pipeline().process(
        T,
        v1(
            [
                {"name": "temp", "t": "float", "v": 7.5, "u": "°C"},
                {"name": "count", "t": "int", "v": 3},
                {"name": "on", "t": "bool", "v": True},
                {"name": "mode", "t": "enum", "v": "AUTO"},
                {"name": "label", "t": "text", "v": "ok", "q": 2},
            ],
            meta={"fw": "1.2.3"},
        ),
        NOW,
    )
    assert out.dead == []
    assert out.tenant_id == TENANT
    by_point = {r[2]: r for r in out.rows}
    temp = by_point[POINTS["temp"].point_id]
    assert temp[:2] == (TENANT, DEVICE)
    assert temp[4:9] == (7.5, None, None, "°C", 0)
    assert orjson.loads(temp[9] or "null") == {"fw": "1.2.3"}
    assert by_point[POINTS["count"].point_id][4] == 3.0
    assert by_point[POINTS["on"].point_id][5] is True
    assert by_point[POINTS["mode"].point_id][6] == "AUTO"
    assert by_point[POINTS["label"].point_id][6:9] == ("ok", None, 2)


@pytest.mark.parametrize(
    ("topic", "payload", "reason"),
    [
        (T, b"{not json", "malformed_json"),
        (
            T,
            b'{"schema":"v1","ts":"2026-11-23T11:59:00Z","points":[{"name":"temp","t":"float","v":NaN}]}',
            "non_finite",
        ),
        (
            T,
            b'{"schema":"v1","ts":"2026-11-23T11:59:00Z","points":[{"name":"temp","t":"float","v":1e999}]}',
            "non_finite",
        ),
        (T, v1([{"name": "temp", "t": "float", "v": 1}], ts="2026-11-23T11:59:00"), "schema_violation"),
        (T, v1([]), "schema_violation"),
        (T, orjson.dumps({"schema": "v2", "ts": "2026-11-23T11:59:00Z"}), "schema_violation"),
        (T, v1([{"name": "temp", "t": "float", "v": 1, "x": 1}]), "schema_violation"),
        (T, v1([{"name": "temp", "t": "float", "v": 1}], ts="2026-11-23T12:10:00Z"), "ts_future"),
        (T, v1([{"name": "temp", "t": "float", "v": 1}], ts="2024-01-01T00:00:00Z"), "ts_too_old"),
        (T, v1([{"name": "nope", "t": "float", "v": 1}]), "unknown_point"),
        (T, v1([{"name": "temp", "t": "int", "v": 1}]), "wrong_type"),
        (T, v1([{"name": "temp", "t": "float", "v": "7"}]), "wrong_type"),
        (T, v1([{"name": "on", "t": "bool", "v": 1}]), "wrong_type"),
        (T, v1([{"name": "count", "t": "int", "v": 1.5}]), "wrong_type"),
        (T, v1([{"name": "mode", "t": "enum", "v": "OFF"}]), "bad_enum"),
        (T, b"x" * (256 * 1024 + 1), "oversize"),
        ("traksense/acme/plant/chiller-1", b"{}", "bad_topic"),
        ("traksense/acme/plant/chiller-1/cmd", b"{}", "bad_topic"),
        ("other/acme/plant/chiller-1/telem", b"{}", "bad_topic"),
        ("traksense/ghost/plant/chiller-1/telem", v1([{"name": "temp", "t": "float", "v": 1}]), "unknown_tenant"),
        ("traksense/acme/plant/ghost/telem", v1([{"name": "temp", "t": "float", "v": 1}]), "unknown_device"),
        ("traksense/acme/plant/chiller-1/telem", orjson.dumps({"schema": "parsec_v1"}), "schema_violation"),
        ("traksense/acme/plant/chiller-1/state", b'{"online":"maybe"}', "schema_violation"),
        ("traksense/acme/plant/chiller-1/event", b'{"code":"x"}', "schema_violation"),
        ("traksense/acme/plant/chiller-1/ack", b'{"schema":"v1","ok":true}', "schema_violation"),
    ],
)
def test_bad_input_is_dead_lettered_with_reason(topic: str, payload: bytes, reason: str) -> None:
    out = pipeline().process(topic, payload, NOW)
    assert out.rows == []
    assert [d.reason for d in out.dead] == [reason]
    dead = out.dead[0]
    assert dead.payload == payload
    assert dead.topic == topic
    assert dead.detail
    # Tenant conhecido fica registrado na dead letter (a API mostra ao tenant os seus erros).
    if reason not in ("unknown_tenant", "bad_topic", "oversize"):
        assert dead.tenant_id == TENANT


def test_inactive_device_is_dead_lettered() -> None:
    out = pipeline(snapshot(active=False)).process(T, v1([{"name": "temp", "t": "float", "v": 1}]), NOW)
    assert [d.reason for d in out.dead] == ["inactive_device"]


def test_decommissioned_device_is_dead_lettered_with_its_own_reason() -> None:
    base = snapshot(active=False).devices[("acme", "plant", "chiller-1")]
    snap = RegistrySnapshot.build([dataclasses.replace(base, decommissioned=True)])
    out = pipeline(snap).process(T, v1([{"name": "temp", "t": "float", "v": 1}]), NOW)
    assert [d.reason for d in out.dead] == ["device_decommissioned"]
    assert out.dead[0].tenant_id == TENANT
    assert not out.rows


def test_partial_message_writes_valid_points_and_dead_letters_each_reason_once() -> None:
    out = pipeline().process(
        T,
        v1(
            [
                {"name": "temp", "t": "float", "v": 1.0},
                {"name": "ghost1", "t": "float", "v": 1.0},
                {"name": "ghost2", "t": "float", "v": 1.0},
                {"name": "on", "t": "bool", "v": "yes"},
            ]
        ),
        NOW,
    )
    assert [r[2] for r in out.rows] == [POINTS["temp"].point_id]
    reasons = {d.reason: d.detail for d in out.dead}
    assert set(reasons) == {"unknown_point", "wrong_type"}
    assert "ghost1" in reasons["unknown_point"]
    assert "ghost2" in reasons["unknown_point"]
    assert "on" in reasons["wrong_type"]


def test_null_value_is_a_row_without_value() -> None:
    out = pipeline().process(T, v1([{"name": "temp", "t": "float", "v": None}]), NOW)
    assert out.dead == []
    assert out.rows[0][4:7] == (None, None, None)


def test_parsec_payload_maps_di1_di2_to_points() -> None:
    out = pipeline().process(
        "traksense/acme/plant/inv-1/telem",
        orjson.dumps({"schema": "parsec_v1", "ts": "2026-11-23T11:59:00Z", "di1": 1, "di2": 1, "seq": 7}),
        NOW,
    )
    assert out.dead == []
    values = {r[2]: (r[5], r[6]) for r in out.rows}
    from ingest.tests.factories import PARSEC_POINTS as P

    assert values[P["status"].point_id] == (None, "RUN")
    assert values[P["fault"].point_id] == (True, None)
    assert values[P["device_state"].point_id] == (None, "FAULT")
    assert all(r[1] == PARSEC for r in out.rows)
    assert orjson.loads(out.rows[0][9] or "null") == {"src": "parsec_v1", "seq": 7}


@pytest.mark.parametrize(
    ("payload", "online"),
    [(b"offline", False), (b'"offline"', False), (b"online", True), (b'{"online": true, "fw": "1.0"}', True)],
)
def test_state_payloads(payload: bytes, online: bool) -> None:
    out = pipeline().process("traksense/acme/plant/chiller-1/state", payload, NOW)
    assert out.dead == []
    assert [(s.device_id, s.online, s.last_seen) for s in out.statuses] == [(DEVICE, online, NOW)]


def test_event_alarm_and_ack_records() -> None:
    p = pipeline()
    ev = p.process(
        "traksense/acme/plant/chiller-1/alarm",
        b'{"ts":"2026-11-23T11:59:00Z","code":"HIGH_TEMP","severity":"major","value":9.1}',
        NOW,
    )
    assert [(e.kind, e.code, e.severity) for e in ev.events] == [("alarm", "HIGH_TEMP", "major")]
    ack = p.process(
        "traksense/acme/plant/chiller-1/ack",
        b'{"schema":"v1","cmd_id":"01JCMD","ok":false,"ts_exec":"2026-11-23T11:59:01Z","err":"busy"}',
        NOW,
    )
    assert [(a.cmd_id, a.ok, a.err) for a in ack.acks] == [("01JCMD", False, "busy")]
