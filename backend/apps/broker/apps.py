"""Credenciais e ACLs MQTT dos dispositivos (schema public): a fonte única da verdade do broker."""

from django.apps import AppConfig


class BrokerConfig(AppConfig):
    name = "apps.broker"
    label = "broker"
    verbose_name = "Broker MQTT (credenciais e ACL)"
