"""`manage.py ensure_ops_user`: garante um usuário da equipe interna (internal_ops + admin)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.tenancy.services import ensure_internal_ops_user


class Command(BaseCommand):
    help = "Cria (se faltar) um usuário internal_ops com acesso ao admin. Não altera senha existente."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user = ensure_internal_ops_user(username=options["username"], password=options["password"])
        self.stdout.write(self.style.SUCCESS(f"internal_ops {user.username} pronto."))
