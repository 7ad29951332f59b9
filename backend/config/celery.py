"""Aplicação Celery (regras, alertas e jobs de rollup) configurada a partir do settings do Django."""

import logging.config
import os
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("traksense")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def _use_django_logging(**_: Any) -> None:
    """O worker loga como a API (JSON com task_id; settings.LOGGING) em vez do formato próprio do Celery."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def _connect_observability() -> None:
    from apps.core.observability import celery_signals

    celery_signals.connect()


_connect_observability()
