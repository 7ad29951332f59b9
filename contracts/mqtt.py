"""Payloads MQTT (seed 000 §5): o que o dispositivo publica (`telem`, `state`, `event`, `alarm`, `ack`) e o
que a API publica para ele (`cmd`).

Telemetria tem dois formatos, escolhidos pelo campo `schema` do documento:
- `v1`: o envelope normalizado da especificação, aceito de qualquer dispositivo;
- `parsec_v1`: o payload bruto dos inversores Parsec (DI1/DI2), só para dispositivos registrados com esse
  adapter (a derivação de estado e o debounce ficam no ingest, `ingest/adapters/parsec_v1.py`).

Datas sempre ISO-8601/RFC 3339 COM fuso: um instante sem fuso é recusado (corromperia a série).
"""

from __future__ import annotations

from typing import Any, Final, Literal, get_args

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    field_validator,
)

# Tipo de valor de um ponto; decide a coluna de ts_measure (v_num, v_bool ou v_text).
ValueType = Literal["float", "int", "bool", "enum", "text"]
VALUE_TYPES: Final[tuple[ValueType, ...]] = get_args(ValueType)

# Formato do payload de `telem` que o dispositivo publica (adapter no ingest).
PayloadAdapter = Literal["v1", "parsec_v1"]
PAYLOAD_ADAPTERS: Final[tuple[PayloadAdapter, ...]] = get_args(PayloadAdapter)

MAX_POINTS: Final = 10_000

# Valor de uma amostra como veio no JSON (o tipo é conferido contra o registro no ingest).
SampleValue = StrictBool | StrictInt | StrictFloat | StrictStr | None


class V1Point(BaseModel):
    """Uma amostra do envelope `v1`: nome do ponto, tipo declarado, valor, unidade e qualidade.

    `q` (qualidade, 0..32767, padrão 0) é uma extensão compatível da especificação.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    t: ValueType
    # A união "smart" do Pydantic escolhe o tipo exato; bool antes de int.
    v: SampleValue
    u: str | None = Field(default=None, max_length=32)
    q: int = Field(default=0, ge=0, le=32767)


class V1Envelope(BaseModel):
    """Telemetria normalizada `v1` em `.../telem`.

    `{"schema": "v1", "ts": "2025-10-07T02:34:12Z", "points": [{"name": "temp_agua", "t": "float",
    "v": 7.3, "u": "°C"}], "meta": {"fw": "1.2.3"}}`. Campos desconhecidos são recusados (um erro de
    digitação não pode virar dado silenciosamente perdido).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["v1"] = Field(alias="schema")
    ts: AwareDatetime
    points: list[V1Point] = Field(min_length=1, max_length=MAX_POINTS)
    meta: dict[str, Any] | None = None


class ParsecPayload(BaseModel):
    """Payload bruto dos inversores Parsec em `.../telem`.

    `{"schema": "parsec_v1", "ts": "...", "di1": 1, "di2": 0, "seq": 123}`: `di1` = status (1 RUN, 0 STOP),
    `di2` = falha (1 FAULT, 0 OK), aceitos como 0/1 ou true/false e normalizados para bool; `seq` é o
    contador opcional do gateway; `meta` é repassado para a coluna `meta`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["parsec_v1"] = Field(alias="schema")
    ts: AwareDatetime
    di1: StrictBool | StrictInt
    di2: StrictBool | StrictInt
    seq: int | None = Field(default=None, ge=0)
    meta: dict[str, Any] | None = None

    @field_validator("di1", "di2")
    @classmethod
    def _digital(cls, v: bool | int) -> bool:
        if isinstance(v, bool):
            return v
        if v not in (0, 1):
            raise ValueError("entrada digital deve ser 0 ou 1")
        return v == 1


class StatePayload(BaseModel):
    """`.../state` (retido; também o LWT): `{"online": bool, "ts"?: ISO, ...}`.

    O ingest aceita ainda o texto puro `online`/`offline`. Sem `ts`, `last_seen` é o instante de chegada.
    Campos extras (ex.: "fw", "rssi") são guardados junto do estado.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    online: bool
    ts: AwareDatetime | None = None


class EventPayload(BaseModel):
    """`.../event` e `.../alarm`: `{"ts": ISO, "code"?: str, "severity"?: str, ...}`.

    `ts` é obrigatório: é a identidade da ocorrência (reentregas não duplicam). O documento inteiro é guardado.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    ts: AwareDatetime
    code: str | None = Field(default=None, max_length=100)
    severity: str | None = Field(default=None, max_length=32)


class AckPayload(BaseModel):
    """`.../ack`: `{"schema": "v1", "cmd_id": "...", "ok": true, "ts_exec": "...", "err": null}`."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    schema_: str = Field(default="v1", alias="schema")
    cmd_id: str = Field(min_length=1, max_length=64)
    ok: bool
    ts_exec: AwareDatetime | None = None
    err: str | None = None


# Chaves do envelope de comando: um parâmetro com um destes nomes sobrescreveria o contrato.
COMMAND_RESERVED_KEYS: Final = frozenset({"schema", "cmd_id", "op", "by"})


class CommandPayload(BaseModel):
    """`.../cmd` (publicado pela API, QoS 1): `{"schema": "v1", "cmd_id": "<ulid>", "op": "reset_fault",
    "pulse_ms": 500, "by": "<usuário>"}`.

    Os parâmetros do comando vão no topo do documento, ao lado das chaves do envelope (como na
    especificação); por isso `extra="allow"`. Monte com `CommandPayload.build`.
    """

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    schema_: Literal["v1"] = Field(default="v1", alias="schema")
    cmd_id: str = Field(min_length=1, max_length=64)
    op: str = Field(min_length=1, max_length=64)
    by: str

    @classmethod
    def build(cls, *, cmd_id: str, op: str, params: dict[str, Any], by: str) -> CommandPayload:
        """Envelope + parâmetros no topo; recusa parâmetros com nomes reservados (ValueError)."""
        reserved = COMMAND_RESERVED_KEYS & params.keys()
        if reserved:
            raise ValueError(f"params não pode usar as chaves reservadas {sorted(reserved)}")
        return cls.model_validate({"schema": "v1", "cmd_id": cmd_id, "op": op, **params, "by": by})

    @property
    def params(self) -> dict[str, Any]:
        """Os parâmetros do comando (tudo que não é chave do envelope)."""
        return dict(self.model_extra or {})

    def to_wire(self) -> dict[str, Any]:
        """Documento na ordem da especificação: schema, cmd_id, op, parâmetros, by."""
        return {"schema": self.schema_, "cmd_id": self.cmd_id, "op": self.op, **self.params, "by": self.by}
