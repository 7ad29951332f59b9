"""Tenancy: clientes (tenants), domínios, usuários e seus papéis por tenant — tudo no schema público."""

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "apps.tenancy"
    label = "tenancy"
    verbose_name = "Tenants e usuários"

    def ready(self) -> None:
        # Conecta os sinais que invalidam o cache de tenants do middleware (apps.core.middleware).
        from apps.tenancy import signals  # noqa: F401
