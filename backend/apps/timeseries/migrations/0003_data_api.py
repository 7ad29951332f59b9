"""Função de último valor por ponto para a API de dados (sql/050_data_api.sql)."""

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
        cursor.execute("DROP FUNCTION IF EXISTS public.tenant_ts_last_before(uuid, uuid[], timestamptz)")


class Migration(migrations.Migration):
    dependencies = [("timeseries", "0002_device_streams")]
    operations = [migrations.RunPython(forwards, backwards)]
