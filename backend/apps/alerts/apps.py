"""Alertas: tabelas públicas com `tenant_id` lidas só pelas views isoladas `tenant_alert*` (ADR-001, ADR-005)."""

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "apps.alerts"
    label = "alerts"
    verbose_name = "Alertas"
