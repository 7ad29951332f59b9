"""Núcleo: bootstrap de papéis do banco, privilégios, escopo de tenant por transação e bases da API."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Núcleo"

    def ready(self) -> None:
        # Registra a extensão OpenAPI do segredo de /ingest antes de qualquer geração de esquema.
        from apps.core import openapi  # noqa: F401
