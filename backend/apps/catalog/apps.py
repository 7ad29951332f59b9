"""Catálogo global de modelos de equipamento (schema public), mantido pela equipe interna."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "apps.catalog"
    label = "catalog"
    verbose_name = "Catálogo de modelos"
