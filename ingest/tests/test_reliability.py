"""Confiabilidade com serviços reais: kill -9 do ingest, restart do broker, banco fora por 30 s.

Em todos: o publicador publica pontos com ts/valores únicos em QoS1 (só conta o que o broker confirmou);
no fim, `ts_measure` tem exatamente o conjunto publicado — nada perdido, nada duplicado, valores certos.
Os prazos de `wait_until` só protegem contra travamento; nenhum teste afirma sobre duração.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from testsupport.ingest import Db, Device, IngestProcess
from testsupport.mqtt import Publisher, wait_until
from testsupport.stack import stack

pytestmark = pytest.mark.slow

POINTS = 25


def _device(db: Db) -> Device:
    return db.add_device("alpha", {f"p{k:02d}": ("float", []) for k in range(POINTS)})


def _stream(
    dev: Device, n: int, first: int = 0
) -> tuple[list[tuple[str, bytes]], set[tuple[uuid.UUID, datetime, float]]]:
    """n mensagens v1 com POINTS pontos cada; ts único por mensagem, valor único por ponto."""
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    msgs, expected = [], set()
    for i in range(first, first + n):
        ts = t0 + timedelta(milliseconds=10 * i)
        pts = []
        for k in range(POINTS):
            v = i * 1000.0 + k
            pts.append({"name": f"p{k:02d}", "t": "float", "v": v})
            expected.add((dev.points[f"p{k:02d}"], ts, v))
        body = {"schema": "v1", "ts": ts.isoformat().replace("+00:00", "Z"), "points": pts}
        msgs.append((dev.topic("telem"), json.dumps(body).encode()))
    return msgs, expected


def _assert_exactly_once(db: Db, dev: Device, expected: set[tuple[uuid.UUID, datetime, float]]) -> None:
    wait_until(lambda: db.count(dev) >= len(expected), f"{len(expected)} linhas gravadas")
    rows = db.measures(dev)
    got = [(r[0], r[1], r[2]) for r in rows]
    assert len(got) == len(set(got)), "linha duplicada"
    assert set(got) == expected


def _background(fn: Callable[[], None]) -> threading.Thread:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:
            errors.append(exc)
            raise

    t = threading.Thread(target=run, daemon=True)
    t.errors = errors  # type: ignore[attr-defined]
    t.start()
    return t


def _join(t: threading.Thread) -> None:
    t.join(300)
    assert not t.is_alive(), "publicador travou"
    assert not t.errors, t.errors  # type: ignore[attr-defined]


def test_kill_9_mid_stream_then_restart(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    dev = _device(db)
    first, exp1 = _stream(dev, 400)
    second, exp2 = _stream(dev, 200, first=400)
    ing = ingest_factory(TS_INGEST_BATCH_MAX_AGE_S="0.05", TS_INGEST_BATCH_MAX_ROWS="500").start()
    pub = _background(lambda: publisher.publish_many(first))
    wait_until(lambda: db.count(dev) > 0, "primeiras linhas gravadas")
    ing.kill9()  # em meio ao fluxo: há mensagens recebidas, gravadas ou não, sem PUBACK
    _join(pub)
    publisher.publish_many(second)  # chegam enquanto o ingest está morto: ficam na sessão do broker
    ing.start()  # mesmo client id: retoma a sessão persistente e recebe as não confirmadas
    _assert_exactly_once(db, dev, exp1 | exp2)
    assert ing.terminate() == 0


def test_broker_restart_mid_stream(db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]) -> None:
    dev = _device(db)
    msgs, expected = _stream(dev, 600)
    ing = ingest_factory(TS_INGEST_BATCH_MAX_AGE_S="0.05", TS_INGEST_BATCH_MAX_ROWS="500").start()
    pub = _background(lambda: publisher.publish_many(msgs))
    wait_until(lambda: db.count(dev) > 0, "primeiras linhas gravadas")
    stack("stop-service", "mqtt")  # SIGTERM: o Mosquitto grava a persistência (sessões e filas)
    stack("start-service", "mqtt")
    _join(pub)
    _assert_exactly_once(db, dev, expected)
    assert "MQTT desconectado" in ing.log_text()
    wait_until(lambda: ing.healthz().get("mqtt_connected") is True, "ingest reconectado")
    assert ing.terminate() == 0


def test_database_down_30s_keeps_memory_bounded_and_loses_nothing(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    cap = 100
    dev = _device(db)
    msgs, expected = _stream(dev, 1500)
    ing = ingest_factory(
        TS_INGEST_RECEIVE_MAXIMUM=str(cap), TS_INGEST_BATCH_MAX_AGE_S="0.05", TS_INGEST_BATCH_MAX_ROWS="500"
    ).start()
    publisher.publish_many(msgs[:100])
    wait_until(lambda: db.count(dev) > 0, "primeiras linhas gravadas")
    stack("stop-service", "pg")
    try:
        # Com o banco fora, o publicador continua: o ingest enche até o limite e para de receber.
        publisher.publish_many(msgs[100:])
        wait_until(lambda: ing.metric("ingest_inflight_messages") >= cap, "back-pressure atingiu o limite")
        wait_until(lambda: ing.healthz().get("db_ok") is False, "health reporta banco fora")
        samples = []
        deadline = time.monotonic() + 30  # o banco fica fora ~30 s
        while time.monotonic() < deadline:
            samples.append(ing.metric("ingest_inflight_messages"))
            time.sleep(1)
    finally:
        stack("start-service", "pg")
    # Nunca mais que o Receive Maximum em memória (o resto ficou na fila do broker).
    assert max(samples) == cap
    assert ing.metric("ingest_inflight_messages_max") <= cap
    _assert_exactly_once(db, dev, expected)
    assert ing.metric("ingest_flush_retries_total") > 0
    assert ing.terminate() == 0


def test_sigterm_flushes_and_acks_what_it_committed(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    dev = _device(db)
    msgs, expected = _stream(dev, 300)
    ing = ingest_factory(TS_INGEST_BATCH_MAX_AGE_S="0.05").start()
    pub = _background(lambda: publisher.publish_many(msgs))
    wait_until(lambda: db.count(dev) > 0, "primeiras linhas gravadas")
    assert ing.terminate() == 0  # SIGTERM em meio ao fluxo: sai limpo
    text = ing.log_text()
    assert "ingest encerrado" in text
    _join(pub)
    ing.start()
    _assert_exactly_once(db, dev, expected)
    assert ing.terminate() == 0
