"""Tarefas Celery que aplicam no broker o que as ações de dispositivo gravaram no banco.

Cada tarefa trava a linha da credencial (SELECT ... FOR UPDATE) enquanto fala com o broker: uma rotação
concorrente espera, e uma tarefa velha (hash diferente do atual) não sobrescreve uma senha mais nova.
Falha transitória → retry com backoff exponencial; esgotado, o dispositivo fica `failed` com o erro.
"""

from __future__ import annotations

import logging
import uuid

from celery import Task, shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from tenacity import RetryCallState, Retrying, wait_exponential_jitter

from apps.broker.backends import BrokerError, get_provisioner
from apps.broker.models import MqttCredential
from apps.broker.sealing import SealExpired, unseal
from apps.broker.services import identity_of
from apps.devices.choices import ProvisioningStatus
from apps.tenancy.models import Tenant

log = logging.getLogger(__name__)


def _record(credential: MqttCredential, status: str, error: str = "") -> None:
    """Grava o resultado no Device (schema do tenant dono da credencial)."""
    from apps.devices.models import Device

    schema = Tenant.objects.filter(tenant_id=credential.tenant_id).values_list("schema_name", flat=True).first()
    if schema is None:
        log.error("tenant %s da credencial %s não existe", credential.tenant_id, credential.username)
        return
    fields: dict[str, object] = {"provisioning_status": status, "provisioning_error": error[:2000]}
    if status == ProvisioningStatus.PROVISIONED:
        fields["provisioned_at"] = timezone.now()
    with schema_context(schema):
        Device.objects.filter(id=credential.device_id).update(**fields)


BACKOFF_MAX_SECONDS = 300.0


def _backoff(retries: int) -> float:
    """Espera antes da próxima tentativa: exponencial a partir de `TS_BROKER_SYNC_BACKOFF_BASE`, com jitter, até
    5 min — a fórmula do tenacity (`wait_exponential_jitter`), aplicada ao contador de retries do Celery (o
    `retry_backoff` do Celery só aceita base inteira, e os testes usam 0,5 s)."""
    base = float(settings.BROKER_SYNC_BACKOFF_BASE)
    wait = wait_exponential_jitter(multiplier=base, max=BACKOFF_MAX_SECONDS, jitter=base)
    state = RetryCallState(retry_object=Retrying(), fn=None, args=(), kwargs={})  # só o número da tentativa importa
    state.attempt_number = retries + 1
    return float(wait(state))


@shared_task(bind=True, acks_late=True, max_retries=None, name="devices.provision_device")
def provision_device(self: Task, username: str, sealed_password: str, password_hash: str) -> str:
    """Cria/recria o cliente do dispositivo no broker com a senha entregue na criação ou rotação."""
    with transaction.atomic():
        credential = MqttCredential.objects.select_for_update().filter(username=username).first()
        if credential is None or not credential.is_active:
            return "skipped: credencial inexistente ou revogada"
        if credential.password_hash != password_hash:
            return "skipped: superada por rotação mais nova"
        try:
            password = unseal(sealed_password)
        except SealExpired as exc:
            _record(credential, ProvisioningStatus.FAILED, str(exc))
            return "failed"
        try:
            get_provisioner().apply(identity_of(credential), password)
        except BrokerError as exc:
            retries = self.request.retries
            if retries >= settings.BROKER_SYNC_MAX_RETRIES:
                _record(credential, ProvisioningStatus.FAILED, f"{type(exc).__name__}: {exc}")
                log.error("provisionamento de %s falhou de vez: %s", username, exc)
                return "failed"
            _record(credential, ProvisioningStatus.PENDING, f"tentativa {retries + 1}: {exc}")
            error = exc
        else:
            _record(credential, ProvisioningStatus.PROVISIONED)
            return "provisioned"
    raise self.retry(exc=error, countdown=_backoff(self.request.retries))


