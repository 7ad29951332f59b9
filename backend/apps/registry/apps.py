"""Registro de roteamento do ingest: tópico → (tenant, device, point), no schema público."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "apps.registry"
    label = "registry"
    verbose_name = "Registro de roteamento (ingest)"
