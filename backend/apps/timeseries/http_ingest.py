"""Caminho HTTP de ingestão (protótipo 003: regra do EMQX → HTTP `POST /ingest` com `x-tenant`).

Usa o ponto de entrada do serviço de ingest (`ingest.pipeline.validate`) e o SQL/formato de linha dele
(`ingest.tables`): a mesma validação, os mesmos adapters (`v1`, `parsec_v1`) e os mesmos motivos de dead
letter. A diferença é só o transporte: aqui cada request é uma mensagem, gravada pela view isolada do
tenant na transação do request; o registro é consultado só para o dispositivo do tópico.

Só `telem` entra por aqui; `state`, `event`, `alarm` e `ack` são do ingest MQTT (viram dead letter
`unsupported_kind`, nunca descartados). Corpo maior que `MAX_BODY_BYTES` vira dead letter `oversize` com
os primeiros `STORED_BODY_BYTES` bytes do corpo e o tamanho no `detail` (a view lê o corpo em blocos,
nunca inteiro: nada de `RequestDataTooBig`/400 do Django).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from apps.core.db import set_tenant_for_transaction
from apps.registry.models import DeviceRoute
from apps.tenancy.models import Tenant
from ingest import registry as ingest_registry
from ingest import tables
from ingest.adapters.parsec_v1 import Debouncer
from ingest.config import Limits
from ingest.dlq import DeadLetter
from ingest.errors import Rejected
from ingest.pipeline import Outcome, Resolved, validate
from ingest.topics import TopicAddress, parse_topic

LIMITS = Limits.from_env()
# Debounce Parsec por processo (como no ingest MQTT); o próprio Debouncer é seguro entre threads.
_DEBOUNCER = Debouncer(LIMITS.parsec_debounce_s)
HTTP_KINDS = frozenset({"telem"})
# O corpo é JSON {"topic", "payload", "clientid"} com o payload MQTT como texto JSON escapado: cabe um
# payload no limite com folga para o escape e o envelope. Acima disso nem se tenta decodificar.
MAX_BODY_BYTES = 2 * LIMITS.max_payload_bytes + 4096
# Quanto de um corpo grande demais fica guardado na dead letter (o tamanho inteiro vai no detail).
STORED_BODY_BYTES = LIMITS.max_payload_bytes
_TOPIC_IN_BODY = re.compile(rb'"topic"\s*:\s*"([^"\\]{1,512})"')


@dataclass
class HttpIngestResult:
    """Desfecho de uma mensagem HTTP: linhas gravadas e dead letters (com motivo)."""

    accepted: int = 0
    dead: list[DeadLetter] = field(default_factory=list)


def ingest_message(*, topic: str, payload: bytes, tenant_header: str | None) -> HttpIngestResult:
    """Valida, normaliza e grava uma mensagem. Deve rodar dentro de transaction.atomic (request)."""
    out = validate(
        topic,
        payload,
        _lookup,
        limits=LIMITS,
        debouncer=_DEBOUNCER,
        now=datetime.now(UTC),
        kinds=HTTP_KINDS,
        tenant=tenant_header or None,
    )
    accepted = _write_rows(out)
    _write_dead_letters(out.dead)
    return HttpIngestResult(accepted=accepted, dead=out.dead)


def oversize_body(*, head: bytes, size: int, tenant_header: str | None) -> HttpIngestResult:
    """Corpo acima de MAX_BODY_BYTES: dead letter `oversize` com o início do corpo (até STORED_BODY_BYTES).

    `size` é o que foi lido do corpo (ou o Content-Length declarado, se maior). O tópico é procurado no
    início do corpo só para atribuir a dead letter ao tenant certo; sem ele, fica sem tenant.
    """
    topic, tenant_id = "", None
    found = _TOPIC_IN_BODY.search(head)
    if found is not None:
        topic = found.group(1).decode("utf-8", "replace")
        try:
            addr = parse_topic(topic)
        except Rejected:
            addr = None
        if addr is not None and (not tenant_header or tenant_header == addr.tenant):
            resolved = _lookup(addr)
            tenant_id = resolved.tenant_id if isinstance(resolved, ingest_registry.DeviceRoute) else resolved
    stored = head[:STORED_BODY_BYTES]
    detail = (
        f"corpo HTTP de {size} bytes > limite de {MAX_BODY_BYTES} bytes; guardados os primeiros {len(stored)} "
        "bytes do corpo (o envelope JSON inteiro, não só o payload)"
    )
    dead = [DeadLetter(topic, stored, "oversize", detail, tenant_id)]
    _write_dead_letters(dead)
    return HttpIngestResult(accepted=0, dead=dead)


def _lookup(addr: TopicAddress) -> Resolved:
    """Consulta do pipeline: rota do dispositivo; senão o id do tenant; senão None."""
    route = (
        DeviceRoute.objects.filter(tenant_slug=addr.tenant, site_slug=addr.site, device_slug=addr.device)
        .prefetch_related("points")
        .first()
    )
    if route is None:
        return Tenant.objects.filter(slug=addr.tenant).values_list("tenant_id", flat=True).first()
    head = {
        "device_id": route.device_id,
        "tenant_id": route.tenant_id,
        "tenant_slug": route.tenant_slug,
        "site_slug": route.site_slug,
        "device_slug": route.device_slug,
        "adapter": route.adapter,
        "is_active": route.is_active,
    }
    points: list[Mapping[str, Any]] = [
        {
            "point_id": p.point_id,
            "name": p.name,
            "value_type": p.value_type,
            "unit": p.unit,
            "enum_values": p.enum_values,
        }
        for p in route.points.all()
    ]
    return ingest_registry.device_route(head, points)


def _write_rows(out: Outcome) -> int:
    """Grava pela view isolada com o tenant da mensagem fixado; anota o intervalo para os rollups."""
    if not out.rows or out.tenant_id is None:
        return 0
    set_tenant_for_transaction(out.tenant_id)
    with connection.cursor() as cursor:
        cursor.executemany(tables.pyformat(tables.INSERT_TS_VALUES), out.rows)
        cursor.execute(tables.pyformat(tables.NOTE_WRITE), list(tables.ts_range(out.rows)))
    return len(out.rows)


def _write_dead_letters(letters: list[DeadLetter]) -> None:
    if not letters:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            tables.pyformat(tables.INSERT_DEAD_LETTER), [tables.dead_letter_row(d, "http") for d in letters]
        )
