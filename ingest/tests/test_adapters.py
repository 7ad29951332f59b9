"""Propriedades dos adapters (hypothesis): nenhuma entrada escapa da classificação; ida e volta do v1;
FAULT sempre sobrepõe e o debounce nunca esconde uma falha."""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime, timedelta

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.adapters.parsec_v1 import FAULT, RUN, STOP, Debouncer, raw_state
from ingest.dlq import REASONS
from ingest.tests.factories import NOW, POINTS, pipeline

T = "traksense/acme/plant/chiller-1/telem"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_escape(payload: bytes) -> None:
    out = pipeline().process(T, payload, NOW)
    # Ou gravou linhas, ou tudo virou dead letter com motivo conhecido — nunca exceção, nunca nada.
    assert out.rows or out.dead
    assert all((d.reason in REASONS and d.reason != "schema_violation") or d.detail for d in out.dead)
    assert all(not d.detail.startswith("erro interno") for d in out.dead)


@given(json_values)
def test_arbitrary_json_never_escapes(doc: object) -> None:
    out = pipeline().process(T, json.dumps(doc).encode(), NOW)
    assert out.rows or out.dead
    assert {d.reason for d in out.dead} <= set(REASONS)
    assert all(not d.detail.startswith("erro interno") for d in out.dead)


@given(
    st.dictionaries(
        st.sampled_from(["name", "t", "v", "u", "q", "zz"]),
        json_values,
        max_size=6,
    )
)
def test_arbitrary_points_never_escape(point: dict[str, object]) -> None:
    payload = json.dumps({"schema": "v1", "ts": "2026-11-23T11:59:00Z", "points": [point]}).encode()
    out = pipeline().process(T, payload, NOW)
    assert out.rows or out.dead
    assert all(not d.detail.startswith("erro interno") for d in out.dead)


temps = st.floats(allow_nan=False, allow_infinity=False, width=64)


@given(
    st.lists(temps, min_size=1, max_size=1).map(lambda x: x[0]),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.booleans(),
    st.sampled_from(["AUTO", "MAN"]),
    st.text(max_size=200),
    st.integers(min_value=-290, max_value=0),
)
@settings(max_examples=200)
def test_valid_v1_round_trips(temp: float, count: int, on: bool, mode: str, label: str, offset_s: int) -> None:
    ts = NOW + timedelta(seconds=offset_s)
    payload = orjson.dumps(
        {
            "schema": "v1",
            "ts": ts.isoformat(),
            "points": [
                {"name": "temp", "t": "float", "v": temp},
                {"name": "count", "t": "int", "v": count},
                {"name": "on", "t": "bool", "v": on},
                {"name": "mode", "t": "enum", "v": mode},
                {"name": "label", "t": "text", "v": label},
            ],
        }
    )
    out = pipeline().process(T, payload, NOW)
    assert out.dead == []
    got = {r[2]: r for r in out.rows}
    assert all(r[3] == ts for r in out.rows)
    assert got[POINTS["temp"].point_id][4] == temp
    assert got[POINTS["count"].point_id][4] == float(count)
    assert got[POINTS["on"].point_id][5] is on
    assert got[POINTS["mode"].point_id][6] == mode
    assert got[POINTS["label"].point_id][6] == label
    assert all(r[4] is None or math.isfinite(r[4]) for r in out.rows)


samples = st.lists(st.tuples(st.booleans(), st.booleans(), st.integers(min_value=0, max_value=5)), max_size=40)


@given(samples, st.floats(min_value=0, max_value=5))
def test_debounce_fault_is_immediate_and_never_hidden(seq: list[tuple[bool, bool, int]], debounce: float) -> None:
    dev = uuid.uuid4()
    d = Debouncer(debounce)
    ts = datetime(2026, 1, 1, tzinfo=UTC)
    for di1, di2, step in seq:
        ts += timedelta(seconds=step)
        state = d.observe(dev, ts, raw_state(di1, di2))
        if di2:
            assert state == FAULT
        assert state in (RUN, STOP, FAULT)


@given(samples)
def test_zero_debounce_is_raw_state(seq: list[tuple[bool, bool, int]]) -> None:
    dev = uuid.uuid4()
    d = Debouncer(0.0)
    ts = datetime(2026, 1, 1, tzinfo=UTC)
    for di1, di2, step in seq:
        ts += timedelta(seconds=step)
        assert d.observe(dev, ts, raw_state(di1, di2)) == raw_state(di1, di2)


@given(samples, st.integers(min_value=1, max_value=5))
def test_debounced_state_changes_only_after_persisting(seq: list[tuple[bool, bool, int]], debounce: int) -> None:
    """Uma transição para RUN/STOP só é adotada se o estado bruto ficou igual por >= debounce segundos."""
    dev = uuid.uuid4()
    d = Debouncer(float(debounce))
    ts = datetime(2026, 1, 1, tzinfo=UTC)
    run_start = ts  # início da sequência atual de leituras brutas iguais
    last_raw: str | None = None
    prev: str | None = None
    for di1, di2, step in seq:
        ts += timedelta(seconds=step)
        raw = raw_state(di1, di2)
        if raw != last_raw:
            run_start, last_raw = ts, raw
        state = d.observe(dev, ts, raw)
        if prev is not None and state != prev and state != FAULT:
            assert state == raw
            assert (ts - run_start).total_seconds() >= debounce
        prev = state


