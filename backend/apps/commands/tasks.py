"""Tarefa periódica: concilia ACKs tardios em todos os tenants (mesmo que ninguém consulte o comando)."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import schema_context

from apps.commands.choices import AWAITING_ACK
from apps.commands.models import Command
from apps.commands.services import reconcile
from apps.tenancy.models import Tenant


@shared_task(name="apps.commands.tasks.reconcile_late_acks")
def reconcile_late_acks() -> int:
    changed = 0
    for tenant in Tenant.objects.exclude(schema_name="public"):
        with schema_context(tenant.schema_name):
            pending = list(Command.objects.filter(status__in=AWAITING_ACK)[:1000])
            changed += reconcile(tenant, pending)
    return changed
