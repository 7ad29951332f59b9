"""Fixtures de teste compartilhadas (backend e ingest): banco real PostgreSQL 17 + TimescaleDB, novo por sessão.

O banco de teste é preparado como em produção: bootstrap com o superusuário, migrações com o papel dono,
e depois o Django passa a falar como o papel da API — os testes exercitam os privilégios reais.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from apps.core.bootstrap import bootstrap_from_env, role_from_url, with_database, worker_url_from_env

REPO = Path(__file__).resolve().parent
# Fixtures compartilhadas por backend/ e ingest/ (worker Celery real etc.).
pytest_plugins = ["testsupport.fixtures"]
TEST_TENANTS = {"alpha": "Alpha Indústria", "beta": "Beta Energia"}
TEST_PASSWORD = "senha-de-teste-123"  # noqa: S105 — só existe no banco de teste efêmero


def _test_db_name() -> str:
    """Um banco por checkout (e por worker do xdist): vários clones rodam testes lado a lado."""
    base = settings.DATABASES["default"]["NAME"]
    digest = hashlib.sha1(str(REPO).encode(), usedforsecurity=False).hexdigest()[:6]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{base}_test_{digest}{('_' + worker) if worker else ''}"


def _use_role(url: str, db_name: str) -> None:
    """Troca as credenciais da conexão default do Django (fecha a conexão atual)."""
    role = role_from_url(url)
    for target in (settings.DATABASES["default"], connections["default"].settings_dict):
        target["NAME"] = db_name
        target["USER"] = role.name
        target["PASSWORD"] = role.password
    connections["default"].close()


@pytest.fixture(scope="session")
def test_db_name() -> str:
    return _test_db_name()


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker: Any, test_db_name: str) -> Iterator[None]:
    api_url = os.environ["DATABASE_URL"]
    bootstrap_from_env(db_name=test_db_name, recreate=True)
    with django_db_blocker.unblock():
        _use_role(os.environ["DATABASE_OWNER_URL"], test_db_name)
        call_command("migrate_all", verbosity=0)
        from apps.tenancy.choices import TenantRole
        from apps.tenancy.services import MemberSpec, create_tenant, ensure_internal_ops_user

        ensure_internal_ops_user(username="ops", password=TEST_PASSWORD)
        for slug, name in TEST_TENANTS.items():
            create_tenant(
                slug=slug,
                name=name,
                members=[
                    MemberSpec(f"{slug}-admin", TEST_PASSWORD, TenantRole.CUSTOMER_ADMIN),
                    MemberSpec(f"{slug}-viewer", TEST_PASSWORD, TenantRole.VIEWER),
                ],
            )
        call_command("migrate_all", verbosity=0)
        _use_role(api_url, test_db_name)
    yield
    with django_db_blocker.unblock():
        connections.close_all()
    with psycopg.connect(os.environ["DATABASE_SUPERUSER_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{test_db_name}" WITH (FORCE)')


def role_url(env_var: str, db_name: str) -> str:
    """URL do papel `env_var` (DATABASE_URL, INGEST_DATABASE_URL, ...) apontando para o banco de teste."""
    return with_database(os.environ[env_var], db_name)


@pytest.fixture(scope="session")
def owner_url(django_db_setup: None, test_db_name: str) -> str:
    return role_url("DATABASE_OWNER_URL", test_db_name)


@pytest.fixture(scope="session")
def api_url(django_db_setup: None, test_db_name: str) -> str:
    return role_url("DATABASE_URL", test_db_name)


@pytest.fixture(scope="session")
def worker_url(django_db_setup: None, test_db_name: str) -> str:
    """Papel dos workers Celery (herda a API e é o único que roda a manutenção)."""
    return with_database(worker_url_from_env(), test_db_name)


@pytest.fixture(scope="session")
def ingest_url(django_db_setup: None, test_db_name: str) -> str:
    return role_url("INGEST_DATABASE_URL", test_db_name)
