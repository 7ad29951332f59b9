"""Tenancy: clientes (tenants), domínios, usuários e seus papéis por tenant — tudo no schema público."""

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "apps.tenancy"
    label = "tenancy"
    verbose_name = "Tenants e usuários"

    def ready(self) -> None:
        # Conecta os sinais que concedem privilégios ao papel da API em cada schema novo.
        from apps.tenancy import signals  # noqa: F401
