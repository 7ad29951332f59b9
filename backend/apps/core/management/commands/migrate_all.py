"""`manage.py migrate_all`: migra public e todos os tenants, reaplica os GRANTs do papel da API e grava a
política de retenção (TS_RETENTION_DAYS) em `public.ts_policy`.

Deve rodar com o papel dono (scripts/dev.sh injeta DATABASE_OWNER_URL como DATABASE_URL).
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from apps.core.grants import grant_app_privileges
from apps.timeseries.schema import apply_policy


class Command(BaseCommand):
    help = "migrate_schemas (public + tenants) seguido dos GRANTs do papel da API."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate_schemas", interactive=False, verbosity=options["verbosity"])
        grant_app_privileges()
        with connection.cursor() as cursor:
            apply_policy(cursor)
        self.stdout.write(self.style.SUCCESS("Migrações aplicadas e privilégios concedidos."))
