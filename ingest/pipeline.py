"""Pipeline puro de uma mensagem: tamanho → tópico → registro → JSON → adapter → validação → linhas.

Não faz I/O: recebe a mensagem e o snapshot do registro e devolve um `Outcome` (linhas para
ts_measure, registros de state/event/alarm/ack e dead letters). Nenhuma entrada levanta exceção para
fora de `process` — qualquer falha inesperada vira dead letter, então nada para o loop.
"""

from __future__ import annotations

import json
import logging
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import orjson
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from ingest.adapters import parsec_v1, v1
from ingest.adapters.base import Decoded, Sample, schema_violation
from ingest.dlq import DeadLetter
from ingest.errors import Rejected
from ingest.registry import DeviceRoute, PointRoute, RegistrySnapshot
from ingest.topics import TopicAddress, parse_topic

log = logging.getLogger("ingest.pipeline")
M = TypeVar("M", bound=BaseModel)

MAX_TEXT = 4096
# Inteiros acima de 2^53 perdem precisão em double precision (v_num): recusados.
MAX_SAFE_INT = 2**53

# Linha de ts_measure, na ordem de COLUMNS (é o que vai para o COPY).
Row = tuple[
    uuid.UUID, uuid.UUID, uuid.UUID, datetime, float | None, bool | None, str | None, str | None, int, str | None
]
COLUMNS = ("tenant_id", "device_id", "point_id", "ts", "v_num", "v_bool", "v_text", "unit", "qual", "meta")


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


# --- payloads não telemétricos (definidos aqui; contrato 000 §5) -------------------------------


class StatePayload(BaseModel):
    """`state` (LWT, retido). Aceita `{"online": bool, "ts"?: ISO, ...}` ou o texto puro `online`/`offline`
    (com ou sem aspas JSON). Sem `ts`, `last_seen` é o instante de chegada ao ingest.

    Campos extras do objeto (ex.: "fw", "rssi") são guardados em `device_status.state`.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    online: bool
    ts: AwareDatetime | None = None


class EventPayload(BaseModel):
    """`event`/`alarm`: `{"ts": ISO, "code"?: str, "severity"?: str, ...}`; o payload inteiro vai para jsonb.

    `ts` é obrigatório: é a identidade da ocorrência (reentregas não duplicam).
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    ts: AwareDatetime
    code: str | None = Field(default=None, max_length=100)
    severity: str | None = Field(default=None, max_length=32)


