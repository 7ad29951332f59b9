"""Aplicação Celery (regras, alertas e jobs de rollup) configurada a partir do settings do Django."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("traksense")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
