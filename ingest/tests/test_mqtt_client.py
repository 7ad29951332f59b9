"""FastClient (ingest/mqtt_client.py) contra o Mosquitto real: leitura em bloco e PUBACKs agrupados.

- mensagens pequenas e grandes misturadas (uma maior que o bloco de leitura de 256 KiB, pacotes partidos
  entre `recv`s) chegam inteiras, na ordem, com tópico, mid e QoS certos;
- `ack_many` confirma exatamente os mids dados: na sessão retomada o broker reentrega só os não confirmados.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator

import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from ingest.mqtt_client import FastClient
from ingest.tests.publishers import own_publisher
from testsupport.mqtt import Publisher, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture
def publisher() -> Iterator[Publisher]:
    """Credenciais próprias (ver ingest/tests/publishers.py), não as da sessão."""
    with own_publisher() as pub:
        yield pub


class Receiver:
    """Assinante com FastClient, confirmação manual e sessão persistente."""

    def __init__(self, client_id: str, topic_filter: str, *, ack_on_arrival: bool = False) -> None:
        self.ack_on_arrival = ack_on_arrival
        self.got: list[tuple[str, bytes, int, int]] = []
        self.lock = threading.Lock()
        self.subscribed = threading.Event()
        self.client = FastClient(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=MQTTProtocolVersion.MQTTv5,
            manual_ack=True,
            on_publish_raw=self._raw,
        )
        self.client.username_pw_set(os.environ["TS_MQTT_INGEST_USER"], os.environ["TS_MQTT_INGEST_PASSWORD"])
        self.client.on_connect = lambda c, *_a: c.subscribe([(topic_filter, SubscribeOptions(qos=1))])
        self.client.on_subscribe = lambda *_a: self.subscribed.set()

    def _raw(self, topic: bytes, payload: bytes, mid: int, qos: int) -> None:
        with self.lock:
            self.got.append((topic.decode(), payload, mid, qos))
        if self.ack_on_arrival:
            # Sem PUBACK o broker para em max_inflight_messages (1000) mensagens em voo.
            self.client.ack_many([mid])

    def start(self, *, clean: bool) -> Receiver:
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 0 if clean else 600
        self.client.connect(os.environ["MQTT_HOST"], int(os.environ["MQTT_PORT"]), clean_start=clean, properties=props)
        self.client.loop_start()
        assert self.subscribed.wait(15), "sem SUBACK"
        return self

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def test_block_reads_deliver_every_message_intact_and_in_order(publisher: Publisher) -> None:
    base = f"traksense/fc-{uuid.uuid4().hex[:8]}/site/dev"
    rx = Receiver(f"test-fast-{uuid.uuid4().hex[:8]}", f"{base}/#", ack_on_arrival=True).start(clean=True)
    try:
        sizes = [10, 300_000, 70, 1, 1_100_000, 5] + [40 + (i % 13) for i in range(3000)]
        items = [(f"{base}/t{i % 3}", bytes([65 + i % 26]) * n + str(i).encode()) for i, n in enumerate(sizes)]
        publisher.publish_many(items)
        wait_until(lambda: len(rx.got) >= len(items), f"{len(items)} mensagens recebidas")
        assert [(t, p) for t, p, _, _ in rx.got] == items
        assert {q for _, _, _, q in rx.got} == {1}
        assert all(mid > 0 for _, _, mid, _ in rx.got)
    finally:
        rx.stop()


def test_ack_many_confirms_exactly_the_given_mids(publisher: Publisher) -> None:
    cid = f"test-fast-{uuid.uuid4().hex[:8]}"
    base = f"traksense/fc-{uuid.uuid4().hex[:8]}/site/dev"
    rx = Receiver(cid, f"{base}/#").start(clean=False)
    items = [(f"{base}/telem", f"m{i}".encode()) for i in range(200)]
    publisher.publish_many(items)
    wait_until(lambda: len(rx.got) >= len(items), "200 mensagens recebidas")
    by_payload = {p: mid for _, p, mid, _ in rx.got}
    acked = [p for _, p in items[::2]]  # confirma as pares; as ímpares ficam sem PUBACK
    rx.client.ack_many([by_payload[p] for p in acked])
    # Um SUBSCRIBE de ida e volta depois dos PUBACKs: quando o SUBACK chega, o broker já os processou.
    rx.subscribed.clear()
    rx.client.subscribe([(f"{base}-flush", SubscribeOptions(qos=1))])
    assert rx.subscribed.wait(15), "sem SUBACK"
    rx.stop()

    again = Receiver(cid, f"{base}/#").start(clean=False)
    try:
        expected = {p for _, p in items[1::2]}
        wait_until(lambda: {p for _, p, _, _ in again.got} >= expected, "reentrega das não confirmadas")
        redelivered = {p for _, p, _, _ in again.got if p.startswith(b"m")}
        assert redelivered == expected
    finally:
        again.stop()
        Receiver(cid, f"{base}/#").start(clean=True).stop()
