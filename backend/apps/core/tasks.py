"""Tarefas periódicas do núcleo (agendadas no CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from apps.core import tokens


@shared_task(name="apps.core.tasks.purge_expired_tokens")
def purge_expired_tokens() -> int:
    """Tokens vencidos já não autenticam; apagá-los mantém a tabela (e o admin) só com o que vale."""
    return tokens.purge_expired_tokens()
