"""Fixtures dos testes de dispositivos: catálogo semeado, clientes da API por papel, tenants e um worker
Celery real (processo separado, falando com o banco de teste e o Redis da instância)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import connection
from rest_framework.test import APIClient

from apps.core.tokens import issue_token
from apps.tenancy.models import Tenant, User

BACKEND = Path(__file__).resolve().parents[2]
REPO = BACKEND.parent
ROLES = ("ops", "admin", "viewer", "anonymous")


@pytest.fixture(scope="session", autouse=True)
def seeded_catalog(django_db_setup: None, django_db_blocker: Any) -> None:
    """O catálogo semeado pelo mesmo comando do `up` (idempotente; fica no banco da sessão)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        call_command("seed_catalog", verbosity=0)


@contextmanager
def in_tenant(slug: str) -> Iterator[Tenant]:
    """Conexão no schema do tenant durante o bloco (como o middleware faz num request)."""
    connection.set_schema_to_public()
    tenant = Tenant.objects.get(slug=slug)
    connection.set_tenant(tenant)
    try:
        yield tenant
    finally:
        connection.set_schema_to_public()


def username_for(role: str, tenant: str) -> str | None:
    return {"ops": "ops", "admin": f"{tenant}-admin", "viewer": f"{tenant}-viewer"}.get(role)


def bearer_client(role: str, tenant: str = "alpha") -> APIClient:
    """APIClient com `X-Tenant` e, se o papel tem usuário, token Bearer real dele (anônimo: sem token)."""
    client = APIClient()
    headers: dict[str, str] = {"HTTP_X_TENANT": tenant}
    username = username_for(role, tenant)
    if username is not None:
        connection.set_schema_to_public()
        issued = issue_token(User.objects.get(username=username), name="pytest")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {issued.raw}"
    client.credentials(**headers)
    return client


@pytest.fixture
def client_for(db: None) -> Callable[..., APIClient]:
    """APIClient autenticado por Bearer no papel pedido, com `X-Tenant` do tenant."""

    def make(role: str, tenant: str = "alpha") -> APIClient:
        return bearer_client(role, tenant)

    return make


def unique_slug(prefix: str = "dev") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def celery_worker_process(worker_url: str) -> Iterator[subprocess.Popen[bytes]]:
    """Um worker Celery de verdade (pool solo) apontado para o banco de teste como papel do worker."""
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": worker_url,
        "TS_BROKER_SYNC_BACKOFF_BASE": "0.5",
        "TS_BROKER_SYNC_MAX_RETRIES": "3",
        "PYTHONPATH": str(BACKEND),
    }
    log_path = REPO / "var" / "test-celery-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BACKEND,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while b"ready." not in log_path.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"worker Celery não subiu; log em {log_path}:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    yield proc
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
