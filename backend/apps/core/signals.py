"""Concede ao papel da API acesso aos schemas de tenant assim que são criados (ADR-001).

Mora no núcleo (e não em apps.tenancy) porque os privilégios são do núcleo: o núcleo depende de tenancy,
nunca o contrário.
"""

from typing import Any

from django.dispatch import receiver
from django_tenants.signals import post_schema_sync

from apps.core.grants import grant_app_privileges


@receiver(post_schema_sync)
def grant_on_new_schema(sender: Any, tenant: Any, **kwargs: Any) -> None:
    grant_app_privileges()
