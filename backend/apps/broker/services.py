"""Ações sobre credenciais MQTT (só dentro das ações de dispositivo, na mesma transação).

Estas funções só mexem no banco. O efeito no broker (Mosquitto dynsec ou kick no EMQX) é agendado pela
ação de dispositivo em `transaction.on_commit` (apps.broker.tasks).
"""

from __future__ import annotations

import uuid

from django.utils import timezone

from apps.broker.backends.base import AclRule, DeviceIdentity
from apps.broker.choices import AclAction, AclPermission
from apps.broker.hashing import PasswordRecord, generate_password, hash_password
from apps.broker.models import MqttAcl, MqttCredential
from contracts.topics import DEVICE_PUBLISH_KINDS, DEVICE_SUBSCRIBE_KINDS

# Contrato MQTT (especificação §5 e §9): o que um dispositivo pode fazer no próprio topic_base.
DEVICE_PUBLISH_SUFFIXES = DEVICE_PUBLISH_KINDS
DEVICE_SUBSCRIBE_SUFFIXES = DEVICE_SUBSCRIBE_KINDS


def device_username(tenant_slug: str, site_slug: str, device_slug: str) -> str:
    """`<tenant>.<site>.<device>`: slugs não têm ponto, então o usuário é inequívoco e legível."""
    return f"{tenant_slug}.{site_slug}.{device_slug}"


def device_acl_rules(topic_base: str) -> list[tuple[str, str, str]]:
    """(permission, action, topic) do dispositivo: publicar seus 5 tópicos, assinar só o próprio cmd."""
    rules = [(AclPermission.ALLOW.value, AclAction.PUBLISH.value, f"{topic_base}/{s}") for s in DEVICE_PUBLISH_SUFFIXES]
    rules += [
        (AclPermission.ALLOW.value, AclAction.SUBSCRIBE.value, f"{topic_base}/{s}") for s in DEVICE_SUBSCRIBE_SUFFIXES
    ]
    return rules


def build_device_credential(
    *, tenant_id: uuid.UUID, device_id: uuid.UUID, username: str, topic_base: str
) -> tuple[MqttCredential, str, list[MqttAcl]]:
    """Credencial + ACL ainda não gravadas (o lote grava muitas com bulk_create) e a senha em texto."""
    password = generate_password()
    record = hash_password(password)
    credential = MqttCredential(
        username=username,
        tenant_id=tenant_id,
        device_id=device_id,
        password_hash=record.password_hash,
        salt=record.salt,
        iterations=record.iterations,
    )
    acls = [MqttAcl(credential=credential, permission=p, action=a, topic=t) for p, a, t in device_acl_rules(topic_base)]
    return credential, password, acls


def create_device_credential(
    *, tenant_id: uuid.UUID, device_id: uuid.UUID, username: str, topic_base: str
) -> tuple[MqttCredential, str]:
    """Cria credencial + ACL; devolve a senha em texto, que o chamador entrega UMA vez e descarta."""
    credential, password, acls = build_device_credential(
        tenant_id=tenant_id, device_id=device_id, username=username, topic_base=topic_base
    )
    credential.save(force_insert=True)
    MqttAcl.objects.bulk_create(acls)
    return credential, password


def rotate_credential_password(credential: MqttCredential) -> str:
    """Troca a senha (novo sal); devolve a nova senha em texto, mostrada uma vez."""
    if not credential.is_active:
        raise ValueError("credencial revogada não pode ser rotacionada")
    password = generate_password()
    record = hash_password(password)
    credential.password_hash = record.password_hash
    credential.salt = record.salt
    credential.iterations = record.iterations
    credential.rotated_at = timezone.now()
    credential.save(update_fields=["password_hash", "salt", "iterations", "rotated_at"])
    return password


def revoke_credential(credential: MqttCredential) -> None:
    """Desativa a credencial e apaga a ACL: o EMQX passa a recusar na hora (sem linha, sem acesso)."""
    credential.is_active = False
    credential.revoked_at = timezone.now()
    credential.save(update_fields=["is_active", "revoked_at"])
    credential.acls.all().delete()


def reactivate_credential(credential: MqttCredential, *, topic_base: str) -> str:
    """Volta a credencial revogada à ativa com senha nova e a ACL do `topic_base` atual; devolve a senha."""
    password = generate_password()
    record = hash_password(password)
    credential.password_hash = record.password_hash
    credential.salt = record.salt
    credential.iterations = record.iterations
    credential.is_active = True
    credential.revoked_at = None
    credential.rotated_at = timezone.now()
    credential.save(update_fields=["password_hash", "salt", "iterations", "is_active", "revoked_at", "rotated_at"])
    _replace_acls(credential, topic_base)
    return password


def rename_credential(credential: MqttCredential, *, username: str, topic_base: str) -> str | None:
    """Muda usuário/ACL (mudança de site). Credencial ativa ganha senha nova, devolvida; revogada fica revogada."""
    # A ACL referencia a credencial pelo usuário (FK): sai antes da troca e volta com o tópico novo.
    credential.acls.all().delete()
    credential.username = username
    credential.save(update_fields=["username"])
    if not credential.is_active:
        return None
    password = rotate_credential_password(credential)
    _replace_acls(credential, topic_base)
    return password


def _replace_acls(credential: MqttCredential, topic_base: str) -> None:
    credential.acls.all().delete()
    MqttAcl.objects.bulk_create(
        MqttAcl(credential=credential, permission=p, action=a, topic=t) for p, a, t in device_acl_rules(topic_base)
    )


def identity_of(credential: MqttCredential) -> DeviceIdentity:
    """O que o provisionador aplica no broker para esta credencial (lido do banco, nunca de outro lugar)."""
    return DeviceIdentity(
        username=credential.username,
        acls=tuple(AclRule(a.permission, a.action, a.topic) for a in credential.acls.all()),
    )


def password_record_of(credential: MqttCredential) -> PasswordRecord:
    return PasswordRecord(credential.password_hash, credential.salt, credential.iterations)


def active_device_records() -> list[tuple[DeviceIdentity, PasswordRecord]]:
    """Todas as credenciais ativas com ACL e hash: a reconstrução do broker parte só disto."""
    return [
        (identity_of(c), password_record_of(c))
        for c in MqttCredential.objects.filter(is_active=True).prefetch_related("acls").order_by("username")
    ]
