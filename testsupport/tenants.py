"""Tenants e clientes da API nos testes: o schema do tenant como o middleware faz, Bearer real por papel."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from rest_framework.test import APIClient

from apps.core.tokens import issue_token
from apps.tenancy.models import Tenant, User

ROLES = ("ops", "admin", "viewer", "anonymous")


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


def bearer_client(role: str, tenant: str = "alpha", *, header_tenant: str | None = None) -> APIClient:
    """APIClient com `X-Tenant` e, se o papel tem usuário, token Bearer real dele (anônimo: sem token).

    `header_tenant` manda outro `X-Tenant` com o token do usuário de `tenant` (acesso cruzado entre tenants).
    """
    client = APIClient()
    headers: dict[str, str] = {"HTTP_X_TENANT": header_tenant or tenant}
    username = username_for(role, tenant)
    if username is not None:
        connection.set_schema_to_public()
        issued = issue_token(User.objects.get(username=username), name="pytest")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {issued.raw}"
    client.credentials(**headers)
    return client


def unique_slug(prefix: str = "dev") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
