"""Tarefas Celery de manutenção da telemetria (agendadas no CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from apps.timeseries import rollups


@shared_task(name="apps.timeseries.tasks.refresh_rollups", ignore_result=False)
def refresh_rollups() -> int:
    """Refresh incremental dos rollups (no-op na Community)."""
    return rollups.refresh_rollups()


@shared_task(name="apps.timeseries.tasks.apply_retention", ignore_result=False)
def apply_retention() -> int:
    """Retenção por drop_chunks (no-op na Community, onde a política nativa age)."""
    return rollups.apply_retention()
