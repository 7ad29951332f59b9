"""Máquina de estados pura das regras (apps.rules.engine): histerese, for_s, keep_firing_for_s, atrasados."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from apps.rules import engine
from apps.rules.engine import Action, Sample, Spec, State

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def at(s: float) -> datetime:
    return T0 + timedelta(seconds=s)


def feed(spec: Spec, values: list[tuple[float, float | str]], st: State | None = None) -> tuple[State, list[Action]]:
    st = st or State()
    actions = []
    for t, v in values:
        sample = Sample(at(t), v, None) if isinstance(v, float) else Sample(at(t), None, v)
        d = engine.on_sample(spec, st, sample)
        st = d.state
        actions.append(d.action)
    return st, actions


ABOVE_8 = Spec(kind="threshold", operator="above", high=8.0, hysteresis=0.5)


def test_crossing_fires_once_and_stays_open_while_above() -> None:
    st, actions = feed(ABOVE_8, [(0, 7.0), (1, 8.5), (2, 9.0), (3, 8.2)])
    assert actions == [Action.NONE, Action.FIRE, Action.TOUCH, Action.TOUCH]
    assert st.phase == "firing"


def test_oscillation_inside_hysteresis_band_does_not_flap() -> None:
    # Acima de 8 dispara; só normaliza abaixo de 7,5: oscilar entre 7,6 e 8,4 mantém um único alerta.
    values: list[tuple[float, float | str]] = [(0, 8.4), *[(i, 7.6 if i % 2 else 8.4) for i in range(1, 20)]]
    st, actions = feed(ABOVE_8, values)
    assert actions.count(Action.FIRE) == 1
    assert Action.CLEAR not in actions
    st, actions = feed(ABOVE_8, [(30, 7.4)], st)
    assert actions == [Action.CLEAR]
    assert st.phase == "ok"


def test_outside_band_uses_both_recovery_thresholds() -> None:
    spec = Spec(kind="threshold", operator="outside", low=4.0, high=12.0, hysteresis=0.5)
    _, actions = feed(spec, [(0, 3.9), (1, 4.3), (2, 4.6)])
    assert actions == [Action.FIRE, Action.TOUCH, Action.CLEAR]
    _, actions = feed(spec, [(0, 12.1), (1, 11.7), (2, 11.4)])
    assert actions == [Action.FIRE, Action.TOUCH, Action.CLEAR]


def test_for_s_not_fired_if_condition_ends_first() -> None:
    spec = Spec(kind="threshold", operator="above", high=8.0, for_s=10)
    st, actions = feed(spec, [(0, 9.0), (5, 9.0), (9, 7.0)])
    assert actions == [Action.NONE] * 3
    assert st.phase == "ok"
    # O tempo passa sem dado: nada a disparar.
    assert engine.on_tick(spec, st, at(60)).action is Action.NONE


def test_for_s_fires_by_sample_or_by_tick() -> None:
    spec = Spec(kind="threshold", operator="above", high=8.0, for_s=10)
    st, actions = feed(spec, [(0, 9.0), (10, 9.0)])
    assert actions == [Action.NONE, Action.FIRE]
    st, _ = feed(spec, [(0, 9.0)])
    assert engine.on_tick(spec, st, at(9)).action is Action.NONE
    d = engine.on_tick(spec, st, at(10))
    assert d.action is Action.FIRE
    assert d.state.phase == "firing"


def test_late_value_never_flips_state_backwards() -> None:
    st, _ = feed(ABOVE_8, [(10, 9.0)])
    d = engine.on_sample(ABOVE_8, st, Sample(at(5), 1.0, None))
    assert d.action is Action.NONE
    assert d.state == st
    d = engine.on_sample(ABOVE_8, st, Sample(at(10), 1.0, None))  # mesmo ts = reentrega
    assert d.action is Action.NONE
    assert d.state == st


def test_keep_firing_for_holds_then_clears_on_tick() -> None:
    spec = Spec(kind="threshold", operator="above", high=8.0, keep_firing_for_s=30)
    st, actions = feed(spec, [(0, 9.0), (5, 7.0)])
    assert actions == [Action.FIRE, Action.TOUCH]
    assert st.phase == "resolving"
    assert engine.on_tick(spec, st, at(20)).action is Action.NONE
    # Voltou antes do prazo: continua o mesmo alerta.
    st2, actions = feed(spec, [(10, 9.5)], st)
    assert actions == [Action.TOUCH]
    assert st2.phase == "firing"
    assert engine.on_tick(spec, st, at(35)).action is Action.CLEAR


def test_state_rule_parsec_fault() -> None:
    spec = Spec(kind="state", state_value="FAULT")
    _, actions = feed(spec, [(0, "RUN"), (1, "FAULT"), (2, "FAULT"), (3, "STOP")])
    assert actions == [Action.NONE, Action.FIRE, Action.TOUCH, Action.CLEAR]


def test_no_data_fires_without_any_message_and_clears_on_data() -> None:
    spec = Spec(kind="no_data", no_data_s=30, created_at=at(0))
    st = State()
    assert engine.on_tick(spec, st, at(29)).action is Action.NONE
    d = engine.on_tick(spec, st, at(30))
    assert d.action is Action.FIRE
    d2 = engine.on_sample(spec, d.state, Sample(at(40), 1.0, None))
    assert d2.action is Action.CLEAR


def test_offline_rule() -> None:
    spec = Spec(kind="offline", for_s=0)
    _, actions = feed(spec, [(0, "online"), (1, "offline"), (2, "online")])
    assert actions == [Action.NONE, Action.FIRE, Action.CLEAR]


def test_on_samples_matches_on_sample_one_by_one() -> None:
    """O atalho do avaliador (`on_samples`, sem montar estado por valor na fase ok) decide igual a `on_sample`
    aplicado valor a valor: mesmo estado final e as mesmas ações, na mesma ordem, para sequências sorteadas
    (semente fixa) com atrasados, repetidos, textos em regra numérica e todos os tipos de regra."""
    rng = random.Random(20261207)
    specs = [
        ABOVE_8,
        Spec(kind="threshold", operator="below", low=2.0, hysteresis=0.5, for_s=3),
        Spec(kind="threshold", operator="outside", low=4.0, high=12.0, hysteresis=0.5, keep_firing_for_s=4),
        Spec(kind="threshold", operator="above", high=8.0, for_s=2, keep_firing_for_s=2),
        Spec(kind="state", state_value="FAULT", for_s=1),
        Spec(kind="offline"),
        Spec(kind="no_data", no_data_s=30),
    ]
    texts = ["FAULT", "RUN", "offline", "online"]
    checked = 0
    for spec in specs:
        for _ in range(300):
            start = State(
                phase=rng.choice(["ok", "ok", "pending", "firing", "resolving"]),
                pending_since=at(-1),
                firing_since=at(-2),
                resolving_since=at(-1),
                last_ts=rng.choice([None, at(0)]),
                last_num=1.0,
            )
            samples = []
            for _ in range(rng.randint(1, 12)):
                ts = at(rng.choice([-1, 0, 0.5, 1, 2, 3, 4, 5, 6, 8, 10]) + rng.randint(0, 3))
                if rng.random() < 0.25:
                    samples.append(Sample(ts, None, rng.choice(texts)))
                else:
                    samples.append(Sample(ts, rng.choice([0.0, 1.9, 2.3, 3.0, 4.2, 7.6, 8.0, 8.2, 12.4, 13.0]), None))
            samples.sort(key=lambda s: s.ts)
            st, expected = start, []
            for sample in samples:
                d = engine.on_sample(spec, st, sample)
                st = d.state
                if d.action is not Action.NONE:
                    expected.append((d, sample))
            got_state, got = engine.on_samples(spec, start, samples)
            assert (got_state, got) == (st, expected), (spec, start, samples)
            checked += len(expected)
    assert checked > 200  # as sequências sorteadas exercitam disparos, toques e normalizações
