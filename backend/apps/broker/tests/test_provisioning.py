"""Caminhos de falha do provisionamento e o cliente REST do EMQX.

- Broker inalcançável: a tarefa roda em processo (Celery eager) contra uma porta TCP real fechada; o
  dispositivo fica `pending` a cada tentativa e `failed` com o erro ao esgotar — nunca meio provisionado.
- EMQX: não roda nesta máquina. O kick (`DELETE /api/v5/clients/{clientid}`) é testado contra um servidor
  HTTP local que IMITA o EMQX (o único mock permitido no projeto): verifica método, caminho e Basic auth.
"""

from __future__ import annotations

import base64
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import override_settings

from apps.broker.backends import BrokerError
from apps.broker.backends.emqx import EmqxProvisioner
from apps.broker.hashing import PasswordRecord, dynsec_password_fields, hash_password, verify_password
from apps.broker.models import MqttCredential
from apps.broker.sealing import seal
from apps.broker.tasks import BACKOFF_MAX_SECONDS, _backoff, provision_device
from apps.devices.models import Device
from apps.devices.tests.test_api import make_device
from testsupport.tenants import in_tenant


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.django_db
def test_unreachable_broker_leaves_device_failed_with_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    device = make_device()
    credential = MqttCredential.objects.get(username=device.mqtt_username)
    attempts: list[str] = []
    with override_settings(MQTT_PORT=_closed_port(), BROKER_SYNC_MAX_RETRIES=2, BROKER_SYNC_BACKOFF_BASE=0):
        from apps.broker import tasks

        original = tasks._record

        def spy(cred: MqttCredential, status: str, error: str = "") -> None:
            attempts.append(status)
            original(cred, status, error)

        monkeypatch.setattr(tasks, "_record", spy)
        result = provision_device.apply(args=(credential.username, seal("x"), credential.password_hash))
        monkeypatch.undo()
    assert result.get() == "failed"
    assert attempts == ["pending", "pending", "failed"]
    with in_tenant("alpha"):
        stored = Device.objects.get(id=device.id)
    assert stored.provisioning_status == "failed"
    assert "inalcançável" in stored.provisioning_error
    # O banco continua inteiro: credencial ativa, pronta para um rotate/resync.
    assert MqttCredential.objects.get(pk=credential.pk).is_active


@pytest.mark.django_db
def test_stale_task_does_not_overwrite_a_newer_rotation() -> None:
    device = make_device()
    credential = MqttCredential.objects.get(username=device.mqtt_username)
    result = provision_device.apply(args=(credential.username, seal("antiga"), "0" * 128))
    assert result.get().startswith("skipped")


def test_hash_serves_emqx_and_dynsec_formats() -> None:
    record = hash_password("segredo", salt="Ab3dEf6hIj9k", iterations=4096)
    assert len(record.password_hash) == 128  # hex de 64 bytes (EMQX)
    assert verify_password("segredo", record)
    assert not verify_password("Segredo", record)
    fields = dynsec_password_fields(record)
    assert base64.b64decode(str(fields["salt"])) == b"Ab3dEf6hIj9k"  # 12 bytes: exigência do dynsec
    assert base64.b64decode(str(fields["password"])).hex() == record.password_hash
    with pytest.raises(ValueError, match="12"):
        hash_password("x", salt="curto")
    assert isinstance(record, PasswordRecord)


class _FakeEmqx(BaseHTTPRequestHandler):
    """Imita `DELETE /api/v5/clients/{clientid}` do EMQX 5 (204 se conectado, 404 se não)."""

    requests: list[tuple[str, str, str]] = []
    connected = {"alpha.planta-1.inv-01"}

    def do_DELETE(self) -> None:
        self.requests.append((self.command, self.path, self.headers.get("Authorization", "")))
        if self.headers.get("Authorization") != "Basic " + base64.b64encode(b"key:secret").decode():
            self.send_response(401)
        elif self.path.removeprefix("/api/v5/clients/").replace("%2E", ".") in self.connected:
            self.send_response(204)
        else:
            self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_emqx() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _FakeEmqx)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeEmqx.requests = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_emqx_kick_uses_rest_api_with_basic_auth(fake_emqx: str) -> None:
    emqx = EmqxProvisioner(api_url=fake_emqx, api_key="key", api_secret="secret")
    assert emqx.kick("alpha.planta-1.inv-01") is True
    assert emqx.kick("alpha.planta-1.outro") is False  # já desconectado: não é erro
    emqx.revoke("alpha.planta-1.inv-01")
    method, path, auth = _FakeEmqx.requests[0]
    assert (method, path) == ("DELETE", "/api/v5/clients/alpha.planta-1.inv-01")
    assert auth == "Basic " + base64.b64encode(b"key:secret").decode()
    with pytest.raises(BrokerError, match="401"):
        EmqxProvisioner(api_url=fake_emqx, api_key="key", api_secret="errada").kick("x")


def test_retry_backoff_grows_with_jitter_and_is_capped() -> None:
    """Espera entre tentativas de sincronizar o broker: exponencial (base · 2^n), jitter de até uma base, teto de
    5 min — dispositivos que falharam juntos não voltam todos no mesmo segundo."""
    with override_settings(BROKER_SYNC_BACKOFF_BASE=2.0):
        for retries in range(6):
            waits = [_backoff(retries) for _ in range(50)]
            exact = 2.0 * 2**retries
            assert all(exact <= w <= exact + 2.0 for w in waits), (retries, waits[:5])
            assert len(set(waits)) > 1  # jitter: nem todas iguais
        assert all(_backoff(20) <= BACKOFF_MAX_SECONDS for _ in range(20))
