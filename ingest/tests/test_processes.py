"""Ingest com vários processos (supervisor.py) contra o Mosquitto e o PostgreSQL reais.

Carga dividida entre os membros, um membro morto com `kill -9` no meio do fluxo (o supervisor o reinicia
com o mesmo client id e ele retoma a sessão persistente): no fim `ts_measure` tem exatamente o publicado.
Os prazos de `wait_until` só protegem contra travamento; nenhum teste afirma sobre duração.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ingest.config import member_client_id
from ingest.supervisor import merge_metrics
from ingest.tests.publishers import own_publisher
from testsupport.ingest import Db, Device, IngestProcess
from testsupport.mqtt import Publisher, drop_ingest_session, wait_until

pytestmark = pytest.mark.slow

DEVICES = 8
MEMBERS = 2


def _stream(devs: list[Device], n: int, first: int) -> tuple[list[tuple[str, bytes]], set[tuple[Any, ...]]]:
    """n mensagens v1 de 1 ponto, alternando dispositivos; (ponto, ts, valor) únicos."""
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    msgs, expected = [], set()
    for i in range(first, first + n):
        dev = devs[i % len(devs)]
        ts = t0 + timedelta(milliseconds=i)
        v = float(i)
        point = {"name": "x", "t": "float", "v": v}
        body = {"schema": "v1", "ts": ts.isoformat().replace("+00:00", "Z"), "points": [point]}
        msgs.append((dev.topic("telem"), json.dumps(body).encode()))
        expected.add((dev.points["x"], ts, v))
    return msgs, expected


def _rows(db: Db, devs: list[Device]) -> list[tuple[Any, ...]]:
    return db.query(
        "SELECT point_id, ts, v_num FROM public.ts_measure WHERE device_id = ANY(%s)", [d.device_id for d in devs]
    )


def _member_received(ing: IngestProcess) -> dict[str, float]:
    """`ingest_messages_received_total{kind="telem"}` de cada membro, pelo /metrics agregado do supervisor."""
    out: dict[str, float] = {}
    with urllib.request.urlopen(f"http://127.0.0.1:{ing.health_port}/metrics", timeout=5) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("ingest_messages_received_total{") and 'kind="telem"' in line:
                member = line.split('member="', 1)[1].split('"', 1)[0]
                out[member] = float(line.rsplit(" ", 1)[1])
    return out


@pytest.fixture
def publisher() -> Iterator[Publisher]:
    """Credenciais próprias (ver ingest/tests/publishers.py), não as da sessão."""
    with own_publisher() as pub:
        yield pub


@pytest.fixture
def multi_ingest(ingest_factory: Callable[..., IngestProcess]) -> Iterator[IngestProcess]:
    ing = ingest_factory(
        TS_INGEST_PROCESSES=str(MEMBERS), TS_INGEST_BATCH_MAX_AGE_S="0.05", TS_INGEST_BATCH_MAX_ROWS="200"
    )
    yield ing
    # A fixture do conftest apaga a sessão da base; as dos membros são `<base>-<i>`.
    if ing.proc is not None:
        ing.terminate()
    for i in range(MEMBERS):
        drop_ingest_session(member_client_id(ing.client_id, i, MEMBERS))


def test_members_split_the_load_and_a_killed_member_loses_nothing(
    db: Db, publisher: Publisher, multi_ingest: IngestProcess
) -> None:
    # Assinaturas particionadas por tenant (ADR-004): crc32("alpha") % 2 = 0 e crc32("beta") % 2 = 1, então
    # metade dos dispositivos em cada tenant dá trabalho aos dois membros.
    devs = [db.add_device(("alpha", "beta")[i % 2], {"x": ("float", [])}) for i in range(DEVICES)]
    first, exp1 = _stream(devs, 1200, 0)
    second, exp2 = _stream(devs, 600, 1200)
    ing = multi_ingest.start()
    health = ing.healthz()
    members = health["members"]
    assert [mb["client_id"] for mb in members] == [f"{ing.client_id}-{i}" for i in range(MEMBERS)]
    assert all(mb["healthy"] for mb in members)

    errors: list[BaseException] = []

    def publish() -> None:
        try:
            publisher.publish_many(first)
        except BaseException as exc:
            errors.append(exc)
            raise

    pub = threading.Thread(target=publish, daemon=True)
    pub.start()
    # Os dois membros recebendo (cada um dono de um tenant) antes do kill.
    wait_until(lambda: len([v for v in _member_received(ing).values() if v > 0]) == MEMBERS, "os dois membros recebem")
    received_before_kill = _member_received(ing)
    victim = members[0]["pid"]
    os.kill(victim, signal.SIGKILL)  # em meio ao fluxo: mensagens recebidas e sem PUBACK ficam na sessão dele
    pub.join(300)
    assert not pub.is_alive(), "publicador travou"
    assert not errors, errors
    publisher.publish_many(second)

    def restarted() -> bool:
        mb = ing.healthz().get("members", [{}])[0]
        return mb.get("restarts") == 1 and mb.get("pid") not in (None, victim) and mb.get("healthy") is True

    wait_until(restarted, "supervisor reiniciou o membro 0 com o mesmo client id")
    expected = exp1 | exp2
    wait_until(lambda: len(_rows(db, devs)) >= len(expected), f"{len(expected)} linhas gravadas")
    got = [(r[0], r[1], r[2]) for r in _rows(db, devs)]
    assert len(got) == len(set(got)), "linha duplicada"
    assert set(got) == expected
    assert all(received_before_kill[str(i)] > 0 for i in range(MEMBERS)), received_before_kill
    assert 'ingest_member_restarts_total{member="0"} 1.0' in _metrics_text(ing)
    assert ing.terminate() == 0
    log = ing.log_text()
    assert "membro saiu sem pedido" in log
    assert '"member":1' in log  # linhas dos membros identificadas


def _metrics_text(ing: IngestProcess) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{ing.health_port}/metrics", timeout=5) as r:
        return str(r.read().decode())


def test_merge_metrics_keeps_families_together_with_member_label() -> None:
    a = (
        "# HELP c_total Contador\n# TYPE c_total counter\nc_total 1.0\nc_created 5.0\n"
        '# HELP h Hist\n# TYPE h histogram\nh_bucket{le="1.0"} 2.0\nh_count 2.0\n'
    )
    b = (
        "# HELP c_total Contador\n# TYPE c_total counter\nc_total 3.0\n"
        '# HELP h Hist\n# TYPE h histogram\nh_bucket{le="1.0"} 4.0\n'
    )
    merged = merge_metrics([("0", a), ("1", b)]).splitlines()
    assert merged == [
        "# HELP c_total Contador",
        "# TYPE c_total counter",
        'c_total{member="0"} 1.0',
        'c_created{member="0"} 5.0',
        'c_total{member="1"} 3.0',
        "# HELP h Hist",
        "# TYPE h histogram",
        'h_bucket{member="0",le="1.0"} 2.0',
        'h_count{member="0"} 2.0',
        'h_bucket{member="1",le="1.0"} 4.0',
    ]


def test_member_client_ids_are_stable_and_distinct() -> None:
    base = f"ing-{uuid.uuid4().hex[:6]}"
    assert member_client_id(base, 0, 1) == base  # um processo: o id de sempre (sessão existente)
    ids = [member_client_id(base, i, 4) for i in range(4)]
    assert ids == [f"{base}-{i}" for i in range(4)]
    assert ids == [member_client_id(base, i, 4) for i in range(4)]
