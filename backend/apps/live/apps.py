"""Eventos ao vivo (SSE): registra os sinais que encerram streams abertos quando a credencial deixa de valer."""

from __future__ import annotations

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "apps.live"
    label = "live"
    verbose_name = "Eventos ao vivo"

    def ready(self) -> None:
        from apps.live import signals  # noqa: F401
