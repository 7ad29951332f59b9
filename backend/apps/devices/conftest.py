"""Fixtures dos testes de dispositivos: catálogo semeado e clientes da API por papel.

O apoio compartilhado com outros pacotes (tenant no schema, cliente Bearer, worker Celery real) mora em
`testsupport`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from testsupport.tenants import bearer_client


@pytest.fixture(scope="session", autouse=True)
def _catalog(seeded_catalog: None) -> None:
    """Todo teste de dispositivos parte do catálogo semeado (fixture de testsupport.fixtures)."""


@pytest.fixture
def client_for(db: None) -> Callable[..., APIClient]:
    """APIClient autenticado por Bearer no papel pedido, com `X-Tenant` do tenant."""

    def make(role: str, tenant: str = "alpha", *, header_tenant: str | None = None) -> APIClient:
        return bearer_client(role, tenant, header_tenant=header_tenant)

    return make
