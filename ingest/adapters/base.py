"""Tipos comuns aos adapters (saída já validada quanto à forma, antes de resolver no registro)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from ingest.errors import Rejected

# Valor de uma amostra como veio no JSON (o tipo é conferido contra o registro no pipeline).
Value = bool | int | float | str | None


@dataclass(frozen=True, slots=True)
class Sample:
    """Uma amostra de um ponto: nome, tipo declarado, valor, unidade e qualidade."""

    name: str
    t: str
    v: Value
    u: str | None = None
    q: int = 0


@dataclass(frozen=True, slots=True)
class Decoded:
    """Resultado de um adapter: instante da medição, amostras e metadados da mensagem."""

    ts: datetime
    samples: tuple[Sample, ...]
    meta: dict[str, Any] | None
    # Estado bruto a derivar com debounce (Parsec: RUN/STOP/FAULT); o pipeline grava o ponto
    # `device_state` só depois de aceitar a mensagem (rejeitadas nunca mexem no debounce).
    derived_state: str | None = None


def schema_violation(exc: ValidationError) -> Rejected:
    """Resume os erros do Pydantic (no máximo 5) num detail legível."""
    parts = []
    for err in exc.errors(include_url=False, include_input=False)[:5]:
        loc = ".".join(str(x) for x in err["loc"]) or "<raiz>"
        parts.append(f"{loc}: {err['msg']}")
    more = exc.error_count() - len(parts)
    if more > 0:
        parts.append(f"(+{more} erros)")
    return Rejected("schema_violation", "; ".join(parts))
