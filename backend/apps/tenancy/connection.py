"""A conexão do Django vista como a do django-tenants, com tipos.

O backend `django_tenants.postgresql_backend` acrescenta à conexão o schema corrente e a troca de schema,
mas o pacote não publica tipos e o django-stubs tipa `django.db.connection` como o wrapper genérico. Em vez de
`# type: ignore` em cada uso, o código lê a conexão por aqui.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from django.db import connection

if TYPE_CHECKING:
    from apps.tenancy.models import Tenant


class TenantConnection(Protocol):
    """O que o django-tenants acrescenta à conexão (DatabaseWrapper do postgresql_backend)."""

    schema_name: str
    tenant: Any

    def set_tenant(self, tenant: Tenant, include_public: bool = True) -> None: ...

    def set_schema_to_public(self) -> None: ...


def tenant_connection() -> TenantConnection:
    """A conexão padrão (a do thread corrente, via ConnectionProxy) com a interface do django-tenants."""
    return cast(TenantConnection, connection)
