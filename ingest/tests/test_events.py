"""Publicação pós-commit nos streams de avaliação (ingest/events.py): formato das entradas no Redis real e
Redis fora não trava nem derruba o ingest (a telemetria continua gravada e confirmada)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import redis

from ingest.events import partition_of
from testsupport.ingest import Db, IngestProcess
from testsupport.mqtt import Publisher, free_port, wait_until

pytestmark = pytest.mark.slow


def _telem(ts: datetime, value: float) -> bytes:
    doc = {"schema": "v1", "ts": ts.isoformat(), "points": [{"name": "temp", "t": "float", "v": value}]}
    return json.dumps(doc).encode()


def test_committed_values_are_published_per_device_partition(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    prefix = f"test-ev-{uuid.uuid4().hex[:8]}"
    dev = db.add_device("alpha", {"temp": ("float", [])})
    ing = ingest_factory(TS_EVAL_STREAM_PREFIX=prefix, TS_EVAL_PARTITIONS="3").start()
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=10)
    publisher.publish_many([(dev.topic("telem"), _telem(t0 + timedelta(seconds=i), 20.0 + i)) for i in range(5)])
    publisher.publish(dev.topic("state"), json.dumps({"online": False, "ts": t0.isoformat()}))
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    stream = f"{prefix}:{partition_of(dev.device_id, 3)}"

    def published() -> list[dict[str, object]]:
        return [json.loads(f[b"e"]) for _, f in client.xrange(stream)]

    wait_until(lambda: sum(len(e["p"]) for e in published()) == 5 and any(e["s"] for e in published()), "publicado")
    entries = published()
    assert {e["t"] for e in entries} == {str(dev.tenant_id)}
    assert {e["d"] for e in entries} == {str(dev.device_id)}
    values = sorted(p[2] for e in entries for p in e["p"])  # type: ignore[attr-defined]
    assert values == [20.0, 21.0, 22.0, 23.0, 24.0]
    # Cada valor é [ponto, ts, num, bool, texto] (o que o avaliador desempacota), nada a mais.
    items = sorted((p for e in entries for p in e["p"]), key=lambda p: p[1])  # type: ignore[attr-defined]
    assert [len(p) for p in items] == [5] * 5
    assert [p[1] for p in items] == [(t0 + timedelta(seconds=i)).isoformat() for i in range(5)]
    assert {(p[3], p[4]) for p in items} == {(None, None)}
    assert len({p[0] for p in items}) == 1
    assert [s for e in entries for s in e["s"]] == [[False, t0.isoformat()]]  # type: ignore[attr-defined]
    # Nenhuma outra partição recebeu este dispositivo.
    others = [f"{prefix}:{i}" for i in range(3) if f"{prefix}:{i}" != stream]
    assert all(client.xlen(s) == 0 for s in others)
    assert ing.terminate() == 0


def test_redis_down_never_blocks_ingest(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    dev = db.add_device("alpha", {"temp": ("float", [])})
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"  # ninguém escutando
    ing = ingest_factory(TS_EVAL_REDIS_URL=dead_redis).start()
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=60)
    publisher.publish_many([(dev.topic("telem"), _telem(t0 + timedelta(seconds=i), float(i))) for i in range(30)])
    wait_until(lambda: db.count(dev) == 30, "telemetria gravada com o Redis fora")
    wait_until(lambda: ing.metric("ingest_messages_acked_total") >= 30, "PUBACK de tudo")
    wait_until(lambda: ing.metric('ingest_eval_events_dropped_total{reason="redis_error"}') > 0, "descartes contados")
    assert ing.healthz()["healthy"] is True
    assert ing.terminate() == 0
