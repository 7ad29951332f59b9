"""`manage.py bulk_provision_devices --tenant <slug> ARQUIVO`: o mesmo lote de `POST /api/devices/bulk`.

Arquivo CSV (`site,slug,name,template,contracted_points`) ou JSON (lista de linhas ou `{"rows": [...]}`).
O resultado por linha vai para a saída padrão; as senhas das linhas criadas só para `--credentials-out`
(arquivo novo, modo 0600), nunca para o terminal.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import schema_context

from apps.devices.bulk import bulk_provision, credentials_csv, parse_csv
from apps.devices.services import DeviceError
from apps.tenancy.models import Tenant


class Command(BaseCommand):
    help = "Provisiona dispositivos em massa a partir de um CSV/JSON (idempotente por site+slug)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--tenant", required=True, help="slug do tenant")
        parser.add_argument("--dry-run", action="store_true", help="só simula; nada é gravado")
        parser.add_argument("--credentials-out", type=Path, help="CSV com as senhas MQTT das linhas criadas")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"tenant desconhecido: {options['tenant']!r}")
        out_path: Path | None = options["credentials_out"]
        if out_path is None and not options["dry_run"]:
            raise CommandError("informe --credentials-out: as senhas só existem nesta execução")
        text = path.read_text(encoding="utf-8")
        try:
            if path.suffix.lower() == ".json":
                data = json.loads(text)
                rows = data["rows"] if isinstance(data, dict) else data
            else:
                rows = parse_csv(text)
            with schema_context(tenant.schema_name):
                result = bulk_provision(tenant=tenant, rows=rows, dry_run=options["dry_run"])
        except (DeviceError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        for r in result.results:
            self.stdout.write(f"{r.row}\t{r.status}\t{r.site}/{r.slug}\t{r.reason}")
        self.stdout.write(json.dumps({"dry_run": result.dry_run, **result.counts()}))
        if out_path is not None and not result.dry_run:
            fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(credentials_csv(result, tenant_slug=tenant.slug))
