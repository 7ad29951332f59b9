"""`manage.py db_bootstrap`: papéis, banco e extensão, com o superusuário (DATABASE_SUPERUSER_URL)."""

from typing import Any

from django.core.management.base import BaseCommand

from apps.core.bootstrap import bootstrap_from_env


class Command(BaseCommand):
    help = "Cria/atualiza os papéis (dono, API, ingest), o banco e a extensão timescaledb."

    def handle(self, *args: Any, **options: Any) -> None:
        name = bootstrap_from_env()
        self.stdout.write(self.style.SUCCESS(f"Banco {name!r} e papéis prontos."))
