"""Concede ao papel da API acesso aos schemas de tenant assim que são criados (ADR-001) e invalida o cache de
tenants do middleware quando um tenant muda."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.signals import post_schema_sync

from apps.core.grants import grant_app_privileges
from apps.tenancy.cache import clear_tenant_cache
from apps.tenancy.models import Tenant


@receiver(post_schema_sync)
def grant_on_new_schema(sender: Any, tenant: Any, **kwargs: Any) -> None:
    grant_app_privileges()


@receiver(post_save, sender=Tenant)
@receiver(post_delete, sender=Tenant)
def forget_cached_tenants(sender: Any, **kwargs: Any) -> None:
    clear_tenant_cache()
