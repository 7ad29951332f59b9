"""Conectividade, eventos/alarmes e ACKs de comando (sql/040_device_streams.sql)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    from apps.timeseries.schema import SQL_DIR, render

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(render(SQL_DIR / "040_device_streams.sql"))


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "DROP VIEW IF EXISTS public.tenant_device_status, public.tenant_device_event, public.tenant_cmd_ack;"
            "DROP TABLE IF EXISTS public.device_status, public.device_event, public.cmd_ack;"
            "DROP FUNCTION IF EXISTS public.cmd_ack_notify();"
        )


class Migration(migrations.Migration):
    dependencies = [("timeseries", "0001_telemetry_store")]
    operations = [migrations.RunPython(forwards, backwards)]
