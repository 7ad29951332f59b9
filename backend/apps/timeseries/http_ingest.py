"""Caminho HTTP de ingestão (protótipo 003: regra do EMQX → HTTP `POST /ingest` com `x-tenant`).

Reusa o pipeline do serviço de ingest (`ingest.pipeline`): a mesma validação, os mesmos adapters
(`v1`, `parsec_v1`) e os mesmos motivos de dead letter. A diferença é só o transporte: aqui cada request é
uma mensagem, gravada pela view isolada do tenant na transação do request; o roteamento vem do registro
público (`registry_*`), consultado só para o dispositivo do tópico.

Só `telem` entra por aqui; `state`, `event`, `alarm` e `ack` são do ingest MQTT (são guardados como dead
letter `unsupported_kind`, nunca descartados).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from apps.core.db import set_tenant_for_transaction
from apps.registry.models import DeviceRoute
from ingest.adapters.parsec_v1 import Debouncer
from ingest.config import PipelineLimits
from ingest.dlq import DeadLetter
from ingest.errors import Rejected
from ingest.pipeline import Limits, Outcome, Pipeline
from ingest.registry import RegistrySnapshot, snapshot_from_rows
from ingest.topics import parse_topic

_LIMITS = PipelineLimits.from_env()
# Debounce Parsec por processo (como no ingest MQTT); o lock protege o estado entre as threads do gunicorn.
_DEBOUNCER = Debouncer(_LIMITS.parsec_debounce_s)
_PIPELINE_LOCK = threading.Lock()


@dataclass
class HttpIngestResult:
    """Desfecho de uma mensagem HTTP: linhas gravadas e dead letters (com motivo)."""

    accepted: int = 0
    dead: list[DeadLetter] = field(default_factory=list)


def _snapshot_for(topic: str) -> RegistrySnapshot:
    """Só o dispositivo do tópico (uma consulta); tópico fora do contrato → snapshot vazio (o pipeline recusa)."""
    try:
        addr = parse_topic(topic)
    except Rejected:
        return snapshot_from_rows([])
    route = (
        DeviceRoute.objects.filter(tenant_slug=addr.tenant, site_slug=addr.site, device_slug=addr.device)
        .prefetch_related("points")
        .first()
    )
    if route is None:
        return snapshot_from_rows([])
    head = {
        "device_id": route.device_id,
        "tenant_id": route.tenant_id,
        "tenant_slug": route.tenant_slug,
        "site_slug": route.site_slug,
        "device_slug": route.device_slug,
        "adapter": route.adapter,
        "is_active": route.is_active,
    }
    rows: list[dict[str, Any]] = [
        {
            **head,
            "point_id": p.point_id,
            "name": p.name,
            "value_type": p.value_type,
            "unit": p.unit,
            "enum_values": p.enum_values,
        }
        for p in route.points.all()
    ]
    return snapshot_from_rows(rows or [{**head, "point_id": None}])


def ingest_message(*, topic: str, payload: bytes, tenant_header: str | None) -> HttpIngestResult:
    """Valida, normaliza e grava uma mensagem. Deve rodar dentro de transaction.atomic (request)."""
    result = HttpIngestResult()
    try:
        addr = parse_topic(topic)
    except Rejected as rej:
        result.dead.append(DeadLetter(topic, payload, rej.reason, rej.detail))
        _write_dead_letters(result.dead)
        return result
    if tenant_header and tenant_header != addr.tenant:
        detail = f"cabeçalho x-tenant {tenant_header!r} difere do tenant do tópico {addr.tenant!r}"
        result.dead.append(DeadLetter(topic, payload, "tenant_mismatch", detail))
    elif addr.kind != "telem":
        detail = f"tópico {addr.kind!r} não é aceito pelo caminho HTTP (use MQTT)"
        result.dead.append(DeadLetter(topic, payload, "unsupported_kind", detail))
    else:
        snapshot = _snapshot_for(topic)
        limits = Limits(_LIMITS.max_payload_bytes, _LIMITS.max_future_s, _LIMITS.max_age_days)
        with _PIPELINE_LOCK:
            out = Pipeline(limits, lambda: snapshot, _DEBOUNCER).process(topic, payload, datetime.now(UTC))
        result.accepted = _write_rows(out)
        result.dead.extend(out.dead)
    _write_dead_letters(result.dead)
    return result


def _write_rows(out: Outcome) -> int:
    """Grava pela view isolada com o tenant da mensagem fixado; anota o intervalo para os rollups."""
    if not out.rows or out.tenant_id is None:
        return 0
    set_tenant_for_transaction(out.tenant_id)
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO public.tenant_ts_measure (tenant_id, device_id, point_id, ts, v_num, v_bool, v_text, "
            "unit, qual, meta) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb) ON CONFLICT DO NOTHING",
            out.rows,
        )
        timestamps = [row[3] for row in out.rows]
        cursor.execute("SELECT public.ts_note_write(%s, %s)", [min(timestamps), max(timestamps)])
    return len(out.rows)


def _write_dead_letters(letters: list[DeadLetter]) -> None:
    with connection.cursor() as cursor:
        for dl in letters:
            cursor.execute(
                "INSERT INTO public.ingest_errors (tenant_id, source, topic, payload, reason, detail) "
                "VALUES (%s, 'http', %s, %s, %s, %s)",
                [dl.tenant_id, dl.topic, dl.payload, dl.reason, dl.detail],
            )
