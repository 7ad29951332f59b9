"""Revogação de streams SSE abertos: token apagado, usuário desativado, vínculo de tenant mudado ou removido.

A marca vai ao Redis na hora (não no commit): se a transação desfizer a revogação, o pior caso é um stream
fechado que o cliente reabre com um ticket novo — falhar fechado. Redis fora do ar não impede a revogação
no banco (o token já não emite tickets); o stream aberto então vive até `TS_SSE_MAX_SECONDS` e o log avisa.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.core.models import ApiToken
from apps.live.tickets import mark_revoked
from apps.tenancy.models import TenantMembership, User

log = logging.getLogger(__name__)


def _mark(kind: str, ident: int) -> None:
    try:
        mark_revoked(kind, ident)
    except Exception:
        log.error("revogação de streams SSE (%s %s) não chegou ao Redis", kind, ident, exc_info=True)


@receiver(post_delete, sender=ApiToken, dispatch_uid="live_token_revoked")
def _token_deleted(sender: type[ApiToken], instance: ApiToken, **_: Any) -> None:
    _mark("token", instance.pk)


@receiver(post_save, sender=User, dispatch_uid="live_user_deactivated")
def _user_saved(sender: type[User], instance: User, created: bool, **_: Any) -> None:
    if not created and not instance.is_active:
        _mark("user", instance.pk)


@receiver(post_save, sender=TenantMembership, dispatch_uid="live_membership_changed")
def _membership_saved(sender: type[TenantMembership], instance: TenantMembership, created: bool, **_: Any) -> None:
    if not created:  # papel mudado: o ticket carrega o papel antigo
        _mark("user", instance.user_id)


@receiver(post_delete, sender=TenantMembership, dispatch_uid="live_membership_removed")
def _membership_deleted(sender: type[TenantMembership], instance: TenantMembership, **_: Any) -> None:
    _mark("user", instance.user_id)
