"""Admin (Jazzmin) para internal_ops: catálogo e credenciais no host público; dispositivos no host do tenant."""

from __future__ import annotations

import pytest
from conftest import TEST_PASSWORD
from django.test import Client

from apps.devices.tests.test_api import make_device

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
