"""Ponte paho-mqtt (thread de rede própria) → asyncio, com confirmação manual (PUBACK após o commit).

Por que paho: é o cliente Python que permite `manual_ack=True` (FACTS §4; aiomqtt confirma na chegada).

Sessão: MQTT 5, `clean_start=False` + Session Expiry: mensagens não confirmadas e as que chegam enquanto
o ingest está fora ficam na sessão do broker e são reentregues. Assinaturas (ADR-004): no modo padrão
"partitioned" são SIMPLES (`traksense/+/+/+/<kind>`, ou `traksense/<tenant>/+/+/<kind>` para os tenants
deste membro quando há N membros) — o Mosquitto as restaura da persistência num restart e enfileira para
a sessão mesmo antes de o ingest reconectar, o que não faz com `$share` (FACTS §6). Novos tenants do
registro são assinados em `refresh_subscriptions` (chamado pelo serviço quando o registro muda).
Retain Handling = 2 (não enviar retidos): como no `$share` (MQTT 5 §4.8.2), um `state` retido antigo
nunca é regravado como se fosse novo (sem `ts`, `last_seen` seria a hora da assinatura).
O modo "shared" (`$share/<grupo>/...`) continua disponível, com a perda documentada no ADR-004.
Contadores `$SYS` de descarte do broker (QoS 0) vão para `DropMonitor`, nunca para o pipeline.

Back-pressure (documentado): anunciamos Receive Maximum = N no CONNECT. O broker nunca mantém mais de N
mensagens QoS1 sem PUBACK conosco, e só confirmamos depois do commit — logo há no máximo N mensagens em
memória (≤ N × TS_INGEST_MAX_PAYLOAD_BYTES), por mais lento que o banco esteja; o resto espera na fila
da sessão no broker. Como rede de segurança contra um broker que ignore o limite, um semáforo de N vagas
bloqueia a thread do paho em `on_message` (o que para a leitura do socket: back-pressure TCP).

Thread-safety do `ack`: `Client.ack()` só enfileira o PUBACK (deque + byte no socketpair que acorda o
`select` da thread de rede), o mesmo caminho de `publish()`, documentado como seguro entre threads.
PUBACKs saem na ordem de recebimento (MQTT §4.6), porque os lotes são confirmados em ordem FIFO.

Geração de conexão: um `mid` só vale na conexão em que a mensagem chegou. Mensagens de uma conexão
anterior não são confirmadas (o broker as reentrega na sessão retomada; a chave única descarta a cópia).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode
from paho.mqtt.subscribeoptions import SubscribeOptions

from ingest import metrics
from ingest.broker_drops import DropMonitor
from ingest.config import Settings
from ingest.mqtt_client import FastClient
from ingest.topics import partition_filters, subscription_filters

log = logging.getLogger("ingest.mqtt")


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """Mensagem recebida, convertida na fronteira (nada adiante vê o objeto do paho)."""

    topic: str
    payload: bytes
    mid: int
    qos: int
    generation: int
    received_at: float  # time.time() na chegada


class MqttSource:
    """Cliente MQTT do ingest. `async with MqttSource(...) as src:` conecta; a saída desconecta."""

    def __init__(
        self,
        settings: Settings,
        deliver: Callable[[list[InboundMessage]], None],
        *,
        tenants: Callable[[], Iterable[str]] = tuple,
        drops: DropMonitor | None = None,
    ) -> None:
        self._s = settings
        self._deliver = deliver
        self._tenants = tenants
        self._drops = drops
        self._subscribed: set[str] = set()
        self._sub_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        # Entrega em lotes ao loop: a thread do paho acumula aqui e só agenda UM `_drain` por rajada
        # (um `call_soon_threadsafe` por mensagem custava um write no socket de wakeup do loop cada).
        self._pending: list[InboundMessage] = []
        self._pending_lock = threading.Lock()
        self._drain_scheduled = False
        self._slots = threading.BoundedSemaphore(settings.receive_maximum)
        self._held = 0
        self._held_lock = threading.Lock()
        self._stopping = threading.Event()
        self._generation = 0
        self._gen_lock = threading.Lock()
        self.connected = threading.Event()
        # FastClient: paho com leitura em bloco e PUBACKs agrupados (ver mqtt_client.py).
        self._client = FastClient(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=settings.client_id,
            protocol=MQTTProtocolVersion.MQTTv5,
            manual_ack=True,
            on_publish_raw=self._on_publish_raw,
        )
        self._client.username_pw_set(settings.mqtt_username, settings.mqtt_password)
        self._client.reconnect_delay_set(min_delay=1, max_delay=10)
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_message = self._on_message
        self._client.on_subscribe = self._on_subscribe

    # --- ciclo de vida -------------------------------------------------------------------------

    async def __aenter__(self) -> MqttSource:
        self._loop = asyncio.get_running_loop()
        props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        props.SessionExpiryInterval = self._s.session_expiry_s
        props.ReceiveMaximum = self._s.receive_maximum
        # connect_async + loop_start: a thread do paho conecta e reconecta sozinha (mesmo se o broker
        # ainda não estiver no ar na partida).
        self._client.connect_async(
            self._s.mqtt_host,
            self._s.mqtt_port,
            keepalive=self._s.keepalive_s,
            clean_start=False,
            properties=props,
        )
        self._client.loop_start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop_consuming()
        await asyncio.to_thread(self._disconnect)

    def _disconnect(self) -> None:
        # DISCONNECT normal: a sessão continua no broker (Session Expiry), nada confirmado se perde.
        self._client.disconnect()
        self._client.loop_stop()

    def stop_consuming(self) -> None:
        """Para de entregar mensagens novas ao pipeline (desligamento gracioso)."""
        self._stopping.set()

    # --- confirmação ---------------------------------------------------------------------------

    def ack(self, msg: InboundMessage) -> bool:
        """PUBACK de uma mensagem já persistida; libera a vaga. Devolve False se não foi enviado."""
        try:
            if msg.qos == 0:
                return True
            with self._gen_lock:
                if msg.generation != self._generation or not self.connected.is_set():
                    return False
                rc = self._client.ack(msg.mid, msg.qos)
            return rc == paho.MQTT_ERR_SUCCESS
        finally:
            self.release(msg)

    def ack_batch(self, msgs: list[InboundMessage]) -> tuple[int, int]:
        """PUBACK de mensagens já persistidas, na ordem dada, num só pacote de saída; libera as vagas.

        Devolve (confirmadas, puladas): puladas são QoS 1 de outra conexão (o broker as reentrega).
        """
        acked = skipped = 0
        try:
            with self._gen_lock:
                live = self.connected.is_set()
                mids = []
                for msg in msgs:
                    if msg.qos == 0:
                        acked += 1
                    elif live and msg.generation == self._generation:
                        mids.append(msg.mid)
                    else:
                        skipped += 1
                if mids:
                    if self._client.ack_many(mids) == paho.MQTT_ERR_SUCCESS:
                        acked += len(mids)
                    else:
                        skipped += len(mids)
            return acked, skipped
        finally:
            with self._held_lock:
                self._held -= len(msgs)
            for _ in msgs:
                self._slots.release()

    def release(self, msg: InboundMessage) -> None:
        """Libera a vaga de uma mensagem (confirmada ou abandonada para reentrega)."""
        with self._held_lock:
            self._held -= 1
        self._slots.release()

    @property
    def in_memory(self) -> int:
        """Mensagens recebidas e ainda não confirmadas (no máximo Receive Maximum)."""
        return self._held

    # --- callbacks (thread do paho) ------------------------------------------------------------

    def _on_connect(
        self, client: paho.Client, _ud: Any, flags: paho.ConnectFlags, rc: ReasonCode, _props: Properties | None
    ) -> None:
        if rc.is_failure:
            log.error("conexão MQTT recusada", extra={"reason": str(rc)})
            return
        with self._gen_lock:
            self._generation += 1
            self.connected.set()
        log.info("MQTT conectado", extra={"session_present": flags.session_present, "generation": self._generation})
        # Reassinar é idempotente e cobre sessão expirada/perdida no broker.
        with self._sub_lock:
            self._subscribed.clear()
        if self._s.subscription == "partitioned":
            # Sessão que já usou o modo "shared": tira os filtros $share (senão cada mensagem viria duas vezes).
            client.unsubscribe(subscription_filters(self._s.share_group))
        if self._drops is not None and self._drops.topics:
            # QoS 0 e retain handling 0: o valor retido atual chega a cada conexão.
            client.subscribe([(t, SubscribeOptions(qos=0)) for t in self._drops.topics])
        self.refresh_subscriptions()

    def filters(self) -> list[str]:
        """Filtros de dados que este processo deve assinar agora (modo e membro da configuração)."""
        if self._s.subscription == "shared":
            return subscription_filters(self._s.share_group)
        return partition_filters(self._s.members, self._s.member, self._tenants())

    def refresh_subscriptions(self) -> None:
        """Assina os filtros que faltam nesta conexão (ex.: tenant novo no registro). Seguro entre threads."""
        if not self.connected.is_set():
            return
        with self._sub_lock:
            missing = [f for f in self.filters() if f not in self._subscribed]
            if not missing:
                return
            opts = SubscribeOptions(qos=1, retainHandling=SubscribeOptions.RETAIN_DO_NOT_SEND)
            rc, _mid = self._client.subscribe([(f, opts) for f in missing])
            if rc == paho.MQTT_ERR_SUCCESS:
                self._subscribed.update(missing)
            metrics.SUBSCRIPTIONS.set(len(self._subscribed))
        if rc == paho.MQTT_ERR_SUCCESS:
            log.info("MQTT assinado", extra={"filters": missing[:20], "count": len(missing)})

    def _on_subscribe(
        self, _c: paho.Client, _ud: Any, _mid: int, rcs: list[ReasonCode], _props: Properties | None
    ) -> None:
        bad = [str(rc) for rc in rcs if rc.is_failure]
        if bad:
            log.error("assinatura MQTT recusada pelo broker (ACL?)", extra={"reasons": bad})

    def _on_disconnect(
        self,
        _c: paho.Client,
        _ud: Any,
        _flags: paho.DisconnectFlags,
        rc: ReasonCode,
        _props: Properties | None,
    ) -> None:
        with self._gen_lock:
            self.connected.clear()
        log.warning("MQTT desconectado", extra={"reason": str(rc)})

    def _on_message(self, _c: paho.Client, _ud: Any, m: paho.MQTTMessage) -> None:
        # Só o que o FastClient não decodifica sozinho (PUBLISH QoS 2, que nossas assinaturas QoS 1 não pedem).
        self._on_publish_raw(m._topic, bytes(m.payload), m.mid, m.qos)

    def _on_publish_raw(self, topic_raw: bytes, payload: bytes, mid: int, qos: int) -> None:
        if topic_raw.startswith(b"$SYS/"):
            # Contador de descartes do broker (ADR-004): não é telemetria, não ocupa vaga nem entra no lote.
            if self._drops is not None:
                self._drops.observe(topic_raw.decode("utf-8", "replace"), payload)
            if qos > 0 and self._client is not None:
                self._client.ack(mid, qos)
            return
        # Bloqueia a thread do paho enquanto não houver vaga (só acontece se o broker ignorar o
        # Receive Maximum). Acordamos periodicamente para respeitar o desligamento.
        if not self._slots.acquire(blocking=False):
            while not self._slots.acquire(timeout=0.5):
                if self._stopping.is_set():
                    return
        if self._stopping.is_set():
            # Em desligamento: não entra no pipeline; sem PUBACK o broker reentrega depois.
            self._slots.release()
            return
        with self._held_lock:
            self._held += 1
        try:
            topic = topic_raw.decode("utf-8")
        except UnicodeDecodeError:
            # Tópico com UTF-8 inválido (broker permissivo): vira dead letter `bad_topic` adiante.
            topic = topic_raw.decode("utf-8", "replace")
        msg = InboundMessage(
            topic=topic,
            payload=payload,
            mid=mid,
            qos=qos,
            generation=self._generation,
            received_at=time.time(),
        )
        loop = self._loop
        if loop is None or loop.is_closed():
            self.release(msg)
            return
        with self._pending_lock:
            self._pending.append(msg)
            schedule = not self._drain_scheduled
            self._drain_scheduled = True
        if schedule:
            try:
                loop.call_soon_threadsafe(self._drain)
            except RuntimeError:
                # Loop fechado entre a checagem e o agendamento (desligamento): libera as vagas.
                with self._pending_lock:
                    stranded, self._pending = self._pending, []
                    self._drain_scheduled = False
                for s in stranded:
                    self.release(s)

    def _drain(self) -> None:
        """No loop asyncio: entrega tudo que a thread do paho acumulou desde o último agendamento."""
        with self._pending_lock:
            batch, self._pending = self._pending, []
            self._drain_scheduled = False
        if batch:
            self._deliver(batch)
