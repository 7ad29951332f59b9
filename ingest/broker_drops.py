"""Perda no broker, visível: o contador de mensagens descartadas (fila cheia) vira métrica e log.

O broker confirma (PUBACK) ao dispositivo antes de enfileirar para o ingest; se a fila da sessão do ingest
estiver no limite (`max_queued_messages`/`max_queued_bytes` no Mosquitto, `mqtt.max_mqueue_len` no EMQX),
a mensagem é descartada e só o broker sabe (ADR-004). Ele publica o contador em `$SYS`:
- Mosquitto 2.0: `$SYS/broker/publish/messages/dropped` (retido; publicado a cada `sys_interval` quando
  muda; total desde a partida do broker, de todos os clientes);
- EMQX 5: `$SYS/brokers/<nó>/metrics/delivery/dropped/queue_full` (um contador por nó).

O ingest assina esses tópicos (QoS 0, fora do pipeline) e expõe:
- `ingest_broker_dropped_reported{topic}`: o último valor que o broker publicou;
- `ingest_broker_dropped_messages_total`: soma dos aumentos observados por este processo (um contador que
  volta a um valor menor é um broker reiniciado: o valor novo inteiro conta como aumento);
e uma linha de log `error` "broker descartou mensagens" a cada aumento.
"""

from __future__ import annotations

import logging
import threading

from ingest import metrics as m

log = logging.getLogger("ingest.broker")


class DropMonitor:
    """Acompanha os contadores `$SYS` de descarte (chamado da thread do paho; seguro entre threads)."""

    def __init__(self, topics: tuple[str, ...]) -> None:
        self.topics = topics
        self._last: dict[str, int] = {}
        self._lock = threading.Lock()

    def observe(self, topic: str, payload: bytes) -> int:
        """Registra um valor publicado pelo broker; devolve o aumento (0 se nada novo ou ilegível)."""
        try:
            value = int(payload.strip() or b"0")
        except ValueError:
            log.warning("contador $SYS ilegível", extra={"topic": topic, "payload": payload[:64].decode("latin-1")})
            return 0
        with self._lock:
            previous = self._last.get(topic)
            self._last[topic] = value
        increase = value if previous is None or value < previous else value - previous
        m.BROKER_DROPPED.labels(topic).set(value)
        if increase > 0:
            m.BROKER_DROPPED_TOTAL.inc(increase)
            log.error(
                "broker descartou mensagens (fila de sessão cheia): acima do orçamento de fila do ADR-004",
                extra={"topic": topic, "dropped_total_at_broker": value, "increase": increase},
            )
        return increase
