"""TLS do broker local (listener dos dispositivos) e o endereço público entregue na criação do dispositivo.

Contra o Mosquitto REAL da instância de teste: o listener TLS usa a CA e o certificado gerados pelo stack
(scripts/dev_tls.py). Verifica que texto puro não passa na porta TLS, que a verificação do certificado está
ligada (outra CA é recusada) e que `POST /api/devices/` entrega host/porta TLS e a CA.
"""

from __future__ import annotations

import importlib
import os
import socket
import ssl
import sys
import uuid
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from django.conf import settings
from paho.mqtt.enums import CallbackAPIVersion

from apps.broker.backends import BrokerUnavailable
from apps.broker.backends.dynsec import credentials_accepted
from testsupport.mqtt import device_endpoint, dynsec, internal_endpoint
from testsupport.tenants import bearer_client

REPO = Path(__file__).resolve().parents[4]
# MQTT 3.1.1 CONNECT mínimo (client id "tls-probe", sem usuário): o que um cliente em texto puro mandaria.
_CLIENT_ID = b"tls-probe"
PLAIN_CONNECT = (
    bytes([0x10, 12 + len(_CLIENT_ID)])
    + b"\x00\x04MQTT\x04\x02\x00\x3c"
    + len(_CLIENT_ID).to_bytes(2, "big")
    + _CLIENT_ID
)


@pytest.fixture(scope="module")
def tls_account() -> Any:
    """Um cliente dynsec comum (sem ACL): basta para medir se o broker aceita a conexão."""
    user, password = f"tls-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    responses = dynsec([{"command": "createClient", "username": user, "password": password}])
    assert all("error" not in r for r in responses), responses
    yield user, password
    dynsec([{"command": "deleteClient", "username": user}])


def test_device_connects_over_tls_with_the_instance_ca(tls_account: tuple[str, str]) -> None:
    user, password = tls_account
    assert credentials_accepted(device_endpoint(), user, password)


def test_plaintext_mqtt_on_the_tls_port_gets_no_connack() -> None:
    endpoint = device_endpoint()
    with socket.create_connection((endpoint.host, endpoint.port), timeout=10) as sock:
        sock.sendall(PLAIN_CONNECT)
        try:
            reply = sock.recv(16)
        except (ConnectionResetError, TimeoutError):
            reply = b""
    # Um CONNACK começaria com 0x20; o broker TLS fecha a conexão ou responde com um alerta TLS.
    assert not reply.startswith(b"\x20"), reply
    # O mesmo CONNECT no listener interno recebe CONNACK (recusa por falta de usuário): a sonda é válida.
    internal = internal_endpoint()
    with socket.create_connection((internal.host, internal.port), timeout=10) as sock:
        sock.sendall(PLAIN_CONNECT)
        assert sock.recv(16).startswith(b"\x20")


def test_paho_without_tls_cannot_connect_on_the_tls_port(tls_account: tuple[str, str]) -> None:
    user, password = tls_account
    endpoint = device_endpoint()
    plain = type(endpoint)(endpoint.host, endpoint.port)  # mesma porta, sem TLS
    with pytest.raises(BrokerUnavailable, match="CONNACK"):
        credentials_accepted(plain, user, password, timeout=5)
    assert credentials_accepted(endpoint, user, password)  # a mesma conta, por TLS, entra


def test_certificate_verification_is_on(tmp_path: Path, tls_account: tuple[str, str]) -> None:
    """Outra CA (gerada aqui, como um atacante faria) não valida o certificado do broker: conexão recusada."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        dev_tls = importlib.import_module("dev_tls")
    finally:
        sys.path.remove(str(REPO / "scripts"))
    dev_tls.ensure_ca(tmp_path)
    user, password = tls_account
    endpoint = device_endpoint()
    client = mqtt.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id=f"tls-{uuid.uuid4().hex}")
    client.username_pw_set(user, password)
    client.tls_set(ca_certs=str(tmp_path / "ca.crt"), cert_reqs=ssl.CERT_REQUIRED)
    with pytest.raises(ssl.SSLCertVerificationError):
        client.connect(endpoint.host, endpoint.port)
    # E com a CA certa o nome do host é conferido: o certificado não vale para outro nome.
    ctx = ssl.create_default_context(cafile=os.environ["TS_MQTT_CA_FILE"])
    with (
        socket.create_connection((endpoint.host, endpoint.port), timeout=10) as sock,
        pytest.raises(ssl.SSLCertVerificationError),
    ):
        ctx.wrap_socket(sock, server_hostname="outro-host.example")


@pytest.mark.django_db
def test_create_device_hands_out_the_public_tls_address_and_ca() -> None:
    resp = bearer_client("ops").post(
        "/api/devices/",
        {"site": "planta-tls", "template": "chiller_v1", "slug": f"ch-{uuid.uuid4().hex[:8]}", "name": "TLS"},
        format="json",
    )
    assert resp.status_code == 201, resp.content
    block = resp.json()["mqtt"]
    assert (block["host"], block["port"]) == (settings.MQTT_PUBLIC_HOST, settings.MQTT_PUBLIC_PORT)
    # Na instância de teste o endereço público é o listener TLS, não o interno.
    assert block["port"] == int(os.environ["TS_MQTT_TLS_PORT"]) != int(os.environ["MQTT_PORT"])
    assert block["tls"] is True
    assert block["ca_cert"] == Path(os.environ["TS_MQTT_CA_FILE"]).read_text()