@shared_task(bind=True, acks_late=True, max_retries=None, name="devices.revoke_device_in_broker")
def revoke_device_in_broker(self: Task, username: str) -> str:
    """Remove o dispositivo do broker e derruba a conexão dele."""
    with transaction.atomic():
        credential = MqttCredential.objects.select_for_update().filter(username=username).first()
        if credential is None or credential.is_active:
            return "skipped: credencial inexistente ou reativada"
        try:
            get_provisioner().revoke(username)
        except BrokerError as exc:
            retries = self.request.retries
            if retries >= settings.BROKER_SYNC_MAX_RETRIES:
                _record(credential, ProvisioningStatus.FAILED, f"revogação no broker falhou: {exc}")
                return "failed"
            _record(credential, ProvisioningStatus.REVOKING, f"tentativa {retries + 1}: {exc}")
            error = exc
        else:
            _record(credential, ProvisioningStatus.REVOKED)
            return "revoked"
    raise self.retry(exc=error, countdown=_backoff(self.request.retries))


@shared_task(bind=True, acks_late=True, max_retries=None, name="devices.retire_broker_client")
def retire_broker_client(self: Task, username: str) -> str:
    """Apaga do broker um usuário que deixou de existir no banco (ex.: o antigo, após mudar de site).

    Diferente de `revoke_device_in_broker`, não há credencial com este usuário para marcar: só o broker muda.
    """
    if MqttCredential.objects.filter(username=username, is_active=True).exists():
        return "skipped: usuário voltou a ser usado por uma credencial ativa"
    try:
        get_provisioner().revoke(username)
    except BrokerError as exc:
        if self.request.retries >= settings.BROKER_SYNC_MAX_RETRIES:
            log.error("remoção do usuário antigo %s do broker falhou de vez: %s", username, exc)
            return "failed"
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    return "retired"


@shared_task(bind=True, acks_late=True, max_retries=None, name="devices.provision_devices")
def provision_devices(self: Task, items: list[tuple[str, str, str]]) -> dict[str, int]:
    """Lote do provisionamento em massa: uma rodada de comandos no broker para todos os dispositivos.

    `items` = (username, senha selada, hash). Cada item segue as mesmas regras de `provision_device`
    (credencial revogada ou superada por rotação é pulada).
    """
    counts = {"provisioned": 0, "skipped": 0, "failed": 0}
    with transaction.atomic():
        by_name = {
            c.username: c
            for c in MqttCredential.objects.select_for_update()
            .filter(username__in=[u for u, _, _ in items])
            .prefetch_related("acls")
        }
        batch: list[tuple[MqttCredential, str]] = []
        for username, sealed, password_hash in items:
            credential = by_name.get(username)
            if credential is None or not credential.is_active or credential.password_hash != password_hash:
                counts["skipped"] += 1
                continue
            try:
                batch.append((credential, unseal(sealed)))
            except SealExpired as exc:
                _record(credential, ProvisioningStatus.FAILED, str(exc))
                counts["failed"] += 1
        try:
            get_provisioner().apply_many([(identity_of(c), password) for c, password in batch])
        except BrokerError as exc:
            retries = self.request.retries
            final = retries >= settings.BROKER_SYNC_MAX_RETRIES
            for credential, _ in batch:
                if final:
                    _record(credential, ProvisioningStatus.FAILED, f"{type(exc).__name__}: {exc}")
                else:
                    _record(credential, ProvisioningStatus.PENDING, f"tentativa {retries + 1}: {exc}")
            if final:
                counts["failed"] += len(batch)
                return counts
            error = exc
        else:
            _mark_provisioned([c for c, _ in batch])
            counts["provisioned"] += len(batch)
            return counts
    raise self.retry(exc=error, countdown=_backoff(self.request.retries))


def _mark_provisioned(credentials: list[MqttCredential]) -> None:
    """Marca `provisioned` por tenant numa atualização só (não uma por dispositivo)."""
    from apps.devices.models import Device

    by_tenant: dict[uuid.UUID, list[uuid.UUID]] = {}
    for c in credentials:
        by_tenant.setdefault(c.tenant_id, []).append(c.device_id)
    schemas = dict(Tenant.objects.filter(tenant_id__in=list(by_tenant)).values_list("tenant_id", "schema_name"))
    for tenant_id, device_ids in by_tenant.items():
        if tenant_id not in schemas:
            continue
        with schema_context(schemas[tenant_id]):
            Device.objects.filter(id__in=device_ids).update(
                provisioning_status=ProvisioningStatus.PROVISIONED, provisioning_error="", provisioned_at=timezone.now()
            )
