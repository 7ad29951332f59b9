"""Última amostra de muitos pontos numa chamada (`tenant_ts_latest`, sql/050_data_api.sql; resumo da frota)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    from apps.timeseries.schema import SQL_DIR, render

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(render(SQL_DIR / "050_data_api.sql"))


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP FUNCTION IF EXISTS public.tenant_ts_latest(uuid[], uuid[])")


class Migration(migrations.Migration):
    dependencies = [("timeseries", "0008_tenantdevicestatus")]
    operations = [migrations.RunPython(forwards, backwards)]
