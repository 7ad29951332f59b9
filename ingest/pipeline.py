"""Pipeline puro de uma mensagem: tópico → registro → tamanho → JSON → adapter → validação → linhas.

`validate` é o ponto de entrada único, sem framework e sem I/O, usado pelo ingest MQTT (`Pipeline`, com o
snapshot do registro) e pelo caminho HTTP da API: recebe a mensagem e uma consulta ao registro e devolve
um `Outcome` (linhas para ts_measure, registros de state/event/alarm/ack e dead letters). Nenhuma
entrada levanta exceção para fora — qualquer falha inesperada vira dead letter, então nada para o loop.
O formato das linhas e o SQL de gravação ficam em `ingest.tables`.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from contracts.mqtt import AckPayload, EventPayload, StatePayload
from ingest.adapters import parsec_v1, v1
from ingest.adapters.base import Decoded, Sample, schema_violation
from ingest.config import KINDS, Limits
from ingest.dlq import DeadLetter
from ingest.errors import Rejected
from ingest.registry import DeviceRoute, PointRoute, RegistrySnapshot
from ingest.tables import COLUMNS, Row
from ingest.topics import TopicAddress, parse_topic

__all__ = ["COLUMNS", "Limits", "Lookup", "Outcome", "Pipeline", "Resolved", "Row", "validate"]

log = logging.getLogger("ingest.pipeline")
M = TypeVar("M", bound=BaseModel)

MAX_TEXT = 4096
# Inteiros acima de 2^53 perdem precisão em double precision (v_num): recusados.
MAX_SAFE_INT = 2**53

ALL_KINDS = frozenset(KINDS)


@dataclass(frozen=True, slots=True)
class StatusRecord:
    tenant_id: uuid.UUID
    device_id: uuid.UUID
    online: bool
    state: str  # jsonb (texto)
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class EventRecord:
    tenant_id: uuid.UUID
    device_id: uuid.UUID
    ts: datetime
    kind: str
    code: str | None
    severity: str | None
    payload: str  # jsonb (texto)


@dataclass(frozen=True, slots=True)
class AckRecord:
    tenant_id: uuid.UUID
    device_id: uuid.UUID
    cmd_id: str
    ok: bool
    ts_exec: datetime | None
    err: str | None
    payload: str  # jsonb (texto)


@dataclass(slots=True)
class Outcome:
    """O que uma mensagem produziu. `tenant_id` é None quando o tenant não pôde ser resolvido."""

    topic: str
    payload: bytes
    tenant_id: uuid.UUID | None = None
    rows: list[Row] = field(default_factory=list)
    statuses: list[StatusRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    acks: list[AckRecord] = field(default_factory=list)
    dead: list[DeadLetter] = field(default_factory=list)
    # Instante da medição (telemetria), para a métrica de atraso.
    measured_at: datetime | None = None


# Payloads não telemétricos (state, event/alarm, ack): modelos em `contracts.mqtt` (fonte única).


Resolved = DeviceRoute | uuid.UUID | None
"""O que o registro sabe de um tópico: a rota do dispositivo; só o id do tenant (dispositivo desconhecido);
ou None (tenant desconhecido)."""
Lookup = Callable[[TopicAddress], Resolved]


def validate(
    topic: str,
    payload: bytes,
    lookup: Lookup,
    *,
    limits: Limits,
    debouncer: parsec_v1.Debouncer,
    now: datetime,
    kinds: frozenset[str] = ALL_KINDS,
    tenant: str | None = None,
) -> Outcome:
    """Ponto de entrada único do ingest (sem framework, sem I/O): uma mensagem → `Outcome`.

    O tópico é decomposto uma vez aqui; `lookup` devolve o que o registro sabe do endereço (snapshot em
    memória no ingest MQTT, uma consulta no caminho HTTP). `kinds` restringe os tipos de tópico aceitos
    pelo transporte (HTTP: só `telem` → `unsupported_kind`); `tenant`, se dado, é o tenant que o
    transporte afirma (cabeçalho `x-tenant`) e tem de bater com o do tópico (`tenant_mismatch`).
    Nenhuma entrada levanta exceção para fora: toda recusa vira dead letter.
    """
    out = Outcome(topic=topic, payload=payload)
    try:
        _validate(topic, payload, lookup, limits, debouncer, now, kinds, tenant, out)
    except Rejected as rej:
        out.rows.clear()
        out.dead.append(DeadLetter(topic, payload, rej.reason, rej.detail, out.tenant_id))
    except Exception as exc:  # defesa final: nenhuma entrada pode derrubar o loop
        log.exception("falha inesperada no pipeline", extra={"topic": topic})
        out.rows.clear()
        out.dead.append(DeadLetter(topic, payload, "schema_violation", f"erro interno: {exc!r}", out.tenant_id))
    return out


class Pipeline:
    """O ingest MQTT sobre `validate`: registro em memória (snapshot) e um debounce Parsec por processo.

    Chamado no loop asyncio (CPU pura, sem await)."""

    def __init__(
        self,
        limits: Limits,
        snapshot: Callable[[], RegistrySnapshot],
        debouncer: parsec_v1.Debouncer,
    ) -> None:
        self._limits = limits
        self._snapshot = snapshot
        self._debouncer = debouncer

    def process(self, topic: str, payload: bytes, now: datetime) -> Outcome:
        return validate(
            topic, payload, self._snapshot().resolve, limits=self._limits, debouncer=self._debouncer, now=now
        )


def _validate(
    topic: str,
    payload: bytes,
    lookup: Lookup,
    limits: Limits,
    debouncer: parsec_v1.Debouncer,
    now: datetime,
    kinds: frozenset[str],
    tenant: str | None,
    out: Outcome,
) -> None:
    addr = parse_topic(topic)
    if addr.kind not in kinds:
        raise Rejected("unsupported_kind", f"tópico {addr.kind!r} não é aceito por este transporte ({sorted(kinds)})")
    if tenant is not None and tenant != addr.tenant:
        raise Rejected("tenant_mismatch", f"tenant {tenant!r} do transporte difere do tenant do tópico {addr.tenant!r}")
    device = _resolve(addr, lookup, out)
    if len(payload) > limits.max_payload_bytes:
        raise Rejected("oversize", f"{len(payload)} bytes > limite de {limits.max_payload_bytes}")
    if device is None:
        raise Rejected("unknown_device", f"dispositivo {addr.site}/{addr.device} não está no registro")
    if device.decommissioned:
        raise Rejected("device_decommissioned", f"dispositivo {addr.site}/{addr.device} foi desativado de vez")
    if not device.is_active:
        raise Rejected("inactive_device", f"dispositivo {addr.site}/{addr.device} está desativado")
    if addr.kind == "state" and payload.strip() in (b"online", b"offline"):
        # LWT mais comum: texto puro, sem JSON.
        doc: Any = payload.strip().decode()
    else:
        doc = decode_json(payload)
    if addr.kind == "telem":
        _telemetry(topic, payload, device, doc, limits, debouncer, now, out)
    elif addr.kind == "state":
        _state(device, doc, limits, now, out)
    elif addr.kind in ("event", "alarm"):
        ev = _model(EventPayload, doc)
        _check_ts(ev.ts, limits, now)
        out.events.append(
            EventRecord(device.tenant_id, device.device_id, ev.ts, addr.kind, ev.code, ev.severity, _jsonb(doc))
        )
    else:  # ack
        ack = _model(AckPayload, doc)
        out.acks.append(
            AckRecord(device.tenant_id, device.device_id, ack.cmd_id, ack.ok, ack.ts_exec, ack.err, _jsonb(doc))
        )


def _resolve(addr: TopicAddress, lookup: Lookup, out: Outcome) -> DeviceRoute | None:
    """Fixa `out.tenant_id` (para a dead letter ir ao tenant certo) e devolve a rota, se houver."""
    found = lookup(addr)
    if found is None:
        raise Rejected("unknown_tenant", f"tenant {addr.tenant!r} não está no registro")
    if isinstance(found, uuid.UUID):
        out.tenant_id = found
        return None
    out.tenant_id = found.tenant_id
    return found


def _check_ts(ts: datetime, limits: Limits, now: datetime) -> None:
    oldest, newest = _ts_window(limits.max_future_s, limits.max_age_days, now)
    if ts > newest:
        raise Rejected("ts_future", f"ts {ts.isoformat()} mais de {limits.max_future_s:g}s no futuro")
    if ts < oldest:
        raise Rejected("ts_too_old", f"ts {ts.isoformat()} mais antigo que a retenção ({limits.max_age_days} dias)")


@functools.lru_cache(maxsize=8)
def _ts_window(max_future_s: float, max_age_days: int, now: datetime) -> tuple[datetime, datetime]:
    """(mais antigo, mais novo) `ts` aceitos. O ingest MQTT usa o mesmo `now` para uma rajada inteira de
    mensagens, então a janela é calculada uma vez por rajada, não por mensagem."""
    return now - timedelta(days=max_age_days), now + timedelta(seconds=max_future_s)


def _telemetry(
    topic: str,
    payload: bytes,
    device: DeviceRoute,
    doc: Any,
    limits: Limits,
    debouncer: parsec_v1.Debouncer,
    now: datetime,
    out: Outcome,
) -> None:
    decoded = _adapt(device, doc)
    # A janela de ts vem ANTES de qualquer estado: mensagem recusada não mexe no debounce (issue 10 item 3).
    _check_ts(decoded.ts, limits, now)
    out.measured_at = decoded.ts
    meta = _jsonb(decoded.meta) if decoded.meta else None
    problems: dict[str, list[str]] = {}
    for s in decoded.samples:
        point = device.points.get(s.name)
        if point is None:
            problems.setdefault("unknown_point", []).append(f"{s.name}: ponto não registrado")
            continue
        try:
            v_num, v_bool, v_text = typed_value(point, s)
        except Rejected as rej:
            problems.setdefault(rej.reason, []).append(f"{s.name}: {rej.detail}")
            continue
        unit = s.u or point.unit
        out.rows.append(
            (device.tenant_id, device.device_id, point.point_id, decoded.ts, v_num, v_bool, v_text, unit, s.q, meta)
        )
    if decoded.derived_state is not None:
        state_point = _state_point(device, problems)
        if state_point is not None:
            # Último passo que pode mudar algo: só aqui, com a mensagem aceita, o debounce observa a leitura.
            state = debouncer.observe(device.device_id, decoded.ts, decoded.derived_state)
            out.rows.append(
                (device.tenant_id, device.device_id, state_point.point_id, decoded.ts, None, None, state, None, 0, meta)
            )
    for reason, items in problems.items():
        out.dead.append(DeadLetter(topic, payload, reason, "; ".join(items), device.tenant_id))


def _state_point(device: DeviceRoute, problems: dict[str, list[str]]) -> PointRoute | None:
    """O ponto `device_state` do dispositivo, se registrado e capaz de guardar RUN, STOP e FAULT."""
    name = parsec_v1.STATE_POINT
    point = device.points.get(name)
    if point is None:
        problems.setdefault("unknown_point", []).append(f"{name}: ponto não registrado")
        return None
    for state in (parsec_v1.RUN, parsec_v1.STOP, parsec_v1.FAULT):
        try:
            typed_value(point, Sample(name=name, t="enum", v=state))
        except Rejected as rej:
            problems.setdefault(rej.reason, []).append(f"{name}: {rej.detail}")
            return None
    return point


def _adapt(device: DeviceRoute, doc: Any) -> Decoded:
    schema = doc.get("schema") if isinstance(doc, dict) else None
    try:
        # O envelope normalizado v1 vale para qualquer dispositivo; formatos de fornecedor só para
        # dispositivos registrados com aquele adapter.
        if schema == "v1":
            return v1.decode(doc)
        if schema == "parsec_v1" and device.adapter == "parsec_v1":
            return parsec_v1.decode(doc)
    except ValidationError as exc:
        raise schema_violation(exc) from None
    raise Rejected(
        "schema_violation",
        f"schema {schema!r} não aceito para o dispositivo (adapter registrado: {device.adapter!r}; 'v1' sempre aceito)",
    )


def _state(device: DeviceRoute, doc: Any, limits: Limits, now: datetime, out: Outcome) -> None:
    if isinstance(doc, str) and doc in ("online", "offline"):
        doc = {"online": doc == "online"}
    st = _model(StatePayload, doc)
    last_seen = st.ts if st.ts is not None else now
    _check_ts(last_seen, limits, now)
    out.statuses.append(StatusRecord(device.tenant_id, device.device_id, st.online, _jsonb(doc), last_seen))


def typed_value(point: PointRoute, s: Sample) -> tuple[float | None, bool | None, str | None]:
    """Confere o tipo declarado/valor contra o tipo registrado e devolve (v_num, v_bool, v_text)."""
    vt = point.value_type
    if s.t != vt:
        raise Rejected("wrong_type", f"tipo {s.t!r} difere do registrado {vt!r}")
    v = s.v
    if v is None:
        # Amostra sem valor (ex.: sensor desconectado): grava a linha com os três valores nulos.
        return None, None, None
    if vt == "float":
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise Rejected("wrong_type", f"esperado número, veio {type(v).__name__}")
        f = float(v)
        if not math.isfinite(f):
            raise Rejected("non_finite", "NaN/Infinity não é valor válido")
        return f, None, None
    if vt == "int":
        if isinstance(v, bool) or not isinstance(v, int):
            raise Rejected("wrong_type", f"esperado inteiro, veio {type(v).__name__}")
        if abs(v) > MAX_SAFE_INT:
            raise Rejected("wrong_type", "inteiro fora do intervalo exato de double (±2^53)")
        return float(v), None, None
    if vt == "bool":
        if not isinstance(v, bool):
            raise Rejected("wrong_type", f"esperado booleano, veio {type(v).__name__}")
        return None, v, None
    if not isinstance(v, str):
        raise Rejected("wrong_type", f"esperado texto, veio {type(v).__name__}")
    if len(v) > MAX_TEXT:
        raise Rejected("wrong_type", f"texto com mais de {MAX_TEXT} caracteres")
    if vt == "enum" and point.enum_values and v not in point.enum_values:
        raise Rejected("bad_enum", f"{v!r} fora de {sorted(point.enum_values)}")
    return None, None, v


def decode_json(payload: bytes) -> Any:
    """JSON estrito (orjson). NaN/Infinity (literais ou números que estouram double) têm motivo próprio."""
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        if _has_non_finite(payload) or "infinity" in str(exc):
            raise Rejected("non_finite", "NaN/Infinity não é JSON válido") from None
        raise Rejected("malformed_json", str(exc)[:500]) from None


def _has_non_finite(payload: bytes) -> bool:
    # Só para classificar o erro: o módulo json aceita NaN/Infinity e nos avisa por parse_constant.
    found = False

    def _const(_name: str) -> float:
        nonlocal found
        found = True
        return 0.0

    try:
        json.loads(payload, parse_constant=_const)
    except (ValueError, RecursionError):
        return False
    return found


def _model(model: type[M], doc: Any) -> M:
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise schema_violation(exc) from None


def _jsonb(value: Any) -> str:
    return orjson.dumps(value).decode()
