"""Conciliação de ACKs tardios no worker: por comando (disparada pelo LISTEN da API) e periódica (todos)."""

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


@shared_task(name="apps.commands.tasks.reconcile_command")
def reconcile_command(schema_name: str, cmd_id: str) -> int:
    """Concilia um comando cujo ACK tardio acabou de chegar (NOTIFY vista pelo processo que o enviou)."""
    tenant = Tenant.objects.get(schema_name=schema_name)
    with schema_context(schema_name):
        commands = list(Command.objects.filter(pk=cmd_id, status__in=AWAITING_ACK))
        return reconcile(tenant, commands)
