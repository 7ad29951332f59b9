"""`manage.py seed_catalog`: grava (ou atualiza) os modelos de equipamento padrão. Idempotente."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.catalog.seeds import SEED_TEMPLATES
from apps.catalog.services import CatalogError, upsert_device_template


class Command(BaseCommand):
    help = "Semeia o catálogo: inverter_v1_parsec e chiller_v1 (pontos, comandos e dashboards)."

    def handle(self, *args: Any, **options: Any) -> None:
        for spec in SEED_TEMPLATES:
            try:
                template = upsert_device_template(spec)
            except CatalogError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"modelo {template.slug}: {template.points.count()} pontos")
        self.stdout.write(self.style.SUCCESS("Catálogo semeado."))
