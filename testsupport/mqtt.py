"""MQTT nos testes: o broker é o da instância de TESTE (scripts/dev.sh test), nunca o de `make up`.

Serviços internos (admin do dynsec, conta do ingest, conta da API) usam o listener de loopback em texto puro
(`MQTT_HOST`/`MQTT_PORT`), como localmente em produção de dev; dispositivos de teste usam o listener TLS
(`TS_MQTT_TLS_PORT`) com verificação do certificado do broker pela CA da instância (`TS_MQTT_CA_FILE`).
"""

from __future__ import annotations

import os
import socket
import ssl
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from apps.broker.backends.dynsec import BrokerEndpoint, DynsecSession

HANG_GUARD_S = 180.0  # só contra travamento; nenhum teste afirma sobre duração


def wait_until(pred: Callable[[], bool], what: str, timeout: float = HANG_GUARD_S, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(every)
    raise AssertionError(f"condição não atingida: {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def internal_endpoint() -> BrokerEndpoint:
    """Listener interno (loopback, texto puro) usado por ingest, API e admin."""
    return BrokerEndpoint(os.environ["MQTT_HOST"], int(os.environ["MQTT_PORT"]))


def device_endpoint() -> BrokerEndpoint:
    """Listener TLS que os dispositivos usam, com a CA da instância (verificação do certificado ligada)."""
    return BrokerEndpoint(os.environ["MQTT_HOST"], int(os.environ["TS_MQTT_TLS_PORT"]), os.environ["TS_MQTT_CA_FILE"])


def use_device_tls(client: paho.Client) -> None:
    """Liga TLS com verificação (CA da instância, nome do host conferido) num cliente de dispositivo."""
    client.tls_set(ca_certs=os.environ["TS_MQTT_CA_FILE"], cert_reqs=ssl.CERT_REQUIRED)


def dynsec(commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Executa comandos do dynamic security como admin (o cliente único de apps.broker) e devolve as respostas."""
    endpoint = internal_endpoint()
    with DynsecSession(
        host=endpoint.host,
        port=endpoint.port,
        username=os.environ["TS_MQTT_ADMIN_USER"],
        password=os.environ["TS_MQTT_ADMIN_PASSWORD"],
    ) as session:
        return session.run(commands, tolerate=("",))


def mqtt_client(client_id: str, user: str, password: str) -> paho.Client:
    c = paho.Client(
        callback_api_version=CallbackAPIVersion.VERSION2, client_id=client_id, protocol=MQTTProtocolVersion.MQTTv5
    )
    c.username_pw_set(user, password)
    return c


def connect(c: paho.Client, *, clean: bool = True, expiry: int = 0, endpoint: BrokerEndpoint | None = None) -> None:
    props = Properties(PacketTypes.CONNECT)
    if expiry:
        props.SessionExpiryInterval = expiry
    target = endpoint or internal_endpoint()
    connected: list[Any] = []
    c.on_connect = lambda *a: connected.append(a[3])
    c.connect(target.host, target.port, clean_start=clean, properties=props)
    c.loop_start()
    wait_until(lambda: bool(connected), "CONNACK do broker", timeout=15, every=0.05)
    if connected[0].is_failure:
        raise AssertionError(f"broker recusou a conexão: {connected[0]}")


def drop_ingest_session(client_id: str) -> None:
    """Apaga a sessão persistente de um ingest no broker (clean start + expiry 0), com a conta de serviço dele.

    Um ingest de teste ou benchmark que sai deixa a sessão (expiry de 7 dias) com as assinaturas: o broker
    seguiria enfileirando para ela toda a telemetria publicada depois, e isso pesa em tudo que roda em seguida.
    """
    c = mqtt_client(client_id, os.environ["TS_MQTT_INGEST_USER"], os.environ["TS_MQTT_INGEST_PASSWORD"])
    try:
        connect(c, clean=True)
    finally:
        c.loop_stop()
        c.disconnect()


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


@pytest.fixture(scope="session")
def publisher_credentials() -> Iterator[Credentials]:
    """Cliente de teste com permissão de publicar em traksense/# (criado pelo admin via dynsec)."""
    user, password, role = f"test-pub-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex, f"test-pub-role-{uuid.uuid4().hex[:6]}"
    responses = dynsec(
        [
            {"command": "createRole", "rolename": role},
            {
                "command": "addRoleACL",
                "rolename": role,
                "acltype": "publishClientSend",
                "topic": "traksense/#",
                "allow": True,
            },
            {"command": "createClient", "username": user, "password": password},
            {"command": "addClientRole", "username": user, "rolename": role},
        ]
    )
    assert all("error" not in r for r in responses), responses
    yield Credentials(user, password)
    dynsec([{"command": "deleteClient", "username": user}, {"command": "deleteRole", "rolename": role}])


def _confirmed(info: paho.MQTTMessageInfo, timeout: float) -> bool:
    """True só com PUBACK. `wait_for_publish`/`is_published` levantam RuntimeError quando a publicação foi
    recusada na hora (cliente desconectado, rc != 0) e ValueError com a fila cheia: isso é "não confirmada"."""
    try:
        info.wait_for_publish(timeout)
        return info.is_published()
    except (RuntimeError, ValueError):
        return False


class Publisher:
    """Publicador QoS1 que só considera publicado o que o broker confirmou (PUBACK); repete o resto."""

    def __init__(self, creds: Credentials) -> None:
        self.client = mqtt_client(f"test-pub-{uuid.uuid4().hex[:8]}", creds.username, creds.password)
        self.client.max_inflight_messages_set(200)
        self.client.max_queued_messages_set(0)
        self.client.reconnect_delay_set(0.2, 2)
        connect(self.client, clean=True)

    def publish(self, topic: str, payload: bytes | str, *, retain: bool = False, qos: int = 1) -> None:
        for _ in range(200):
            info = self.client.publish(topic, payload, qos=qos, retain=retain)
            if _confirmed(info, 5):
                return
            time.sleep(0.2)
        raise AssertionError(f"broker não confirmou a publicação em {topic}")

    def publish_many(self, items: list[tuple[str, bytes]], timeout: float = 120.0) -> None:
        """Publica em janela (até 200 em voo), esperando o PUBACK de cada; repete as não confirmadas (inclusive
        as recusadas porque o cliente ainda estava reconectando depois de um restart do broker)."""
        deadline = time.monotonic() + timeout
        pending = list(items)
        while pending:
            infos = []
            for topic, payload in pending[:200]:
                infos.append(((topic, payload), self.client.publish(topic, payload, qos=1)))
            retry = [item for item, info in infos if not _confirmed(info, 10)]
            if retry:
                if time.monotonic() > deadline:
                    raise AssertionError(f"broker não confirmou {len(retry)} publicações em {timeout:.0f} s")
                time.sleep(0.5)
            pending = retry + pending[200:]

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def publisher(publisher_credentials: Credentials) -> Iterator[Publisher]:
    p = Publisher(publisher_credentials)
    yield p
    p.close()
