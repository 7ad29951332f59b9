"""Núcleo: bootstrap de papéis do banco, privilégios, escopo de tenant por transação e bases da API."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Núcleo"

    def ready(self) -> None:
        # openapi: registra a extensão OpenAPI do segredo de /ingest antes de qualquer geração de esquema.
        # signals: concede ao papel da API os schemas de tenant novos (post_schema_sync do django-tenants).
        from apps.core import openapi, signals  # noqa: F401
