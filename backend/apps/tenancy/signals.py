"""Invalida o cache de tenants do middleware quando um tenant muda (os GRANTs do schema novo ficam em
apps.core.signals)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.tenancy.cache import clear_tenant_cache
from apps.tenancy.models import Tenant


@receiver(post_save, sender=Tenant)
@receiver(post_delete, sender=Tenant)
def forget_cached_tenants(sender: Any, **kwargs: Any) -> None:
    clear_tenant_cache()
