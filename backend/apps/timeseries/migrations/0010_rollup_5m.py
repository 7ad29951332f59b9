"""Rollup de 5 min (issue 16): reaplica o SQL de telemetria (idempotente) e, na Apache, preenche o 5m a partir
do 1m já materializado (um banco com histórico não espera um ciclo de refresh por cada dia antigo).

Na Community o agregado contínuo nasce vazio (WITH NO DATA) e a política cobre 30 dias; histórico mais antigo
pede `CALL refresh_continuous_aggregate('public.ts_measure_5m', ...)` fora de transação (docs/operations.md).
"""

from typing import Any

from django.db import migrations

BACKFILL_APACHE = """
    INSERT INTO public.ts_measure_5m (tb, tenant_id, device_id, point_id,
                                      v_avg, v_min, v_max, v_sum, v_count, v_last)
    SELECT time_bucket(INTERVAL '5 minutes', tb), tenant_id, device_id, point_id,
           sum(v_sum) / NULLIF(sum(v_count), 0), min(v_min), max(v_max), sum(v_sum), sum(v_count),
           last(v_last, tb)
    FROM public.ts_measure_1m
    GROUP BY 1, 2, 3, 4
    ON CONFLICT DO NOTHING
"""


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    from apps.timeseries.schema import Edition, apply_schema

    with schema_editor.connection.cursor() as cursor:
        if apply_schema(cursor) is Edition.APACHE:
            cursor.execute(BACKFILL_APACHE)


def backwards(apps: Any, schema_editor: Any) -> None:
    """Tira só a view da API. O 5m em si fica: na Apache, `ts_recompute_rollups` (do SQL atual) ainda o grava,
    e apagar a tabela quebraria o refresh; reaplicar a migração é idempotente."""
    if schema_editor.connection.schema_name != "public":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP VIEW IF EXISTS public.tenant_ts_measure_5m")


class Migration(migrations.Migration):
    dependencies = [("timeseries", "0009_latest_many")]
    operations = [migrations.RunPython(forwards, backwards)]