def test_debounce_example() -> None:
    dev = uuid.uuid4()
    d = Debouncer(2.0)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    at = [t0 + timedelta(seconds=s) for s in range(10)]
    assert d.observe(dev, at[0], RUN) == RUN  # primeira leitura: adotada
    assert d.observe(dev, at[1], STOP) == RUN  # STOP ainda não persistiu 2 s
    assert d.observe(dev, at[2], RUN) == RUN  # voltou: candidato descartado
    assert d.observe(dev, at[3], STOP) == RUN
    assert d.observe(dev, at[5], STOP) == STOP  # persistiu 2 s
    assert d.observe(dev, at[6], FAULT) == FAULT  # falha: imediata
    assert d.observe(dev, at[7], RUN) == FAULT  # sair de FAULT também tem debounce
    assert d.observe(dev, at[4], RUN) == FAULT  # fora de ordem: não mexe no estado
    assert d.observe(dev, at[9], RUN) == RUN


# --- atalho do v1 (`_decode_plain`) × V1Envelope completo -------------------------------------------

# Inteiros que o orjson representa (64 bits), como chegam do pipeline.
ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
ts_texts = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat().replace("+00:00", "Z")),
    st.datetimes().map(lambda d: d.isoformat()),  # sem fuso: recusado
    st.sampled_from(
        [
            "2026-11-23T11:59:00Z",
            "2026-11-23T11:59:00.1234567Z",
            "2026-11-23T11:59:00z",
            "2026-11-23 11:59:00Z",
            "20261123T115900Z",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T23:59:60Z",
            "2026-11-23T11:59:00+24:00",
            "2026-11-23T11:59:00+05:75",
            "2026-11-23T11:59:00+0530",
            "2026-11-23T11:59:00-00:00",
            "2026-11-23T11:59:00+23:59",
            "٢٠٢٦-11-23T11:59:00Z",
        ]
    ),
    st.integers(min_value=0, max_value=2**33),
    st.text(max_size=30),
)
point_values = st.one_of(
    st.none(), st.booleans(), ints, st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5)
)
near_points = st.dictionaries(
    st.sampled_from(["name", "t", "v", "u", "q", "zz"]),
    st.one_of(
        st.text(min_size=0, max_size=102),
        st.sampled_from(["float", "int", "bool", "enum", "text", "FLOAT", "x" * 100, "y" * 101, "u" * 32, "u" * 33]),
        point_values,
        st.integers(min_value=-2, max_value=40000),
        st.floats(min_value=-1, max_value=40000),
        st.lists(ints, max_size=2),
    ),
)
valid_points = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=100), "t": st.sampled_from(["float", "int", "bool", "enum", "text"])},
    optional={
        "v": point_values,
        "u": st.none() | st.text(max_size=33),
        "q": st.integers(min_value=-1, max_value=32768),
    },
)
near_envelopes = st.fixed_dictionaries(
    {"schema": st.sampled_from(["v1", "v1", "v1", "V1", 1]), "ts": ts_texts},
    optional={
        "points": st.lists(st.one_of(valid_points, near_points), max_size=4) | st.just("x"),
        "meta": st.none() | st.dictionaries(st.text(max_size=3), point_values, max_size=2) | st.just([1]),
        "schema_": st.just("v1"),
        "extra": st.just(1),
    },
)


@given(near_envelopes)
@settings(max_examples=1500)
def test_v1_shortcut_agrees_with_pydantic(doc: dict[str, object]) -> None:
    """O atalho nunca aceita o que o V1Envelope recusa e, quando aceita, dá exatamente o mesmo resultado."""
    from pydantic import ValidationError

    from ingest.adapters import v1
    from ingest.adapters.base import Sample

    doc = orjson.loads(orjson.dumps(doc))  # como o pipeline recebe (tipos do JSON)
    plain = v1._decode_plain(doc)
    try:
        env = v1.V1Envelope.model_validate(doc)
    except ValidationError:
        assert plain is None
        return
    if plain is None:
        return  # forma menos comum: fica com o Pydantic
    assert plain.ts == env.ts
    assert plain.ts.utcoffset() == env.ts.utcoffset()
    assert plain.ts.isoformat() == env.ts.isoformat()
    expected = tuple(Sample(name=p.name, t=p.t, v=p.v, u=p.u, q=p.q) for p in env.points)
    assert plain.samples == expected
    assert [type(s.v) for s in plain.samples] == [type(s.v) for s in expected]
    assert plain.meta == env.meta


def test_v1_shortcut_takes_the_common_shape() -> None:
    """O caso comum (o que gateways e o simulador publicam) passa pelo atalho, não pelo Pydantic."""
    from ingest.adapters import v1

    doc = {
        "schema": "v1",
        "ts": "2026-11-23T11:59:00.123Z",
        "points": [{"name": "temp", "t": "float", "v": 7.3, "u": "°C"}, {"name": "on", "t": "bool", "v": True, "q": 1}],
        "meta": {"fw": "1.2.3"},
    }
    plain = v1._decode_plain(doc)
    assert plain is not None
    assert plain.ts == datetime(2026, 11, 23, 11, 59, 0, 123000, tzinfo=UTC)
    assert [s.name for s in plain.samples] == ["temp", "on"]
    assert plain.samples[1].q == 1
