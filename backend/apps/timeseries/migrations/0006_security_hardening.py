"""Reaplica o SQL de telemetria (idempotente): ACK só do dispositivo do comando e manutenção só do worker."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    from apps.timeseries.schema import apply_schema

    with schema_editor.connection.cursor() as cursor:
        apply_schema(cursor)


class Migration(migrations.Migration):
    dependencies = [("timeseries", "0005_http_ingest_grants")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
