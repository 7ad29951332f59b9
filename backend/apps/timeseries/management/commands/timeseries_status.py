"""`manage.py timeseries_status`: edição do TimescaleDB, compressão, agregados e jobs."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.timeseries.rollups import storage_status


class Command(BaseCommand):
    help = "Mostra a edição do TimescaleDB e o que está ativo (compressão, agregados, jobs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        status = storage_status()
        data = {
            "edition": status.edition.value,
            "compression_enabled": status.compression_enabled,
            "continuous_aggregates": status.continuous_aggregates,
            "jobs": status.jobs,
            "notes": status.notes,
        }
        if options["json"]:
            self.stdout.write(json.dumps(data))
            return
        self.stdout.write(f"edição: {data['edition']}")
        self.stdout.write(f"compressão: {'ativa' if status.compression_enabled else 'indisponível/desligada'}")
        self.stdout.write(f"agregados contínuos: {', '.join(status.continuous_aggregates) or 'nenhum'}")
        for job in status.jobs:
            self.stdout.write(f"job {job['job_id']}: {job['proc']} em {job['hypertable']} a cada {job['schedule']}")
        for note in status.notes:
            self.stdout.write(self.style.WARNING(note))
