"""Dispositivos provisionados de verdade (commit → worker Celery → dynsec do broker de teste) e um cliente
MQTT síncrono para os testes de broker.

Dispositivos conectam como em campo: no listener TLS, verificando o certificado do broker pela CA da
instância; contas de serviço (ingest, API) no listener interno de loopback.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from django.db import connection, transaction

from apps.devices.models import Device
from apps.devices.services import DeviceSpec, create_device, revoke_device
from testsupport.mqtt import device_endpoint, internal_endpoint, use_device_tls
from testsupport.tenants import in_tenant, unique_slug

TIMEOUT = 15.0


@dataclass
class Provisioned:
    tenant: str
    device: Device
    password: str

    @property
    def username(self) -> str:
        return self.device.mqtt_username

    @property
    def topic_base(self) -> str:
        return self.device.topic_base


def _status(tenant: str, device_id: uuid.UUID) -> Device:
    with in_tenant(tenant):
        return Device.objects.get(id=device_id)


def wait_status(tenant: str, device_id: uuid.UUID, want: str) -> Device:
    deadline = time.monotonic() + TIMEOUT
    while True:
        device = _status(tenant, device_id)
        if device.provisioning_status == want:
            return device
        if time.monotonic() > deadline:
            raise AssertionError(
                f"status {device.provisioning_status!r} (erro {device.provisioning_error!r}), esperado {want!r}"
            )
        time.sleep(0.1)


@pytest.fixture
def committed(django_db_blocker: Any, celery_worker_process: Any) -> Iterator[Callable[..., Provisioned]]:
    """Cria dispositivos com commit real e espera o worker provisioná-los; revoga tudo no fim."""
    created: list[Provisioned] = []

    def make(tenant: str = "alpha", site: str = "planta-mqtt", template: str = "chiller_v1") -> Provisioned:
        with in_tenant(tenant) as t, transaction.atomic():
            result = create_device(
                tenant=t,
                spec=DeviceSpec(site_slug=site, template_slug=template, slug=unique_slug(), name="teste broker"),
            )
        item = Provisioned(tenant, result.device, result.mqtt_password)
        created.append(item)
        wait_status(tenant, item.device.id, "provisioned")
        return item

    with django_db_blocker.unblock():
        yield make
        for item in created:
            with in_tenant(item.tenant) as t, transaction.atomic():
                device = Device.objects.get(id=item.device.id)
                if device.provisioning_status not in {"revoking", "revoked"}:
                    revoke_device(tenant=t, device=device)
        connection.set_schema_to_public()


class Mqtt:
    """Cliente paho síncrono para os testes (MQTT 5: o broker devolve reason codes de autorização)."""

    def __init__(
        self,
        username: str,
        password: str,
        *,
        client_id: str | None = None,
        will: str | None = None,
        device: bool = True,
    ):
        self.messages: queue.Queue[mqtt.MQTTMessage] = queue.Queue()
        self.connack: queue.Queue[Any] = queue.Queue()
        self.acks: dict[int, Any] = {}
        self.disconnected = threading.Event()
        self._acked = threading.Condition()
        self.client = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id or username,
            protocol=mqtt.MQTTv5,
        )
        self.client.username_pw_set(username, password)
        self.endpoint = device_endpoint() if device else internal_endpoint()
        if device:
            use_device_tls(self.client)
        if will:
            self.client.will_set(will, b"offline", qos=1, retain=True)
        self.client.on_connect = lambda c, u, f, rc, p: self.connack.put(rc)
        self.client.on_message = lambda c, u, m: self.messages.put(m)
        self.client.on_disconnect = lambda c, u, f, rc, p: self.disconnected.set()
        self.client.on_publish = self._on_ack
        self.client.on_subscribe = lambda c, u, mid, rcs, p: self._on_ack(c, u, mid, rcs, p)

    def _on_ack(self, client: Any, userdata: Any, mid: int, rc: Any, props: Any) -> None:
        with self._acked:
            self.acks[mid] = rc
            self._acked.notify_all()

    def connect(self) -> Any:
        """Conecta e devolve o reason code do CONNACK (não levanta em recusa)."""
        self.client.connect(self.endpoint.host, self.endpoint.port, keepalive=30)
        self.client.loop_start()
        rc = self.connack.get(timeout=TIMEOUT)
        return rc

    def _wait_ack(self, mid: int) -> Any:
        with self._acked:
            assert self._acked.wait_for(lambda: mid in self.acks, TIMEOUT), "sem ack do broker"
            return self.acks[mid]

    def publish(self, topic: str, payload: bytes = b"{}", qos: int = 1) -> Any:
        info = self.client.publish(topic, payload, qos=qos)
        return self._wait_ack(info.mid)

    def subscribe(self, topic: str, qos: int = 1) -> list[Any]:
        _, mid = self.client.subscribe(topic, qos=qos)
        return list(self._wait_ack(mid))

    def expect(self, topic: str, timeout: float = TIMEOUT) -> mqtt.MQTTMessage | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                return None
            if msg.topic == topic:
                return msg
        return None

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def mqtt_clients() -> Iterator[Callable[..., Mqtt]]:
    made: list[Mqtt] = []

    def make(*args: Any, **kwargs: Any) -> Mqtt:
        client = Mqtt(*args, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def ingest(mqtt_clients: Callable[..., Mqtt], topic: str = "traksense/#") -> Mqtt:
    """A conta de serviço do ingest, que pode ler toda a árvore traksense/: testemunha do que passou."""
    spy = mqtt_clients(
        os.environ["TS_MQTT_INGEST_USER"],
        os.environ["TS_MQTT_INGEST_PASSWORD"],
        client_id=f"spy-{uuid.uuid4().hex}",
        device=False,
    )
    assert not spy.connect().is_failure
    assert not spy.subscribe(topic)[0].is_failure
    return spy
