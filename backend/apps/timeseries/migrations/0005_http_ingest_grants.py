"""Reaplica o SQL de telemetria (idempotente): a API passa a poder gravar dead letters do `POST /ingest`."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    from apps.timeseries.schema import apply_schema

    with schema_editor.connection.cursor() as cursor:
        apply_schema(cursor)


class Migration(migrations.Migration):
    dependencies = [("timeseries", "0004_admin_views")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
