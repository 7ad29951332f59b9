"""Dispositivos de um cliente (schema do tenant): equipamentos, seus pontos e dashboards."""

from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "apps.devices"
    label = "devices"
    verbose_name = "Dispositivos"
