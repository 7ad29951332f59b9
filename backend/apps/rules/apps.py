"""Regras de alerta, avaliação e notificações (schema do tenant; alertas ficam em apps.alerts)."""

from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "apps.rules"
    label = "rules"
    verbose_name = "Regras e notificações"
