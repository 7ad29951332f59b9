"""Cria public.ts_measure, ingest_errors, rollups e as views isoladas (SQL em apps/timeseries/sql)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    # Só no schema público: a telemetria nunca é duplicada por tenant (000 §13).
    if schema_editor.connection.schema_name != "public":
        return
    from apps.timeseries.schema import apply_schema

    with schema_editor.connection.cursor() as cursor:
        apply_schema(cursor)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            """
            DROP VIEW IF EXISTS public.tenant_ts_measure_1m, public.tenant_ts_measure_1h,
                public.tenant_ts_measure, public.tenant_ingest_errors;
            DO $$
            BEGIN
                -- Na Community os rollups são agregados contínuos; na Apache, tabelas.
                IF EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates
                           WHERE view_schema = 'public' AND view_name = 'ts_measure_1h') THEN
                    DROP MATERIALIZED VIEW public.ts_measure_1h CASCADE;
                END IF;
                IF EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates
                           WHERE view_schema = 'public' AND view_name = 'ts_measure_1m') THEN
                    DROP MATERIALIZED VIEW public.ts_measure_1m CASCADE;
                END IF;
            END $$;
            DROP TABLE IF EXISTS public.ts_measure_1h, public.ts_measure_1m, public.ts_rollup_invalidation,
                public.ts_rollup_state, public.ingest_errors, public.ts_measure CASCADE;
            DROP FUNCTION IF EXISTS public.ts_note_write(timestamptz, timestamptz),
                public.ts_recompute_rollups(uuid, timestamptz, timestamptz), public.ts_refresh_rollups(),
                public.ts_apply_retention(integer), public.current_tenant_id();
            """
        )


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(forwards, backwards)]
