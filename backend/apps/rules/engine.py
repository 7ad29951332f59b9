"""Máquina de estados de uma regra, pura (sem banco, sem relógio): o avaliador persiste o resultado.

Fases: ok → pending (condição verdadeira, esperando `for_s`) → firing → resolving (condição falsa,
esperando `keep_firing_for_s`) → ok. Duas entradas:
- `on_sample`: um valor novo do ponto (ou conectividade, no tipo offline). Valor com `ts` <= `last_ts` é
  atrasado ou repetido e é ignorado — nunca volta o estado no tempo.
- `on_tick`: a varredura periódica, sem dado novo: vence `for_s`, `keep_firing_for_s` e `no_data`.

Histerese: uma regra que já disparou usa o limiar de recuperação (ex.: "acima de 8" com histerese 0,5 só
normaliza abaixo de 7,5), então um valor oscilando dentro da faixa não abre e fecha alertas.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple


class Action(enum.Enum):
    NONE = "none"
    FIRE = "fire"  # abrir alerta
    CLEAR = "clear"  # normalizar o alerta aberto
    TOUCH = "touch"  # alerta aberto continua: atualizar último/pico


# Os tipos de valor são NamedTuple (imutáveis): montar um dataclass congelado custa ~2,4 µs (um
# `object.__setattr__` por campo) contra ~0,7 µs de uma tupla nomeada, e o avaliador monta alguns por valor
# avaliado (amostra, estado, decisão; regra e estado por regra do lote) — ~20% da CPU dele no perfil do benchmark.


class Spec(NamedTuple):
    """O que a regra exige (cópia imutável dos campos de `Rule`)."""

    kind: str  # threshold | state | no_data | offline
    operator: str = ""
    low: float | None = None
    high: float | None = None
    hysteresis: float = 0.0
    state_value: str = ""
    no_data_s: int | None = None
    for_s: int = 0
    keep_firing_for_s: int = 0
    created_at: datetime | None = None


class Sample(NamedTuple):
    """Um valor: número (`num`) ou texto normalizado (`text`: enum, 'true'/'false', 'online'/'offline')."""

    ts: datetime
    num: float | None = None
    text: str | None = None


class State(NamedTuple):
    phase: str = "ok"
    pending_since: datetime | None = None
    firing_since: datetime | None = None
    resolving_since: datetime | None = None
    last_ts: datetime | None = None
    last_num: float | None = None
    last_text: str | None = None


class Decision(NamedTuple):
    state: State
    action: Action
    at: datetime | None = None  # instante do disparo/normalização


def condition(spec: Spec, sample: Sample, *, firing: bool) -> bool | None:
    """A condição vale para este valor? None = valor não se aplica à regra (ex.: texto numa regra numérica)."""
    if spec.kind == "threshold":
        v = sample.num
        if v is None:
            return None
        high = spec.high if spec.operator in ("above", "outside") else None
        low = spec.low if spec.operator in ("below", "outside") else None
        if firing:
            # Já disparada: continua até cruzar o limiar de recuperação (limite ∓ histerese).
            h = spec.hysteresis
            return (high is not None and v >= high - h) or (low is not None and v <= low + h)
        return (high is not None and v > high) or (low is not None and v < low)
    if spec.kind == "state":
        if sample.text is None:
            return None
        return sample.text.lower() == spec.state_value.lower()
    if spec.kind == "offline":
        if sample.text is None:
            return None
        return sample.text == "offline"
    if spec.kind == "no_data":
        return False  # chegou um valor: há dados
    return None


def on_sample(spec: Spec, st: State, sample: Sample) -> Decision:
    if st.last_ts is not None and sample.ts <= st.last_ts:
        return Decision(st, Action.NONE)
    firing = st.phase in ("firing", "resolving")
    cond = condition(spec, sample, firing=firing)
    # Construção direta (não `_replace`): é o caminho de todo valor avaliado, e `_replace` custa bem mais.
    seen = State(st.phase, st.pending_since, st.firing_since, st.resolving_since, sample.ts, sample.num, sample.text)
    if cond is None:
        return Decision(seen, Action.NONE)
    return _advance(spec, seen, cond, sample.ts)


def on_samples(spec: Spec, st: State, samples: Iterable[Sample]) -> tuple[State, list[tuple[Decision, Sample]]]:
    """Vários valores em ordem de ts: o mesmo resultado de chamar `on_sample` um a um (estado final e, em ordem,
    as decisões com ação), sem montar um `State` e uma `Decision` por valor enquanto a regra está `ok` e o valor
    não satisfaz a condição — o caso de quase todo valor avaliado (perfil do benchmark de regras)."""
    acted: list[tuple[Decision, Sample]] = []
    last_ts = st.last_ts
    newest: Sample | None = None  # último valor aceito ainda não escrito em `st`
    for sample in samples:
        if last_ts is not None and sample.ts <= last_ts:
            continue
        last_ts = sample.ts
        if st.phase == "ok" and not condition(spec, sample, firing=False):
            newest = sample  # on_sample devolveria `seen` sem ação
            continue
        if newest is not None:
            st = _seen(st, newest)
            newest = None
        decision = on_sample(spec, st, sample)
        st = decision.state
        if decision.action is not Action.NONE:
            acted.append((decision, sample))
    return (st if newest is None else _seen(st, newest)), acted


def _seen(st: State, sample: Sample) -> State:
    return State(st.phase, st.pending_since, st.firing_since, st.resolving_since, sample.ts, sample.num, sample.text)


def on_tick(spec: Spec, st: State, now: datetime) -> Decision:
    """Varredura sem dado novo: só o tempo passou desde o último valor."""
    if spec.kind == "no_data" and st.phase in ("ok", "pending"):
        reference = st.last_ts or spec.created_at
        if reference is not None and spec.no_data_s and now - reference >= timedelta(seconds=spec.no_data_s):
            return _fire(st, now)
        return Decision(st, Action.NONE)
    if (
        st.phase == "pending"
        and st.pending_since is not None
        and now - st.pending_since >= timedelta(seconds=spec.for_s)
    ):
        return _fire(st, now)
    if (
        st.phase == "resolving"
        and st.resolving_since is not None
        and now - st.resolving_since >= timedelta(seconds=spec.keep_firing_for_s)
    ):
        return _clear(st, now)
    return Decision(st, Action.NONE)


def _advance(spec: Spec, st: State, cond: bool, ts: datetime) -> Decision:
    if st.phase == "ok":
        if not cond:
            return Decision(st, Action.NONE)
        if spec.for_s <= 0:
            return _fire(st, ts)
        return Decision(st._replace(phase="pending", pending_since=ts), Action.NONE)
    if st.phase == "pending":
        if not cond:
            return Decision(st._replace(phase="ok", pending_since=None), Action.NONE)
        assert st.pending_since is not None
        if ts - st.pending_since >= timedelta(seconds=spec.for_s):
            return _fire(st, ts)
        return Decision(st, Action.NONE)
    if st.phase == "firing":
        if cond:
            return Decision(st, Action.TOUCH)
        if spec.keep_firing_for_s <= 0:
            return _clear(st, ts)
        return Decision(st._replace(phase="resolving", resolving_since=ts), Action.TOUCH)
    # resolving
    if cond:
        return Decision(st._replace(phase="firing", resolving_since=None), Action.TOUCH)
    assert st.resolving_since is not None
    if ts - st.resolving_since >= timedelta(seconds=spec.keep_firing_for_s):
        return _clear(st, ts)
    return Decision(st, Action.TOUCH)


def _fire(st: State, at: datetime) -> Decision:
    return Decision(
        st._replace(phase="firing", pending_since=None, firing_since=at, resolving_since=None), Action.FIRE, at
    )


def _clear(st: State, at: datetime) -> Decision:
    return Decision(
        st._replace(phase="ok", pending_since=None, firing_since=None, resolving_since=None), Action.CLEAR, at
    )
