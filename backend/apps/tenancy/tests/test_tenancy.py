"""Tenancy: resolução por X-Tenant e hostname, token Bearer, papéis e privilégios do papel da API."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from conftest import TEST_PASSWORD
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from apps.core.api import role_in_tenant
from apps.core.models import ApiToken
from apps.tenancy.choices import INTERNAL_OPS, TenantRole
from apps.tenancy.models import Tenant, User
from apps.tenancy.services import TenancyError, create_tenant

pytestmark = pytest.mark.django_db


def test_x_tenant_header_selects_the_tenant_schema() -> None:
    response = Client().get("/healthz", headers={"X-Tenant": "alpha"})
    assert response.status_code == 200
    assert response.json()["schema"] == "t_alpha"


def test_hostname_selects_the_tenant_schema() -> None:
    response = Client().get("/healthz", HTTP_HOST="beta.localhost")
    assert response.status_code == 200
    assert response.json()["schema"] == "t_beta"


def test_unknown_tenant_header_is_a_clear_404() -> None:
    response = Client().get("/healthz", headers={"X-Tenant": "nao-existe"})
    assert response.status_code == 404
    assert "nao-existe" in response.json()["detail"]


def test_no_tenant_falls_back_to_public() -> None:
    response = Client().get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.json()["schema"] == "public"


def test_token_flow_and_expiry(settings: pytest.FixtureRequest) -> None:
    client = APIClient()
    bad = client.post("/api/auth/token/", {"username": "alpha-viewer", "password": "errada"}, format="json")
    assert bad.status_code == 401
    missing = client.post("/api/auth/token/", {"username": "alpha-viewer"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "validation_error"
    assert [e["field"] for e in missing.json()["errors"]] == ["password"]

    ok = client.post("/api/auth/token/", {"username": "alpha-viewer", "password": TEST_PASSWORD}, format="json")
    assert ok.status_code == 201
    token = ok.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.delete("/api/auth/token/").status_code == 204
    assert client.delete("/api/auth/token/").status_code == 401  # revogado

    again = APIClient().post("/api/auth/token/", {"username": "alpha-viewer", "password": TEST_PASSWORD}, format="json")
    ApiToken.objects.filter(pk=again.json()["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = APIClient()
    expired.credentials(HTTP_AUTHORIZATION=f"Bearer {again.json()['token']}")
    response = expired.delete("/api/auth/token/")
    assert response.status_code == 401
    assert "expirado" in response.json()["detail"]


def test_roles_per_tenant() -> None:
    alpha = Tenant.objects.get(slug="alpha")
    beta = Tenant.objects.get(slug="beta")
    assert role_in_tenant(User.objects.get(username="alpha-admin"), alpha) == TenantRole.CUSTOMER_ADMIN
    assert role_in_tenant(User.objects.get(username="alpha-viewer"), alpha) == TenantRole.VIEWER
    assert role_in_tenant(User.objects.get(username="alpha-admin"), beta) is None
    assert role_in_tenant(User.objects.get(username="ops"), beta) == INTERNAL_OPS


def test_invalid_slug_is_rejected_before_touching_the_database() -> None:
    with pytest.raises(TenancyError):
        create_tenant(slug="Não Vale", name="x")


def test_api_role_cannot_create_tenants(owner_url: str) -> None:
    """Criar schema é DDL: o papel da API (com que o Django roda nos testes) não pode."""
    assert connection.settings_dict["USER"] == "traksense_api"
    with pytest.raises(DatabaseError):
        create_tenant(slug="gamma", name="Gamma")
    with psycopg.connect(owner_url) as conn:
        row = conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 't_gamma'").fetchone()
    assert row == (0,)


def test_new_tenant_schema_is_readable_by_the_api_role(owner_url: str, api_url: str, test_db_name: str) -> None:
    """setup_tenant (como dono) concede ao papel da API acesso às tabelas do schema novo."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from apps.core.bootstrap import with_database

    env = {**os.environ, "DATABASE_URL": with_database(os.environ["DATABASE_OWNER_URL"], test_db_name)}
    backend = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "setup_tenant",
            "delta",
            "--name",
            "Delta",
            "--member",
            "delta-v:pw-12345678:viewer",
        ],
        cwd=backend,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with psycopg.connect(api_url) as conn:
        assert conn.execute("SELECT count(*) FROM t_delta.sites_site").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM public.tenancy_tenant WHERE slug = 'delta'").fetchone() == (1,)
    bad = subprocess.run(
        [sys.executable, "manage.py", "setup_tenant", "delta", "--name", "Delta", "--member", "sem-papel"],
        cwd=backend,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode != 0
    assert "USUARIO:SENHA:PAPEL" in bad.stderr
    call_command("check")


def test_admin_login_page_and_its_static_files_are_served() -> None:
    client = Client()
    page = client.get("/admin/login/", HTTP_HOST="localhost")
    assert page.status_code == 200
    assert b"TrakSense" in page.content  # Jazzmin com a marca do projeto
    css = client.get("/static/admin/css/base.css", HTTP_HOST="localhost")
    assert css.status_code == 200


def test_internal_ops_can_log_into_the_admin() -> None:
    client = Client()
    assert client.login(username="ops", password=TEST_PASSWORD)
    response = client.get("/admin/tenancy/tenant/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert b"alpha" in response.content
