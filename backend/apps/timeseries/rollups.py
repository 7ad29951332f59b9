"""Manutenção dos rollups e da retenção, pela API de funções SQL (ADR-002).

Na edição Apache as funções fazem o trabalho; na Community são no-ops e as políticas nativas agem.
Só o papel do worker (`traksense_worker`) tem EXECUTE nestas funções SECURITY DEFINER (issue 11): chamadas
de um processo da API falham com permissão negada. Nenhum dado bruto passa por aqui.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from apps.timeseries.schema import Edition, detect_edition


def refresh_rollups() -> int:
    """Um ciclo de refresh incremental (consome invalidações, inclusive de dados atrasados)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.ts_refresh_rollups()")
        return int(cursor.fetchone()[0])


def apply_retention() -> int:
    """Remove chunks além da retenção (edição Apache); devolve quantos chunks caíram.

    O prazo é o de `public.ts_policy` (TS_RETENTION_DAYS gravado pelo `migrate_all`), não um argumento.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.ts_apply_retention()")
        return int(cursor.fetchone()[0])


@dataclass(frozen=True)
class StorageStatus:
    """Resumo operacional do armazenamento de telemetria."""

    edition: Edition
    compression_enabled: bool
    continuous_aggregates: list[str]
    jobs: list[dict[str, Any]]
    notes: list[str]


def storage_status() -> StorageStatus:
    """Edição, compressão, agregados e jobs — nada é pulado em silêncio (ADR-002)."""
    notes: list[str] = []
    with connection.cursor() as cursor:
        edition = detect_edition(cursor)
        cursor.execute(
            "SELECT compression_enabled FROM timescaledb_information.hypertables "
            "WHERE hypertable_schema = 'public' AND hypertable_name = 'ts_measure'"
        )
        row = cursor.fetchone()
        compression = bool(row and row[0])
        cursor.execute(
            "SELECT view_name FROM timescaledb_information.continuous_aggregates "
            "WHERE view_schema = 'public' ORDER BY view_name"
        )
        caggs = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            "SELECT job_id, proc_name, hypertable_name, schedule_interval::text "
            "FROM timescaledb_information.jobs WHERE hypertable_schema IS NOT NULL ORDER BY job_id"
        )
        jobs = [{"job_id": r[0], "proc": r[1], "hypertable": r[2], "schedule": r[3]} for r in cursor.fetchall()]
    if edition is Edition.APACHE:
        notes.append(
            "Edição Apache: compressão INDISPONÍVEL (requer a edição Community); agregados contínuos e "
            "políticas nativas indisponíveis — rollups ts_measure_1m/1h e retenção mantidos pelo Celery beat."
        )
    elif not compression:
        notes.append("Edição Community mas compressão desligada em ts_measure: verifique a migração.")
    return StorageStatus(edition, compression, caggs, jobs, notes)
