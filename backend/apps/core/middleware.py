"""Resolução do tenant por hostname (django-tenants) ou pelo cabeçalho `X-Tenant: <slug>`."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_tenants.middleware.main import TenantMainMiddleware

from apps.core.problems import problem_response
from apps.tenancy.cache import tenant_by_slug
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant

HEADER_EXEMPT_PATHS = frozenset({"/ingest"})


class TenantHttpRequest(HttpRequest):
    """O HttpRequest depois deste middleware: `tenant` é o Tenant resolvido (o mesmo atributo que o
    django-tenants põe na resolução por hostname)."""

    tenant: Tenant


class TenantHeaderOrHostMiddleware(TenantMainMiddleware):
    """Usa o cabeçalho X-Tenant quando presente (clientes de API num único host, como o EMQX do
    protótipo); senão, o hostname. Slug desconhecido no cabeçalho é 404 explícito, nunca o schema público."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        slug = request.META.get(getattr(settings, "TENANT_HEADER", "HTTP_X_TENANT"), "").strip()
        # Em /ingest o x-tenant é conferido pela view contra o tópico (e, se errado, vira dead letter):
        # não pode virar um 404 aqui, que perderia a mensagem.
        if not slug or request.path_info in HEADER_EXEMPT_PATHS:
            response: HttpResponse | None = super().process_request(request)
            return response
        tenant_connection().set_schema_to_public()
        tenant = tenant_by_slug(slug)
        if tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME:
            return problem_response(404, request, code="unknown_tenant", detail=f"Tenant desconhecido: {slug!r}.")
        tenant.domain_url = self.hostname_from_request(request)
        cast(TenantHttpRequest, request).tenant = tenant
        tenant_connection().set_tenant(tenant)
        self.setup_url_routing(request)
        return None
