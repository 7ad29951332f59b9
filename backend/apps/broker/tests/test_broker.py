"""Provisionamento contra o broker REAL (Mosquitto 2.0.21 com dynsec da instância de teste) e um worker Celery REAL.

Dispositivos conectam como em campo: no listener TLS, verificando o certificado do broker pela CA da
instância. As contas de serviço (ingest, API) usam o listener interno de loopback.

Aqui os dados são commitados de verdade (sem o rollback do fixture `db`): é o commit que dispara o
`on_commit` → tarefa Celery → dynsec. Cada teste usa slugs únicos e revoga o que criou.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Any

from django.db import transaction

from apps.broker.models import MqttCredential
from apps.devices.services import revoke_device, rotate_device_password
from testsupport.broker import TIMEOUT, ingest, wait_status
from testsupport.tenants import in_tenant


def test_provisioned_device_publishes_its_telem(committed: Any, mqtt_clients: Any) -> None:
    dev = committed()
    spy = ingest(mqtt_clients)
    device = mqtt_clients(dev.username, dev.password)
    assert not device.connect().is_failure
    assert not device.publish(f"{dev.topic_base}/telem", b'{"schema":"v1"}').is_failure
    msg = spy.expect(f"{dev.topic_base}/telem")
    assert msg is not None
    assert msg.payload == b'{"schema":"v1"}'
    for suffix in ("state", "event", "alarm", "ack"):
        assert not device.publish(f"{dev.topic_base}/{suffix}").is_failure


def test_device_cannot_publish_outside_its_topic_base(committed: Any, mqtt_clients: Any) -> None:
    dev, other_device, other_tenant = committed(), committed(), committed(tenant="beta")
    spy = ingest(mqtt_clients)
    device = mqtt_clients(dev.username, dev.password)
    assert not device.connect().is_failure
    forbidden = [
        f"{other_device.topic_base}/telem",  # outro dispositivo do mesmo tenant
        f"{other_tenant.topic_base}/telem",  # outro tenant
        f"{dev.topic_base}/cmd",  # o próprio cmd é só para receber
        f"{dev.topic_base}/telem/extra",
        "traksense/alpha/qualquer",
    ]
    for topic in forbidden:
        rc = device.publish(topic, b"intruso")
        assert rc.getName() == "Not authorized", (topic, rc)
    # Testemunha: nada disso chegou a quem assina traksense/#; o próprio telem chega (sinal de vida).
    assert not device.publish(f"{dev.topic_base}/telem", b"fim").is_failure
    msg = spy.expect(f"{dev.topic_base}/telem")
    assert msg is not None
    assert msg.payload == b"fim"
    seen = []
    while not spy.messages.empty():
        seen.append(spy.messages.get_nowait().topic)
    assert not set(seen) & set(forbidden)


def test_device_subscribes_only_to_its_own_cmd(committed: Any, mqtt_clients: Any) -> None:
    dev, other_device, other_tenant = committed(), committed(), committed(tenant="beta")
    device = mqtt_clients(dev.username, dev.password)
    assert not device.connect().is_failure
    assert not device.subscribe(f"{dev.topic_base}/cmd")[0].is_failure
    for topic in (
        f"{other_device.topic_base}/cmd",
        f"{other_tenant.topic_base}/cmd",
        f"{dev.topic_base}/telem",
        "traksense/#",
        "traksense/alpha/+/+/cmd",
    ):
        (rc,) = device.subscribe(topic)
        assert rc.getName() == "Not authorized", (topic, rc)
    # E recebe de fato os comandos que a conta da API publica no seu cmd.
    api = mqtt_clients(
        os.environ["TS_MQTT_API_USER"],
        os.environ["TS_MQTT_API_PASSWORD"],
        client_id=f"api-{uuid.uuid4().hex}",
        device=False,
    )
    assert not api.connect().is_failure
    assert not api.publish(f"{dev.topic_base}/cmd", b'{"op":"noop"}').is_failure
    assert device.expect(f"{dev.topic_base}/cmd") is not None


def test_wrong_password_and_wrong_client_id_are_refused(committed: Any, mqtt_clients: Any) -> None:
    dev = committed()
    assert mqtt_clients(dev.username, dev.password + "x").connect().is_failure
    # O client id é preso ao usuário: a senha certa com outro client id também é recusada.
    assert mqtt_clients(dev.username, dev.password, client_id="outro-id").connect().is_failure
    other = committed()
    assert mqtt_clients(other.username, dev.password).connect().is_failure


def test_lwt_on_state_is_retained(committed: Any, mqtt_clients: Any) -> None:
    dev = committed()
    device = mqtt_clients(dev.username, dev.password, will=f"{dev.topic_base}/state")
    assert not device.connect().is_failure
    # Queda de energia: o socket morre sem DISCONNECT, o broker publica o testamento.
    device.client.socket().close()
    time.sleep(1.0)
    late = ingest(mqtt_clients, f"{dev.topic_base}/state")  # assina DEPOIS: só vê se ficou retida
    msg = late.expect(f"{dev.topic_base}/state")
    assert msg is not None
    assert msg.payload == b"offline"
    assert msg.retain


def test_revoked_device_is_disconnected_and_cannot_reconnect(
    committed: Any, mqtt_clients: Any, django_db_blocker: Any
) -> None:
    dev = committed()
    device = mqtt_clients(dev.username, dev.password)
    device.client.reconnect_delay_set(60, 120)  # sem reconexão automática durante o teste
    assert not device.connect().is_failure
    with django_db_blocker.unblock(), in_tenant(dev.tenant) as t, transaction.atomic():
        revoke_device(tenant=t, device=dev.device)
    with django_db_blocker.unblock():
        wait_status(dev.tenant, dev.device.id, "revoked")
        assert not MqttCredential.objects.get(username=dev.username).is_active
    assert device.disconnected.wait(TIMEOUT), "o broker deveria ter derrubado o dispositivo revogado"
    assert mqtt_clients(dev.username, dev.password, client_id=dev.username).connect().is_failure


def test_rotation_replaces_the_password(committed: Any, mqtt_clients: Any, django_db_blocker: Any) -> None:
    dev = committed()
    with django_db_blocker.unblock(), in_tenant(dev.tenant) as t, transaction.atomic():
        new_password = rotate_device_password(tenant=t, device=dev.device).mqtt_password
    with django_db_blocker.unblock():
        wait_status(dev.tenant, dev.device.id, "provisioned")
    assert mqtt_clients(dev.username, dev.password).connect().is_failure
    assert not mqtt_clients(dev.username, new_password).connect().is_failure
