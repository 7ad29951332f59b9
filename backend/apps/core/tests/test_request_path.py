"""Caminho fixo de cada requisição (issue 16): token → usuário → vínculo → papel numa consulta, tenant em cache
por processo, `SET search_path` uma vez por requisição — e nada disso atrasa revogação, vencimento ou remoção
de vínculo, que valem já na requisição seguinte."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from conftest import TEST_PASSWORD
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from apps.core.models import ApiToken
from apps.core.tokens import token_digest
from apps.tenancy.cache import clear_tenant_cache
from apps.tenancy.choices import TenantRole
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant, TenantMembership, User

pytestmark = pytest.mark.django_db

URL = "/api/devices/"


@pytest.fixture(autouse=True)
def _fresh_tenant_cache() -> Any:
    clear_tenant_cache()
    yield
    clear_tenant_cache()


def _login(username: str) -> tuple[str, APIClient]:
    resp = APIClient().post("/api/auth/token/", {"username": username, "password": TEST_PASSWORD}, format="json")
    assert resp.status_code == 201, resp.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {resp.json()['token']}", HTTP_X_TENANT="alpha")
    return resp.json()["token"], client


def _sql(client: APIClient) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(URL).status_code
    return status, [q["sql"] for q in captured.captured_queries]


def test_role_comes_with_the_token_and_tenant_is_cached() -> None:
    _, client = _login("alpha-viewer")
    assert client.get(URL).status_code == 200  # primeira: preenche o cache do tenant
    status, sql = _sql(client)
    assert status == 200
    # O vínculo é lido só dentro da consulta do token (subconsulta), nunca numa consulta própria.
    membership = [q for q in sql if "tenancy_tenantmembership" in q]
    assert len(membership) == 1, sql
    assert "core_apitoken" in membership[0], sql
    # Tenant do X-Tenant servido do cache do processo.
    assert not [q for q in sql if 'FROM "tenancy_tenant"' in q], sql
    # search_path fixado uma vez por requisição (TENANT_LIMIT_SET_CALLS), não antes de cada comando.
    assert sum(q.startswith("SET search_path") for q in sql) == 1, sql


def test_revoked_or_expired_token_stops_at_the_next_request() -> None:
    raw, client = _login("alpha-viewer")
    assert client.get(URL).status_code == 200
    token = ApiToken.objects.get(digest=token_digest(raw))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(URL).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    assert client.get(URL).status_code == 200
    token.delete()
    assert client.get(URL).status_code == 401


def test_removed_membership_or_changed_role_applies_at_the_next_request() -> None:
    user = User.objects.create_user("alpha-temp", password=TEST_PASSWORD)
    tenant = Tenant.objects.get(slug="alpha")
    membership = TenantMembership.objects.create(user=user, tenant=tenant, role=TenantRole.VIEWER)
    _, client = _login("alpha-temp")
    assert client.get(URL).status_code == 200
    # Viewer não cria dispositivo (só internal_ops): o papel veio do vínculo, não de um cache.
    assert client.post(URL, {}, format="json").status_code == 403
    membership.delete()
    assert client.get(URL).status_code == 403


def test_other_tenant_is_not_served_from_the_cached_role() -> None:
    raw, client = _login("alpha-admin")
    assert client.get(URL).status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_X_TENANT="beta")
    assert client.get(URL).status_code == 403


def test_tenant_cache_is_invalidated_by_save_and_update(settings: Any) -> None:
    settings.TS_TENANT_CACHE_SECONDS = 3600  # sem expiração durante o teste: só a invalidação explica a mudança
    from apps.tenancy.cache import tenant_by_slug

    def cached_flag() -> bool:
        cached = tenant_by_slug("alpha")
        assert cached is not None
        return bool(cached.allow_customer_commands)

    tenant_connection().set_schema_to_public()
    original = Tenant.objects.get(slug="alpha")
    assert cached_flag() == original.allow_customer_commands
    try:
        Tenant.objects.filter(slug="alpha").update(allow_customer_commands=not original.allow_customer_commands)
        assert cached_flag() is (not original.allow_customer_commands)
        tenant = Tenant.objects.get(slug="alpha")
        tenant.allow_customer_commands = original.allow_customer_commands
        tenant.save()
        assert cached_flag() is original.allow_customer_commands
    finally:
        Tenant.objects.filter(slug="alpha").update(allow_customer_commands=original.allow_customer_commands)
    # Cada requisição recebe a própria cópia (o middleware anota domain_url nela).
    assert tenant_by_slug("alpha") is not tenant_by_slug("alpha")
