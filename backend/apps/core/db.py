"""Escopo de tenant no banco: `app.tenant_id` vale só para a transação corrente (ADR-001).

Nunca usar `SET app.tenant_id` (vazaria para o próximo usuário da conexão do pool); sempre
`set_config(..., true)` dentro de `transaction.atomic`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction


def set_tenant_for_transaction(tenant_uuid: uuid.UUID | str) -> None:
    """Fixa o tenant da transação atual. Exige estar dentro de uma transação (falha alto se não)."""
    if not connection.in_atomic_block:
        raise RuntimeError("set_tenant_for_transaction exige transaction.atomic (set_config local).")
    value = str(uuid.UUID(str(tenant_uuid)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.tenant_id', %s, true)", [value])


@contextmanager
def tenant_cursor(tenant_uuid: uuid.UUID | str) -> Iterator[Any]:
    """Cursor numa transação (nova ou aninhada) com o tenant fixado: é por aqui que a API lê telemetria."""
    with transaction.atomic():
        set_tenant_for_transaction(tenant_uuid)
        with connection.cursor() as cursor:
            yield cursor
