"""Cache por processo dos tenants resolvidos pelo cabeçalho X-Tenant (issue 16).

O tenant era uma consulta em toda requisição. Só o registro do tenant é guardado (schema e chaves allow_*); papel e
vínculo do usuário continuam vindo do banco a cada requisição (apps.core.tokens.find_token). Invalidação: salvar,
apagar ou `update()` em Tenant limpa o cache do processo que fez a mudança (apps.tenancy.models/signals); nos outros
processos a mudança vale em até TS_TENANT_CACHE_SECONDS (0 desliga o cache).
"""

from __future__ import annotations

import copy
import threading
import time
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from apps.tenancy.models import Tenant

_cache: dict[str, tuple[float, Tenant]] = {}
_cache_lock = threading.Lock()


def clear_tenant_cache() -> None:
    with _cache_lock:
        _cache.clear()


def tenant_by_slug(slug: str) -> Tenant | None:
    """Tenant do slug (cópia própria da requisição: o middleware anota `domain_url` nela)."""
    from apps.tenancy.models import Tenant

    ttl = settings.TS_TENANT_CACHE_SECONDS
    now = time.monotonic()
    hit = _cache.get(slug)
    if hit is not None and hit[0] > now:
        return copy.copy(hit[1])
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is not None and ttl > 0:
        with _cache_lock:
            _cache[slug] = (now + ttl, copy.copy(tenant))
    return tenant
