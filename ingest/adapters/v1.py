"""Envelope normalizado `v1` (contrato 000 §5).

    {"schema": "v1", "ts": "2025-10-07T02:34:12Z",
     "points": [{"name": "temp_agua", "t": "float", "v": 7.3, "u": "°C"},
                {"name": "compressor_1_on", "t": "bool", "v": true}],
     "meta": {"fw": "1.2.3", "src": "parsec_v1"}}

Regras: `ts` ISO-8601 COM fuso (instante sem fuso é recusado: corromperia a série); `t` ∈ float, int,
bool, enum, text; `u` opcional; extensão compatível: `q` (qualidade, smallint, padrão 0). Campos
desconhecidos são recusados (erro de digitação não pode virar dado silenciosamente perdido).

Validação em dois passos (issue 10, vazão de mensagens pequenas): `_decode_plain` confere à mão o caso
comum — exatamente as formas que `V1Envelope` aceita sem conversão (tipos JSON exatos, `ts` no formato
RFC 3339 estrito) — e devolve o mesmo resultado que o Pydantic daria, a uma fração do custo. Qualquer
desvio (campo a mais, tipo a converter, `ts` em outro formato, valor fora de limite) devolve None e o
documento passa pelo `V1Envelope` completo, que aceita ou recusa com as mensagens de sempre. O atalho
nunca recusa nada: a fonte das regras continua sendo o modelo em `contracts.mqtt`, e
`ingest/tests/test_adapters.py` confere que os dois caminhos dão o mesmo resultado.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from contracts.mqtt import MAX_POINTS, VALUE_TYPES, V1Envelope, V1Point
from ingest.adapters.base import Decoded, Sample

# Os modelos do envelope moram em `contracts.mqtt` (fonte única); reexportados para quem já os importa daqui.
__all__ = ["MAX_POINTS", "V1Envelope", "V1Point", "decode"]

_ENVELOPE_KEYS = frozenset({"schema", "ts", "points", "meta"})
_POINT_KEYS = frozenset({"name", "t", "v", "u", "q"})
_VALUE_TYPES = frozenset(VALUE_TYPES)
# Tipos JSON que `SampleValue` aceita como vêm (StrictBool | StrictInt | StrictFloat | StrictStr | None).
_PLAIN_VALUES = frozenset({bool, int, float, str, type(None)})
# RFC 3339 estrito, com fuso; fuso só até ±23:59. Outras grafias (ISO básico, `z`, 7+ casas, número)
# ficam para o Pydantic decidir.
_TS = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)


def _bound(field: str, attr: str) -> int:
    """Limite declarado num campo de `V1Point` (ex.: `max_length` de `name`): lido do modelo, não copiado."""
    for meta in V1Point.model_fields[field].metadata:
        value = getattr(meta, attr, None)
        if isinstance(value, int):
            return value
    raise LookupError(f"V1Point.{field} sem {attr}")


_NAME_MIN = _bound("name", "min_length")
_NAME_MAX = _bound("name", "max_length")
_UNIT_MAX = _bound("u", "max_length")
_Q_MIN = _bound("q", "ge")
_Q_MAX = _bound("q", "le")


def decode(doc: Any) -> Decoded:
    """Valida o documento JSON já decodificado (levanta `pydantic.ValidationError`)."""
    plain = _decode_plain(doc)
    if plain is not None:
        return plain
    env = V1Envelope.model_validate(doc)
    return Decoded(
        ts=env.ts,
        samples=tuple(Sample(name=p.name, t=p.t, v=p.v, u=p.u, q=p.q) for p in env.points),
        meta=env.meta,
    )


def _decode_plain(doc: Any) -> Decoded | None:
    """O caso comum, sem Pydantic; None = "não sei dizer", nunca "recusado"."""
    if type(doc) is not dict or not doc.keys() <= _ENVELOPE_KEYS or doc.get("schema") != "v1":
        return None
    raw_ts = doc.get("ts")
    if type(raw_ts) is not str or _TS.fullmatch(raw_ts) is None:
        return None
    try:
        ts = datetime.fromisoformat(raw_ts)
    except ValueError:  # data impossível (mês 13, 24:00, segundo 60): o Pydantic dá a mensagem
        return None
    meta = doc.get("meta")
    if meta is not None and type(meta) is not dict:
        return None
    points = doc.get("points")
    if type(points) is not list or not 0 < len(points) <= MAX_POINTS:
        return None
    samples = []
    for p in points:
        if type(p) is not dict or not p.keys() <= _POINT_KEYS:
            return None
        name, t = p.get("name"), p.get("t")
        if type(name) is not str or not _NAME_MIN <= len(name) <= _NAME_MAX:
            return None
        if type(t) is not str or t not in _VALUE_TYPES or "v" not in p:
            return None
        v = p["v"]
        if type(v) not in _PLAIN_VALUES:
            return None
        u = p.get("u")
        if u is not None and (type(u) is not str or len(u) > _UNIT_MAX):
            return None
        q = p.get("q", 0)
        if type(q) is not int or not _Q_MIN <= q <= _Q_MAX:
            return None
        samples.append(Sample(name, t, v, u, q))
    return Decoded(ts=ts, samples=tuple(samples), meta=meta)