class AckPayload(BaseModel):
    """`ack` (000 §5): `{"schema":"v1","cmd_id":"...","ok":true,"ts_exec":"...","err":null}`."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    schema_: str = Field(default="v1", alias="schema")
    cmd_id: str = Field(min_length=1, max_length=64)
    ok: bool
    ts_exec: AwareDatetime | None = None
    err: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    max_payload_bytes: int
    max_future_s: float
    max_age_days: int


class Pipeline:
    """Processa uma mensagem por vez (chamado no loop asyncio; CPU pura, sem await)."""

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
        out = Outcome(topic=topic, payload=payload)
        try:
            self._process(topic, payload, now, out)
        except Rejected as rej:
            out.dead.append(DeadLetter(topic, payload, rej.reason, rej.detail, out.tenant_id))
        except Exception as exc:  # defesa final: nenhuma entrada pode derrubar o loop
            log.exception("falha inesperada no pipeline", extra={"topic": topic})
            out.rows.clear()
            out.dead.append(DeadLetter(topic, payload, "schema_violation", f"erro interno: {exc!r}", out.tenant_id))
        return out

    def _process(self, topic: str, payload: bytes, now: datetime, out: Outcome) -> None:
        if len(payload) > self._limits.max_payload_bytes:
            raise Rejected("oversize", f"{len(payload)} bytes > limite de {self._limits.max_payload_bytes}")
        addr = parse_topic(topic)
        device = self._resolve(addr, out)
        if addr.kind == "state" and payload.strip() in (b"online", b"offline"):
            # LWT mais comum: texto puro, sem JSON.
            doc: Any = payload.strip().decode()
        else:
            doc = decode_json(payload)
        if addr.kind == "telem":
            self._telemetry(topic, payload, device, doc, now, out)
        elif addr.kind == "state":
            self._state(device, doc, now, out)
        elif addr.kind in ("event", "alarm"):
            ev = _validate(EventPayload, doc)
            self._check_ts(ev.ts, now)
            out.events.append(
                EventRecord(device.tenant_id, device.device_id, ev.ts, addr.kind, ev.code, ev.severity, _jsonb(doc))
            )
        else:  # ack
            ack = _validate(AckPayload, doc)
            out.acks.append(
                AckRecord(device.tenant_id, device.device_id, ack.cmd_id, ack.ok, ack.ts_exec, ack.err, _jsonb(doc))
            )

    def _resolve(self, addr: TopicAddress, out: Outcome) -> DeviceRoute:
        snap = self._snapshot()
        device = snap.devices.get((addr.tenant, addr.site, addr.device))
        if device is None:
            tenant_id = snap.tenants.get(addr.tenant)
            if tenant_id is None:
                raise Rejected("unknown_tenant", f"tenant {addr.tenant!r} não está no registro")
            out.tenant_id = tenant_id
            raise Rejected("unknown_device", f"dispositivo {addr.site}/{addr.device} não está no registro")
        out.tenant_id = device.tenant_id
        if device.decommissioned:
            raise Rejected("device_decommissioned", f"dispositivo {addr.site}/{addr.device} foi desativado de vez")
        if not device.is_active:
            raise Rejected("inactive_device", f"dispositivo {addr.site}/{addr.device} está desativado")
        return device

    def _check_ts(self, ts: datetime, now: datetime) -> None:
        if ts > now + timedelta(seconds=self._limits.max_future_s):
            raise Rejected("ts_future", f"ts {ts.isoformat()} mais de {self._limits.max_future_s:g}s no futuro")
        if ts < now - timedelta(days=self._limits.max_age_days):
            raise Rejected(
                "ts_too_old", f"ts {ts.isoformat()} mais antigo que a retenção ({self._limits.max_age_days} dias)"
            )

    def _telemetry(
        self, topic: str, payload: bytes, device: DeviceRoute, doc: Any, now: datetime, out: Outcome
    ) -> None:
        decoded = self._adapt(device, doc)
        self._check_ts(decoded.ts, now)
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
        for reason, items in problems.items():
            out.dead.append(DeadLetter(topic, payload, reason, "; ".join(items), device.tenant_id))

    def _adapt(self, device: DeviceRoute, doc: Any) -> Decoded:
        schema = doc.get("schema") if isinstance(doc, dict) else None
        try:
            # O envelope normalizado v1 vale para qualquer dispositivo; formatos de fornecedor só para
            # dispositivos registrados com aquele adapter.
            if schema == "v1":
                return v1.decode(doc)
            if schema == "parsec_v1" and device.adapter == "parsec_v1":
                return parsec_v1.decode(doc, device.device_id, self._debouncer)
        except ValidationError as exc:
            raise schema_violation(exc) from None
        raise Rejected(
            "schema_violation",
            f"schema {schema!r} não aceito para o dispositivo "
            f"(adapter registrado: {device.adapter!r}; 'v1' sempre aceito)",
        )

    def _state(self, device: DeviceRoute, doc: Any, now: datetime, out: Outcome) -> None:
        if isinstance(doc, str) and doc in ("online", "offline"):
            doc = {"online": doc == "online"}
        st = _validate(StatePayload, doc)
        last_seen = st.ts if st.ts is not None else now
        self._check_ts(last_seen, now)
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


def _validate(model: type[M], doc: Any) -> M:
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise schema_violation(exc) from None


def _jsonb(value: Any) -> str:
    return orjson.dumps(value).decode()


def utcnow() -> datetime:
    return datetime.now(UTC)
