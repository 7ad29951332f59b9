"""Admin da telemetria: só leitura, e só o tenant do host (pelas views isoladas, com o papel da API)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from conftest import TEST_PASSWORD
from django.test import Client

from apps.tenancy.models import Tenant

pytestmark = pytest.mark.django_db

URL = "/admin/timeseries/tenantmeasurement/"


@pytest.fixture
def rows(owner_url: str) -> Iterator[dict[str, bytes]]:
    """Uma medição por tenant; devolve o device_id de cada uma (como aparece no HTML)."""
    values = {"alpha": 111.25, "beta": 999.75}
    devices = {slug: uuid.uuid4() for slug in values}
    tenants = {slug: Tenant.objects.get(slug=slug).tenant_id for slug in values}
    ts = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    with psycopg.connect(owner_url) as conn:
        for slug, value in values.items():
            conn.execute(
                "INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num) VALUES (%s,%s,%s,%s,%s)",
                [tenants[slug], devices[slug], uuid.uuid4(), ts, value],
            )
            conn.execute(
                "INSERT INTO public.ingest_errors (tenant_id, topic, payload, reason) VALUES (%s, %s, 'x', %s)",
                [tenants[slug], f"traksense/{slug}/s/d/telem", f"reason_{slug}"],
            )
    yield {slug: str(device).encode() for slug, device in devices.items()}
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM public.ts_measure WHERE tenant_id = ANY(%s)", [list(tenants.values())])
        conn.execute("DELETE FROM public.ingest_errors WHERE tenant_id = ANY(%s)", [list(tenants.values())])


def _ops_client() -> Client:
    client = Client()
    assert client.login(username="ops", password=TEST_PASSWORD)
    return client


def test_tenant_host_shows_only_its_own_telemetry(rows: dict[str, bytes]) -> None:
    response = _ops_client().get(URL, HTTP_HOST="alpha.localhost")
    assert response.status_code == 200
    assert rows["alpha"] in response.content
    assert rows["beta"] not in response.content


def test_public_host_shows_no_telemetry(rows: dict[str, bytes]) -> None:
    response = _ops_client().get(URL, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert rows["alpha"] not in response.content
    assert rows["beta"] not in response.content


def test_dead_letters_are_per_tenant_and_read_only(rows: dict[str, bytes]) -> None:
    client = _ops_client()
    response = client.get("/admin/timeseries/tenantingesterror/", HTTP_HOST="beta.localhost")
    assert response.status_code == 200
    assert b"reason_beta" in response.content
    assert b"reason_alpha" not in response.content
    assert client.get(URL + "add/", HTTP_HOST="alpha.localhost").status_code == 403
