"""Rollups de 15 min e de 1 dia (issue 16): reaplica o SQL de telemetria (idempotente)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
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
            DROP VIEW IF EXISTS public.tenant_ts_measure_15m, public.tenant_ts_measure_1d;
            DO $$
            BEGIN
                -- Na Community são agregados contínuos; na Apache, tabelas.
                IF EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates
                           WHERE view_schema = 'public' AND view_name = 'ts_measure_1d') THEN
                    DROP MATERIALIZED VIEW public.ts_measure_1d;
                END IF;
                IF EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates
                           WHERE view_schema = 'public' AND view_name = 'ts_measure_15m') THEN
                    DROP MATERIALIZED VIEW public.ts_measure_15m;
                END IF;
            END $$;
            DROP TABLE IF EXISTS public.ts_measure_15m, public.ts_measure_1d;
            """
        )


class Migration(migrations.Migration):
    dependencies = [("timeseries", "0006_security_hardening")]
    operations = [migrations.RunPython(forwards, backwards)]
