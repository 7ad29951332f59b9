"""Garante no Mosquitto local (dynsec) os padrões de ACL e as contas de serviço do ingest e da API.

Chamado por `scripts/stack.sh` a cada `up` do broker (idempotente), pelo mesmo cliente dynsec da aplicação.
Contas e senhas vêm do ambiente (.env): TS_MQTT_ADMIN_*, TS_MQTT_INGEST_*, TS_MQTT_API_*.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.broker.backends.base import BrokerError, BrokerUnavailable
from apps.broker.backends.dynsec import BrokerEndpoint, DynsecSession, ServiceAccount, ensure_service_accounts


def _required(var: str) -> str:
    value = os.environ.get(var, "")
    if not value:
        raise CommandError(f"{var} não definida (confira o .env contra o .env.example)")
    return value


class Command(BaseCommand):
    help = "Garante padrões de ACL e contas de serviço (ingest, API) no Mosquitto dynsec local."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wait", type=float, default=10.0, help="segundos esperando o plugin responder")

    def handle(self, *args: Any, **options: Any) -> None:
        endpoint = BrokerEndpoint(settings.MQTT_HOST, settings.MQTT_PORT)
        admin_user, admin_password = _required("TS_MQTT_ADMIN_USER"), _required("TS_MQTT_ADMIN_PASSWORD")
        accounts = [
            ServiceAccount(_required("TS_MQTT_INGEST_USER"), _required("TS_MQTT_INGEST_PASSWORD"), "traksense-ingest"),
            ServiceAccount(_required("TS_MQTT_API_USER"), _required("TS_MQTT_API_PASSWORD"), "traksense-api"),
        ]
        # Logo após o start o broker pode ainda não aceitar conexões: algumas tentativas.
        deadline = time.monotonic() + options["wait"]
        while True:
            try:
                with DynsecSession(
                    host=endpoint.host, port=endpoint.port, username=admin_user, password=admin_password
                ) as session:
                    changes = ensure_service_accounts(session, endpoint, accounts)
                break
            except BrokerUnavailable as exc:
                if time.monotonic() > deadline:
                    raise CommandError(f"broker {endpoint.host}:{endpoint.port} não respondeu: {exc}") from exc
                time.sleep(0.25)
            except BrokerError as exc:
                raise CommandError(
                    f"{exc} — se o admin foi recusado, a senha TS_MQTT_ADMIN_PASSWORD do .env não bate com o "
                    "dynamic-security.json da instância (scripts/stack.sh reset apaga os dados da instância)"
                ) from exc
        for change in changes:
            self.stdout.write(f"mosquitto: {change}")
        self.stdout.write(f"mosquitto: contas de serviço ok em {endpoint.host}:{endpoint.port}")
