"""Admin (Jazzmin) para internal_ops: catálogo e credenciais no host público; dispositivos no host do tenant."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from conftest import TEST_PASSWORD
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.broker.models import MqttCredential
from apps.devices.choices import ProvisioningStatus
from apps.devices.models import Device
from apps.devices.services import revoke_device
from apps.devices.tests.test_api import make_device
from apps.registry.models import DeviceRoute
from apps.rules.tests.test_api import open_alert, rule_of
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant
from testsupport.tenants import in_tenant

pytestmark = pytest.mark.django_db


def _ops(host: str) -> Client:
    client = Client(HTTP_HOST=host)
    assert client.login(username="ops", password=TEST_PASSWORD)
    return client


def test_public_admin_shows_catalog_and_credentials() -> None:
    make_device()
    client = _ops("localhost")
    resp = client.get("/admin/catalog/devicetemplate/")
    assert resp.status_code == 200
    assert b"inverter_v1_parsec" in resp.content
    assert client.get("/admin/broker/mqttcredential/").status_code == 200
    assert client.get("/admin/tenancy/tenant/").status_code == 200


def test_tenant_admin_shows_devices_and_provisioning_status() -> None:
    device = make_device()
    client = _ops("alpha.localhost")
    resp = client.get("/admin/devices/device/")
    assert resp.status_code == 200
    assert device.topic_base.encode() in resp.content
    assert client.get(f"/admin/devices/device/{device.id}/change/").status_code == 200


def test_customer_users_cannot_open_the_admin() -> None:
    client = Client(HTTP_HOST="alpha.localhost")
    assert client.login(username="alpha-admin", password=TEST_PASSWORD)
    assert client.get("/admin/devices/device/").status_code == 302  # redireciona ao login (não é staff)


# --- Lista de dispositivos: conectividade, alertas abertos e credencial de relance, sem N+1 -------------------


@pytest.fixture
def device_status(owner_url: str) -> Iterator[Callable[[uuid.UUID, bool], None]]:
    """Grava a conectividade como o ingest faria (tabela base, papel dono: a API só lê a view) e limpa no fim."""
    written: list[uuid.UUID] = []
    tenant_uuid = Tenant.objects.get(slug="alpha").tenant_id

    def write(device_id: uuid.UUID, online: bool) -> None:
        with psycopg.connect(owner_url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO public.device_status (tenant_id, device_id, online, last_seen) VALUES (%s, %s, %s, %s)",
                [tenant_uuid, device_id, online, datetime(2026, 12, 1, 12, 30, tzinfo=UTC)],
            )
        written.append(device_id)

    yield write
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("DELETE FROM public.device_status WHERE device_id = ANY(%s)", [written])


def _device_list_rows(client: Client) -> tuple[int, dict[str, str]]:
    """(queries da página, {tópico: texto da linha}) da lista de dispositivos do admin do alpha."""
    with CaptureQueriesContext(connection) as queries:
        resp = client.get("/admin/devices/device/")
    assert resp.status_code == 200
    html = resp.content.decode()
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r'<img[^>]*alt="([^"]*)"[^>]*>', r" \1 ", row)).split())
        if "traksense/alpha/" in text:
            rows[text.split()[0]] = text
    return len(queries), rows


def test_device_list_shows_connectivity_alerts_and_credential_without_n_plus_one(
    device_status: Callable[[uuid.UUID, bool], None],
) -> None:
    client = _ops("alpha.localhost")
    first = make_device()
    with in_tenant("alpha"):
        Device.objects.filter(pk=first.pk).update(provisioning_status=ProvisioningStatus.PROVISIONED)
    device_status(first.id, True)
    baseline, _ = _device_list_rows(client)

    # Mais linhas, cada uma com uma combinação diferente: a página continua com as mesmas queries.
    faulted, pending, revoked = make_device(), make_device(), make_device()
    with in_tenant("alpha") as t:
        Device.objects.filter(pk=faulted.pk).update(provisioning_status=ProvisioningStatus.PROVISIONED)
        revoke_device(tenant=t, device=Device.objects.get(pk=revoked.pk))
    device_status(faulted.id, False)
    fault_rule = rule_of("alpha", faulted.id, "device_state", "state")
    open_alert("alpha", fault_rule, 0)
    open_alert("alpha", rule_of("alpha", faulted.id, "device_state", "no_data"), 0)
    count, rows = _device_list_rows(client)
    assert count == baseline, f"N+1: {baseline} queries com 1 dispositivo, {count} com 4"

    assert "True" in rows[first.topic_base]
    assert "ativa" in rows[first.topic_base]
    assert "0" in rows[first.topic_base].split()
    assert "False" in rows[faulted.topic_base]
    assert "2 (máx.: Crítico)" in rows[faulted.topic_base]
    assert "ativa" in rows[faulted.topic_base]
    assert "nunca" in rows[pending.topic_base]
    assert "pendente" in rows[pending.topic_base]
    assert "revogada" in rows[revoked.topic_base]


SAME_IN_PORTUGUESE = {"slug", "online", "payload", "site", "tenant", "endpoint", "salt"}


def test_admin_labels_are_portuguese() -> None:
    """Nada de "Devices"/"Mqtt credentials": modelos e campos de todos os apps com rótulo próprio em pt-BR."""
    english = []
    for model in apps.get_models():
        if not model.__module__.startswith("apps."):
            continue
        meta = model._meta
        if "verbose_name" not in meta.original_attrs or "verbose_name_plural" not in meta.original_attrs:
            english.append(f"{meta.label} (Meta)")
        for field in meta.get_fields(include_parents=True):
            if field.auto_created or not hasattr(field, "verbose_name"):
                continue
            # Rótulo gerado pelo Django = nome do campo com espaços; o escrito à mão difere, salvo palavras que o
            # pt-BR usa como estão.
            if field.verbose_name == field.name.replace("_", " ") and field.name not in SAME_IN_PORTUGUESE:
                english.append(f"{meta.label}.{field.name}")
    assert not english, english
    client = _ops("alpha.localhost")
    html = client.get("/admin/").content.decode()
    for label in ("Dispositivos", "Configurações de dashboard", "Alertas", "Regras", "Endpoints de webhook"):
        assert label in html, label
    for label in ("Devices", "Mqtt credentials", "Dashboard configs", "Webhook endpoints"):
        assert label not in html, label


def test_admin_action_decommissions_selected_devices() -> None:
    """Ação em lote do admin do tenant: a mesma desativação da API (credencial revogada, rota do ingest marcada,
    histórico mantido); desativado não é desativado de novo."""
    first, second, kept = make_device(), make_device(), make_device()
    client = _ops("alpha.localhost")
    resp = client.post(
        "/admin/devices/device/",
        {"action": "decommission_selected", "_selected_action": [str(first.id), str(second.id)]},
        follow=True,
    )
    assert resp.status_code == 200
    assert "2 dispositivo(s) desativado(s)" in resp.content.decode()
    with in_tenant("alpha"):
        devices = {d.id: d for d in Device.objects.filter(id__in=[first.id, second.id, kept.id])}
        assert devices[first.id].decommissioned_at is not None
        assert devices[second.id].decommissioned_at is not None
        assert devices[kept.id].decommissioned_at is None
        assert devices[first.id].provisioning_status == ProvisioningStatus.REVOKING
    tenant_connection().set_schema_to_public()
    assert not MqttCredential.objects.get(username=first.mqtt_username).is_active
    assert DeviceRoute.objects.get(device_id=first.id).is_decommissioned
    assert MqttCredential.objects.get(username=kept.mqtt_username).is_active
    again = client.post(
        "/admin/devices/device/",
        {"action": "decommission_selected", "_selected_action": [str(first.id)]},
        follow=True,
    )
    assert "0 dispositivo(s) desativado(s)" in again.content.decode()
