"""Estado Parsec (`device_state`): nenhuma mensagem recusada muda debounce ou estado; FAULT é imediato e
nunca mascarado (000 §5; issue 10 item 3).

Primeiro no pipeline puro (sequências exatas e uma propriedade com Hypothesis), depois ponta a ponta com
broker, `python -m ingest` e banco reais, contando as linhas gravadas.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.adapters.parsec_v1 import FAULT, RUN, STOP
from ingest.tests.factories import NOW, PARSEC_POINTS, pipeline
from testsupport.ingest import Db, IngestProcess
from testsupport.mqtt import Publisher, wait_until

TOPIC = "traksense/acme/plant/inv-1/telem"
STATE_ID = PARSEC_POINTS["device_state"].point_id
FAULT_ID = PARSEC_POINTS["fault"].point_id
T0 = NOW - timedelta(minutes=10)


def _iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def parsec(ts: datetime | str, di1: int, di2: int) -> bytes:
    return orjson.dumps({"schema": "parsec_v1", "ts": ts if isinstance(ts, str) else _iso(ts), "di1": di1, "di2": di2})


def rejected(reason: str, di1: int = 1, di2: int = 0) -> bytes:
    """Uma mensagem Parsec recusada pelo motivo dado, dizendo (se fosse aceita) o estado de (di1, di2).

    O padrão é RUN: a sequência exata do issue (RUN, um `ts` em 2100 ainda RUN, di2 = 1) deixava o
    `last_ts` do debounce em 2100 e toda leitura seguinte caía como "fora de ordem", presa em RUN."""
    if reason == "ts_future":
        return parsec("2100-01-01T00:00:00Z", di1, di2)
    if reason == "ts_too_old":
        return parsec("2000-01-01T00:00:00Z", di1, di2)
    if reason == "malformed_json":
        return parsec(T0, di1, di2)[:-1]
    assert reason == "schema_violation"
    return orjson.dumps({"schema": "parsec_v1", "ts": _iso(T0), "di1": di1, "di2": 7})


REASONS = ("malformed_json", "schema_violation", "ts_future", "ts_too_old")
SAYS = {RUN: (1, 0), STOP: (0, 0), FAULT: (0, 1)}
REJECTED = {reason: rejected(reason) for reason in REASONS}


def _state(out_rows: list[tuple[object, ...]]) -> str | None:
    states = [r[6] for r in out_rows if r[2] == STATE_ID]
    assert len(states) <= 1
    return states[0] if states else None


@pytest.mark.parametrize("debounce", [0.0, 2.0])
@pytest.mark.parametrize("says", sorted(SAYS))
@pytest.mark.parametrize("reason", REASONS)
def test_rejected_message_between_run_and_fault_does_not_hide_the_fault(
    reason: str, says: str, debounce: float
) -> None:
    """A sequência exata do issue (RUN, mensagem recusada dizendo RUN, di2 = 1) e suas variantes (motivo da
    recusa × estado que a recusada diria × debounce)."""
    p = pipeline(debounce_s=debounce)
    run = p.process(TOPIC, parsec(T0, 1, 0), NOW)
    assert _state(run.rows) == RUN
    bad = p.process(TOPIC, rejected(reason, *SAYS[says]), NOW)
    assert [d.reason for d in bad.dead] == [reason]
    assert bad.rows == []
    fault = p.process(TOPIC, parsec(T0 + timedelta(seconds=1), 1, 1), NOW)
    assert fault.dead == []
    assert _state(fault.rows) == FAULT
    later = p.process(TOPIC, parsec(T0 + timedelta(seconds=2), 1, 1), NOW)
    assert _state(later.rows) == FAULT


def test_out_of_order_fault_is_stored_as_fault_without_changing_state() -> None:
    p = pipeline(debounce_s=2.0)
    assert _state(p.process(TOPIC, parsec(T0 + timedelta(seconds=10), 1, 0), NOW).rows) == RUN
    late = p.process(TOPIC, parsec(T0 + timedelta(seconds=5), 1, 1), NOW)  # chega atrasada
    assert [(r[2], r[5], r[6]) for r in late.rows if r[2] in (FAULT_ID, STATE_ID)] == [
        (FAULT_ID, True, None),
        (STATE_ID, None, FAULT),
    ]
    # Não mexeu no estado: a próxima leitura em ordem continua RUN (sem debounce de saída de FAULT).
    assert _state(p.process(TOPIC, parsec(T0 + timedelta(seconds=11), 1, 0), NOW).rows) == RUN


def test_first_reading_rejected_does_not_seed_the_state() -> None:
    """Sem estado ainda: uma leitura STOP no futuro não pode virar o estado inicial do dispositivo."""
    p = pipeline(debounce_s=2.0)
    assert p.process(TOPIC, rejected("ts_future", 0, 0), NOW).dead[0].reason == "ts_future"
    assert _state(p.process(TOPIC, parsec(T0, 1, 0), NOW).rows) == RUN
    # Com o estado estável RUN, STOP só é adotado após 2 s (debounce) — como se a recusada não existisse.
    assert _state(p.process(TOPIC, parsec(T0 + timedelta(seconds=1), 0, 0), NOW).rows) == RUN
    assert _state(p.process(TOPIC, parsec(T0 + timedelta(seconds=3), 0, 0), NOW).rows) == STOP


readings = st.lists(
    st.tuples(
        st.booleans(),
        st.booleans(),
        st.integers(min_value=-3, max_value=5),
        st.sampled_from([None, *REASONS]),
        st.sampled_from(sorted(SAYS)),
    ),
    max_size=30,
)


@given(readings, st.sampled_from([0.0, 1.0, 2.0, 4.0]))
def test_rejected_messages_never_change_any_stored_state(
    seq: list[tuple[bool, bool, int, str | None, str]], debounce: float
) -> None:
    """Propriedade: intercalar mensagens recusadas em qualquer ponto não muda nenhum `device_state` gravado;
    e toda linha com fault = true tem device_state = FAULT (inclusive leituras fora de ordem)."""
    clean, noisy = pipeline(debounce_s=debounce), pipeline(debounce_s=debounce)
    ts = T0
    for di1, di2, step, reason, says in seq:
        ts += timedelta(seconds=step)  # passo negativo = leitura fora de ordem
        if reason is not None:
            out = noisy.process(TOPIC, rejected(reason, *SAYS[says]), NOW)
            assert out.rows == []
            assert [d.reason for d in out.dead] == [reason]
        msg = parsec(ts, int(di1), int(di2))
        a, b = clean.process(TOPIC, msg, NOW), noisy.process(TOPIC, msg, NOW)
        assert a.rows == b.rows
        if di2:
            assert _state(a.rows) == FAULT


def test_device_state_point_misregistered_does_not_touch_the_state() -> None:
    """`device_state` sem FAULT no enum do registro: a amostra vira dead letter e o debounce não observa."""
    from dataclasses import replace
    from types import MappingProxyType

    from ingest.registry import PointRoute, RegistrySnapshot
    from ingest.tests.factories import snapshot

    snap = snapshot()
    dev = snap.devices[("acme", "plant", "inv-1")]
    bad_point = PointRoute(STATE_ID, "device_state", "enum", None, frozenset({"RUN", "STOP"}))
    broken = RegistrySnapshot.build([replace(dev, points=MappingProxyType({**dev.points, "device_state": bad_point}))])
    p_broken = pipeline(broken, debounce_s=2.0)
    out = p_broken.process(TOPIC, parsec(T0, 0, 0), NOW)
    assert [d.reason for d in out.dead] == ["bad_enum"]
    assert _state(out.rows) is None
    assert len(out.rows) == 2


# --- ponta a ponta: broker, ingest e banco reais ------------------------------------------------

PARSEC_DEVICE_POINTS = {
    "status": ("enum", ["RUN", "STOP"]),
    "fault": ("bool", []),
    "device_state": ("enum", ["RUN", "STOP", "FAULT"]),
}


@pytest.mark.slow
def test_issue_sequence_end_to_end(db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]) -> None:
    """RUN → mensagem recusada → di2 = 1 em quatro dispositivos (uma variante de recusa por dispositivo) e
    uma leitura de falha fora de ordem; conta exatamente as linhas e as dead letters."""
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    devices = {reason: db.add_device("alpha", PARSEC_DEVICE_POINTS, adapter="parsec_v1") for reason in sorted(REJECTED)}
    ooo = db.add_device("alpha", PARSEC_DEVICE_POINTS, adapter="parsec_v1")
    ing = ingest_factory(TS_INGEST_PARSEC_DEBOUNCE_S="2").start()
    msgs: list[tuple[str, bytes]] = []
    for reason, dev in devices.items():
        topic = dev.topic("telem")
        msgs += [
            (topic, parsec(t0, 1, 0)),
            (topic, REJECTED[reason]),
            (topic, parsec(t0 + timedelta(seconds=1), 1, 1)),
            (topic, parsec(t0 + timedelta(seconds=2), 1, 1)),
        ]
    msgs += [
        (ooo.topic("telem"), parsec(t0 + timedelta(seconds=10), 1, 0)),
        (ooo.topic("telem"), parsec(t0 + timedelta(seconds=5), 1, 1)),  # atrasada
        (ooo.topic("telem"), parsec(t0 + timedelta(seconds=11), 1, 0)),
    ]
    publisher.publish_many(msgs)
    wait_until(lambda: ing.metric("ingest_messages_acked_total") >= len(msgs), "todas as mensagens confirmadas")

    def states(dev_points: dict[str, object], device_id: object) -> list[tuple[datetime, str]]:
        rows = db.query(
            "SELECT ts, v_text FROM public.ts_measure WHERE device_id = %s AND point_id = %s ORDER BY ts",
            device_id,
            dev_points["device_state"],
        )
        return [(r[0], r[1]) for r in rows]

    for reason, dev in devices.items():
        assert db.count(dev) == 9, reason  # 3 mensagens aceitas × 3 pontos
        assert states(dev.points, dev.device_id) == [
            (t0, RUN),
            (t0 + timedelta(seconds=1), FAULT),
            (t0 + timedelta(seconds=2), FAULT),
        ], reason
        assert [e[0] for e in db.errors(dev.topic("telem"))] == [reason]
    assert db.count(ooo) == 9
    assert states(ooo.points, ooo.device_id) == [
        (t0 + timedelta(seconds=5), FAULT),
        (t0 + timedelta(seconds=10), RUN),
        (t0 + timedelta(seconds=11), RUN),
    ]
    faults = db.query(
        "SELECT count(*) FROM public.ts_measure m JOIN public.ts_measure s"
        " ON s.device_id = m.device_id AND s.ts = m.ts AND s.point_id = %s"
        " WHERE m.device_id = %s AND m.point_id = %s AND m.v_bool AND s.v_text <> 'FAULT'",
        ooo.points["device_state"],
        ooo.device_id,
        ooo.points["fault"],
    )
    assert faults == [(0,)]
    assert ing.healthz()["healthy"] is True
    assert ing.terminate() == 0
