"""Projeto Django da TrakSense: importa o app Celery para que @shared_task o encontre."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
