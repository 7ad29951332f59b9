"""`manage.py ensure_service_accounts`: contas MQTT do ingest e da API nas tabelas que o EMQX lê.

Lê TS_MQTT_INGEST_USER/PASSWORD e TS_MQTT_API_USER/PASSWORD (obrigatórias). Idempotente; roda no passo
único `migrate` do Compose, depois das migrações.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.core.service_accounts import API_ACL, INGEST_ACL, ServiceAccount, ensure_service_account
from config.settings import get_mandatory_env as _env


class Command(BaseCommand):
    help = "Cria/atualiza as contas MQTT de serviço (ingest, API) nas tabelas de autenticação do EMQX."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accounts = [
                ServiceAccount(_env("TS_MQTT_INGEST_USER"), _env("TS_MQTT_INGEST_PASSWORD"), INGEST_ACL),
                ServiceAccount(_env("TS_MQTT_API_USER"), _env("TS_MQTT_API_PASSWORD"), API_ACL),
            ]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for account in accounts:
            status = ensure_service_account(account)
            self.stdout.write(f"{account.username}: {status}")
