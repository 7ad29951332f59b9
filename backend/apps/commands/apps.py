"""Comandos enviados aos dispositivos (schema do tenant): registro, publicação MQTT e ACK."""

from django.apps import AppConfig


class CommandsConfig(AppConfig):
    name = "apps.commands"
    label = "commands"
    verbose_name = "Comandos"
