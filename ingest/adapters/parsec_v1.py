"""Payload bruto dos inversores Parsec (`parsec_v1`) e a derivação de estado.

Payload (definido aqui; publicado em traksense/{tenant}/{site}/{device}/telem):

    {"schema": "parsec_v1", "ts": "2025-10-07T02:34:12Z", "di1": 1, "di2": 0, "seq": 123}

- `ts`: instante da leitura, ISO-8601 com fuso (obrigatório).
- `di1`: entrada digital 1 = status do inversor: 1 = RUN, 0 = STOP (aceita também true/false).
- `di2`: entrada digital 2 = falha: 1 = FAULT, 0 = OK (aceita também true/false).
- `seq`: contador opcional do gateway (vai para `meta`, útil para auditar perdas).
- `meta`: objeto opcional (ex.: {"fw": "2.1"}), repassado para a coluna `meta`.

Pontos gerados (precisam existir no registro do dispositivo; os que faltarem viram dead letter
`unknown_point`, os demais são gravados):

- `status`: enum "RUN" / "STOP" — leitura crua de DI1, sem debounce (é a medição).
- `fault`: bool — leitura crua de DI2, sem debounce.
- `device_state`: enum "RUN" / "STOP" / "FAULT" — estado derivado, FAULT sobrepõe RUN/STOP, com debounce.

Debounce de `device_state` (estado em memória por dispositivo, pelo `ts` das leituras, não pelo relógio
de chegada):
- a primeira leitura de um dispositivo (ou após reinício do ingest) é adotada direto;
- entrar em FAULT é imediato (falha nunca é escondida nem atrasada);
- qualquer outra transição (RUN↔STOP, FAULT→RUN/STOP) só é adotada quando o novo estado bruto se mantém
  por pelo menos `debounce_s` segundos; até lá o estado estável anterior continua sendo gravado;
- leituras fora de ordem (ts menor que a última vista) não mexem no estado: gravam o estado estável atual,
  exceto se a própria leitura é FAULT (grava FAULT: uma falha nunca é mascarada, nem atrasada);
- só mensagens ACEITAS mexem no estado: `decode` é puro (devolve o estado bruto) e o pipeline só chama
  `Debouncer.observe` depois de a mensagem passar por todas as checagens (janela de `ts`, registro, tipo
  do ponto `device_state`). Uma mensagem recusada (ts no futuro/antigo demais, malformada, ...) não muda
  debounce nem estado (issue 10 item 3: um `ts` em 2100 travava o estado em RUN).
Com `debounce_s = 0` o estado derivado é exatamente o bruto.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.mqtt import ParsecPayload
from ingest.adapters.base import Decoded, Sample

# O modelo do payload mora em `contracts.mqtt` (fonte única); aqui ficam a derivação de estado e o debounce.
__all__ = ["FAULT", "RUN", "STOP", "Debouncer", "ParsecPayload", "decode", "raw_state"]

RUN, STOP, FAULT = "RUN", "STOP", "FAULT"


def raw_state(di1: bool, di2: bool) -> str:
    """FAULT sobrepõe RUN/STOP."""
    if di2:
        return FAULT
    return RUN if di1 else STOP


@dataclass(slots=True)
class _DeviceDebounce:
    stable: str
    last_ts: datetime
    candidate: str | None = None
    candidate_since: datetime | None = None


class Debouncer:
    """Estado de debounce por dispositivo (em memória; ver semântica no docstring do módulo).

    Seguro entre threads (o caminho HTTP da API roda em várias): cada observação é atômica.
    """

    def __init__(self, debounce_s: float) -> None:
        self._debounce_s = debounce_s
        self._state: dict[uuid.UUID, _DeviceDebounce] = {}
        self._lock = threading.Lock()

    def observe(self, device_id: uuid.UUID, ts: datetime, raw: str) -> str:
        """Registra uma leitura ACEITA e devolve o estado a gravar com ela."""
        with self._lock:
            return self._observe(device_id, ts, raw)

    def _observe(self, device_id: uuid.UUID, ts: datetime, raw: str) -> str:
        st = self._state.get(device_id)
        if st is None:
            self._state[device_id] = _DeviceDebounce(stable=raw, last_ts=ts)
            return raw
        if ts < st.last_ts:
            # Fora de ordem: não mexe no estado; uma leitura de falha é gravada como FAULT.
            return FAULT if raw == FAULT else st.stable
        st.last_ts = ts
        if raw == st.stable:
            st.candidate = st.candidate_since = None
        elif raw == FAULT:
            st.stable, st.candidate, st.candidate_since = FAULT, None, None
        else:
            if st.candidate != raw or st.candidate_since is None:
                st.candidate, st.candidate_since = raw, ts
            if (ts - st.candidate_since).total_seconds() >= self._debounce_s:
                st.stable, st.candidate, st.candidate_since = raw, None, None
        return st.stable


STATE_POINT = "device_state"


def decode(doc: Any) -> Decoded:
    """Valida o payload Parsec (levanta `pydantic.ValidationError`); puro, não toca no debounce.

    Devolve as amostras cruas (`status`, `fault`) e o estado bruto em `derived_state`; o pipeline grava
    `device_state` (debounced) só se a mensagem for aceita.
    """
    p = ParsecPayload.model_validate(doc)
    di1, di2 = bool(p.di1), bool(p.di2)
    meta: dict[str, Any] = {"src": "parsec_v1", **(p.meta or {})}
    if p.seq is not None:
        meta["seq"] = p.seq
    return Decoded(
        ts=p.ts,
        samples=(
            Sample(name="status", t="enum", v=RUN if di1 else STOP),
            Sample(name="fault", t="bool", v=di2),
        ),
        meta=meta,
        derived_state=raw_state(di1, di2),
    )
