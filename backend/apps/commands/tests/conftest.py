"""Fixtures ponta a ponta dos comandos: tudo real e commitado.

Banco de teste (papel da API), worker Celery real provisionando o dispositivo no Mosquitto (dynsec), o
ingest como subprocesso (`python -m ingest`, grava o ACK em cmd_ack → NOTIFY), o simulador de dispositivo
conectado com as credenciais provisionadas e a API pelo cliente de teste do Django.

Os comandos commitam antes de publicar e o ingest só vê dados commitados, então estes testes NÃO usam o
fixture `db` (transação desfeita no fim): usam o banco desbloqueado e slugs únicos (o banco da sessão é
descartado no fim).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connections
from rest_framework.test import APIClient

from apps.devices.api.serializers import mqtt_credentials_payload
from apps.devices.services import DeviceSpec, create_device
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant
from testsupport.ingest import IngestProcess
from testsupport.simulator import Behavior, Credentials, DeviceSimulator
from testsupport.tenants import bearer_client, in_tenant

HANG_GUARD_S = 120.0  # só contra travamento; nenhum teste afirma sobre duração


def wait_until(pred: Callable[[], Any], what: str, timeout: float = HANG_GUARD_S) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"condição não atingida: {what}")


_catalog_seeded = False


@pytest.fixture
def live_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Banco sem transação de teste em volta: cada request/serviço commita de verdade."""
    global _catalog_seeded
    with django_db_blocker.unblock():
        # Conexão nova: os testes de confiabilidade do ingest (que o pytest-django ordena antes destes)
        # reiniciam o PostgreSQL e deixam a conexão da sessão morta.
        connections.close_all()
        tenant_connection().set_schema_to_public()
        if not _catalog_seeded:
            call_command("seed_catalog", verbosity=0)  # o mesmo comando do `up` (idempotente)
            _catalog_seeded = True
        yield
        tenant_connection().set_schema_to_public()


@pytest.fixture(scope="module")
def ingest(ingest_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IngestProcess]:
    # Janela de lote curta: o ACK é gravado logo (a latência do lote do ingest é medida no benchmark).
    proc = IngestProcess(ingest_url, tmp_path_factory.mktemp("ingest"), TS_INGEST_BATCH_MAX_AGE_S="0.01").start()
    yield proc
    proc.terminate()
    proc.drop_session()


@pytest.fixture
def api(live_db: None) -> Callable[..., APIClient]:
    """APIClient por papel (Bearer real) com `X-Tenant`."""

    def make(role: str, tenant: str = "alpha") -> APIClient:
        return bearer_client(role, tenant)

    return make


@dataclass
class SimDevice:
    tenant: str
    device_id: uuid.UUID
    credentials: Credentials
    sim: DeviceSimulator | None = None

    @property
    def url(self) -> str:
        return f"/api/cmd/{self.device_id}"


class DeviceFactory:
    def __init__(self, owner_url: str) -> None:
        self.owner_url = owner_url
        self.sims: list[DeviceSimulator] = []

    def online(self, device_id: uuid.UUID) -> bool:
        with psycopg.connect(self.owner_url) as conn:
            row = conn.execute("SELECT online FROM public.device_status WHERE device_id = %s", [device_id]).fetchone()
        return bool(row and row[0])

    def create(self, tenant: str = "alpha", template: str = "inverter_v1_parsec") -> SimDevice:
        """Dispositivo criado pela mesma função de serviço da API (commit → Celery provisiona no broker)."""
        slug = f"inv-{uuid.uuid4().hex[:8]}"
        with in_tenant(tenant) as t:
            result = create_device(
                tenant=t, spec=DeviceSpec(site_slug="planta-1", template_slug=template, slug=slug, name=slug)
            )
        device = result.device
        # O mesmo bloco `mqtt` que POST /api/devices/ entrega: listener TLS da instância de teste + CA.
        mqtt = mqtt_credentials_payload(result)
        assert mqtt["tls"], "dispositivos de teste conectam por TLS (TS_MQTT_PUBLIC_* do scripts/dev.sh test)"
        creds = Credentials(
            host=mqtt["host"],
            port=mqtt["port"],
            username=mqtt["username"],
            password=mqtt["password"],
            topic_base=mqtt["topic_base"],
            adapter="parsec_v1" if template == "inverter_v1_parsec" else "v1",
            tls=True,
            ca_cert=mqtt["ca_cert"],
        )
        return SimDevice(tenant, device.id, creds)

    def start_sim(self, dev: SimDevice, **kwargs: Any) -> DeviceSimulator:
        sim = DeviceSimulator(dev.credentials, interval_s=kwargs.pop("interval_s", 1.0), **kwargs)
        sim.start(wait_s=HANG_GUARD_S)  # conecta quando o worker tiver provisionado o cliente no broker
        self.sims.append(sim)
        dev.sim = sim
        wait_until(lambda: self.online(dev.device_id), "ingest gravou o dispositivo como online")
        return sim

    def online_device(self, tenant: str = "alpha", **kwargs: Any) -> SimDevice:
        dev = self.create(tenant)
        self.start_sim(dev, **kwargs)
        return dev

    def close(self) -> None:
        for sim in self.sims:
            sim.stop()


@pytest.fixture
def devices(
    live_db: None,
    owner_url: str,
    ingest: IngestProcess,
    celery_worker_process: Any,
) -> Iterator[DeviceFactory]:
    factory = DeviceFactory(owner_url)
    yield factory
    factory.close()


@pytest.fixture
def allow_customer_commands(live_db: None) -> Iterator[Callable[[str, bool], None]]:
    changed: list[tuple[str, bool]] = []

    def set_flag(slug: str, value: bool) -> None:
        tenant_connection().set_schema_to_public()
        tenant = Tenant.objects.get(slug=slug)
        changed.append((slug, tenant.allow_customer_commands))
        Tenant.objects.filter(pk=tenant.pk).update(allow_customer_commands=value)

    yield set_flag
    tenant_connection().set_schema_to_public()
    for slug, value in reversed(changed):
        Tenant.objects.filter(slug=slug).update(allow_customer_commands=value)


__all__ = ["Behavior", "DeviceSimulator", "SimDevice", "wait_until"]


@pytest.fixture(scope="module", autouse=True)
def _stop_ack_listener() -> Iterator[None]:
    """O LISTEN do processo aponta para o banco de teste: encerra antes de o banco ser apagado."""
    yield
    from apps.commands import listener

    if listener._listener is not None:
        listener._listener[2].stop()
        listener._listener = None
