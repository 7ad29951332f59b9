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

from typing import Any

from contracts.mqtt import MAX_POINTS, V1Envelope, V1Point
from ingest.adapters.base import Decoded, Sample

# Os modelos do envelope moram em `contracts.mqtt` (fonte única); reexportados para quem já os importa daqui.
__all__ = ["MAX_POINTS", "V1Envelope", "V1Point", "decode"]


def decode(doc: Any) -> Decoded:
    """Valida o documento JSON já decodificado (levanta `pydantic.ValidationError`)."""
    env = V1Envelope.model_validate(doc)
    return Decoded(
        ts=env.ts,
        samples=tuple(Sample(name=p.name, t=p.t, v=p.v, u=p.u, q=p.q) for p in env.points),
        meta=env.meta,
    )
