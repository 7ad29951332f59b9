"""Contas MQTT de serviço (ingest e API) nas MESMAS tabelas que o EMQX lê (broker_mqtt_credential/acl).

Em produção o EMQX autentica tudo pelo PostgreSQL (infra/emqx/emqx.conf): dispositivos e serviços. As
contas de serviço são criadas/atualizadas aqui, a partir do ambiente, por `manage.py
ensure_service_accounts` (passo único `migrate` do Compose) — nada de criar usuário à mão no dashboard.

Convenções (a consulta de autenticação do emqx.conf depende delas):
- usuário de serviço SEM ponto (dispositivos são `<tenant>.<site>.<device>`, sempre com ponto);
- client id do serviço = `<usuário>-<sufixo>` (réplicas do ingest `traksense-ingest-1`, `-2`; API
  `traksense-api-<pid>-...`), enquanto o de dispositivo é igual ao usuário;
- `tenant_id` nulo (UUID zero: não pertence a tenant nenhum) e `device_id` derivado do usuário (uuid5),
  só para satisfazer as colunas obrigatórias do modelo.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction

from apps.broker.choices import AclAction, AclPermission
from apps.broker.hashing import PasswordRecord, hash_password, verify_password
from apps.broker.models import MqttAcl, MqttCredential

PLATFORM_TENANT_ID = uuid.UUID(int=0)
_DEVICE_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://traksense/service-accounts")

# O que cada serviço faz no broker. O EMQX autoriza `$share/<g>/<filtro>` pelo filtro real
# (apps/emqx/src/emqx_channel.erl, do_check_sub_authzs2), então a regra do ingest não cita `$share`.
INGEST_ACL: tuple[tuple[str, str, str], ...] = (
    (AclPermission.ALLOW, AclAction.SUBSCRIBE, "traksense/#"),
    # ADR-004: contador de descartes por fila cheia ($SYS do EMQX) → métrica e log do ingest.
    (AclPermission.ALLOW, AclAction.SUBSCRIBE, "$SYS/brokers/+/metrics/delivery/dropped/queue_full"),
)
API_ACL: tuple[tuple[str, str, str], ...] = (
    (AclPermission.ALLOW, AclAction.PUBLISH, "traksense/+/+/+/cmd"),
    (AclPermission.ALLOW, AclAction.SUBSCRIBE, "traksense/+/+/+/ack"),
)


@dataclass(frozen=True)
class ServiceAccount:
    """Uma conta de serviço desejada: usuário, senha em texto (do ambiente) e ACL exata."""

    username: str
    password: str
    acl: tuple[tuple[str, str, str], ...]

    def __post_init__(self) -> None:
        if not self.username or "." in self.username or any(c in self.username for c in "/+#"):
            raise ValueError(f"usuário de serviço inválido: {self.username!r} (sem '.', '/', '+', '#')")
        if len(self.password) < 16:
            raise ValueError(f"senha da conta {self.username!r} curta demais (mínimo 16 caracteres)")


def service_device_id(username: str) -> uuid.UUID:
    return uuid.uuid5(_DEVICE_ID_NAMESPACE, username)


@transaction.atomic
def ensure_service_account(account: ServiceAccount) -> str:
    """Cria ou alinha a conta (hash, ativa, ACL exata). Devolve `created`, `updated` ou `unchanged`.

    A senha só é re-hasheada quando mudou: reexecutar o passo de bootstrap não troca o sal à toa.
    """
    credential = MqttCredential.objects.select_for_update().filter(username=account.username).first()
    status = "unchanged"
    if credential is None:
        record = hash_password(account.password)
        credential = MqttCredential.objects.create(
            username=account.username,
            tenant_id=PLATFORM_TENANT_ID,
            device_id=service_device_id(account.username),
            password_hash=record.password_hash,
            salt=record.salt,
            iterations=record.iterations,
        )
        status = "created"
    else:
        if credential.tenant_id != PLATFORM_TENANT_ID:
            raise ValueError(f"{account.username!r} já existe como credencial de dispositivo")
        current = PasswordRecord(credential.password_hash, credential.salt, credential.iterations)
        if not credential.is_active or not verify_password(account.password, current):
            record = hash_password(account.password)
            credential.password_hash = record.password_hash
            credential.salt = record.salt
            credential.iterations = record.iterations
            credential.is_active = True
            credential.revoked_at = None
            credential.save(update_fields=["password_hash", "salt", "iterations", "is_active", "revoked_at"])
            status = "updated"
    wanted = {(str(p), str(a), t) for p, a, t in account.acl}
    existing = {(r.permission, r.action, r.topic): r.pk for r in credential.acls.all()}
    stale = [pk for key, pk in existing.items() if key not in wanted]
    missing = wanted - existing.keys()
    if stale:
        MqttAcl.objects.filter(pk__in=stale).delete()
    if missing:
        MqttAcl.objects.bulk_create(
            MqttAcl(credential=credential, permission=p, action=a, topic=t) for p, a, t in sorted(missing)
        )
    if status == "unchanged" and (stale or missing):
        status = "updated"
    return status
