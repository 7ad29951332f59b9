"""`manage.py seed_demo_device`: o inversor simulado do tenant demo (rodado pelo `make up` como papel da API).

Idempotente. Cria (pela mesma função de serviço da API) o site `planta-demo` e o dispositivo
`inversor-demo` (`inverter_v1_parsec`) no tenant `demo` e grava as credenciais MQTT em
`var/run/demo-device.json` (modo 600), que o `make up` entrega a `scripts/simulator.py`: o mesmo bloco `mqtt`
de `POST /api/devices/` (endereço público TLS e CA) mais `adapter` e `device_id`.
Se o dispositivo já existe e o arquivo sumiu ou aponta para outro endereço do broker, rotaciona a senha (ela
só existe na criação/rotação).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from apps.devices.api.serializers import mqtt_credentials_payload
from apps.devices.models import Device
from apps.devices.services import DeviceError, DeviceSpec, DeviceWithSecret, create_device, rotate_device_password
from apps.tenancy.models import Tenant

DEFAULT_OUTPUT = Path(settings.BASE_DIR).parent / "var" / "run" / "demo-device.json"


def _stale(output: Path) -> bool:
    """O arquivo aponta para outro endereço/CA do broker (ex.: gerado antes do listener TLS local)?"""
    try:
        doc = json.loads(output.read_text())
    except (OSError, ValueError):
        return True
    ca_cert = Path(settings.MQTT_PUBLIC_CA_FILE).read_text() if settings.MQTT_PUBLIC_CA_FILE else None
    want = (settings.MQTT_PUBLIC_HOST, settings.MQTT_PUBLIC_PORT, settings.MQTT_PUBLIC_TLS, ca_cert)
    return (doc.get("host"), doc.get("port"), doc.get("tls", False), doc.get("ca_cert")) != want


class Command(BaseCommand):
    help = "Cria o inversor demo (tenant demo) e grava var/run/demo-device.json para o simulador."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--tenant", default="demo")
        parser.add_argument("--site", default="planta-demo")
        parser.add_argument("--device", default="inversor-demo")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT))

    def handle(self, *args: Any, **opts: Any) -> None:
        # O catálogo precisa existir (idempotente; o `up` pode ainda não tê-lo semeado).
        call_command("seed_catalog", verbosity=0)
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            raise CommandError(f"tenant {opts['tenant']!r} não existe (rode setup_tenant antes)")
        output = Path(opts["output"])
        with schema_context(tenant.schema_name):
            device = Device.objects.filter(site__slug=opts["site"], slug=opts["device"]).first()
            result: DeviceWithSecret | None = None
            try:
                if device is None:
                    spec = DeviceSpec(
                        site_slug=opts["site"],
                        site_name="Planta demo",
                        template_slug="inverter_v1_parsec",
                        slug=opts["device"],
                        name="Inversor demo (simulado)",
                    )
                    result = create_device(tenant=tenant, spec=spec)
                elif not output.exists() or _stale(output):
                    result = rotate_device_password(tenant=tenant, device=device)
            except DeviceError as exc:
                raise CommandError(str(exc)) from exc
        if result is None:
            self.stdout.write(f"dispositivo demo já existe; credenciais em {output}")
            return
        d = result.device
        doc = {**mqtt_credentials_payload(result), "adapter": "parsec_v1", "device_id": str(d.id)}
        output.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(doc, fh, indent=2)
        os.chmod(output, 0o600)
        self.stdout.write(self.style.SUCCESS(f"dispositivo demo {d.topic_base} ({d.id}); credenciais em {output}"))
