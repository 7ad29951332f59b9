"""Envelope normalizado `v1` (contrato 000 §5).

    {"schema": "v1", "ts": "2025-10-07T02:34:12Z",
     "points": [{"name": "temp_agua", "t": "float", "v": 7.3, "u": "°C"},
                {"name": "compressor_1_on", "t": "bool", "v": true}],
     "meta": {"fw": "1.2.3", "src": "parsec_v1"}}

Regras: `ts` ISO-8601 COM fuso (instante sem fuso é recusado: corromperia a série); `t` ∈ float, int,
bool, enum, text; `u` opcional; extensão compatível: `q` (qualidade, smallint, padrão 0). Campos
desconhecidos são recusados (erro de digitação não pode virar dado silenciosamente perdido).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

from ingest.adapters.base import Decoded, Sample

MAX_POINTS = 10_000


class V1Point(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    t: Literal["float", "int", "bool", "enum", "text"]
    # Ordem importa pouco (união "smart" do Pydantic escolhe o tipo exato), mas bool antes de int.
    v: StrictBool | StrictInt | StrictFloat | StrictStr | None
    u: str | None = Field(default=None, max_length=32)
    q: int = Field(default=0, ge=0, le=32767)


class V1Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["v1"] = Field(alias="schema")
    ts: AwareDatetime
    points: list[V1Point] = Field(min_length=1, max_length=MAX_POINTS)
    meta: dict[str, Any] | None = None


def decode(doc: Any) -> Decoded:
    """Valida o documento JSON já decodificado (levanta `pydantic.ValidationError`)."""
    env = V1Envelope.model_validate(doc)
    return Decoded(
        ts=env.ts,
        samples=tuple(Sample(name=p.name, t=p.t, v=p.v, u=p.u, q=p.q) for p in env.points),
        meta=env.meta,
    )
