"""Views lidas pelo EMQX (apps/broker/sql/emqx_views.sql) e SELECT nelas para o papel do EMQX, se existir."""

from pathlib import Path
from typing import Any

from django.db import migrations

SQL = (Path(__file__).resolve().parent.parent / "sql" / "emqx_views.sql").read_text()
EMQX_ROLE = "traksense_emqx"


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SQL)
        # O papel é criado pelo DBA (infra/emqx/authz.sql); aqui só reaplicamos o GRANT quando ele existe.
        cursor.execute(
            """
            DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'traksense_emqx') THEN
                    GRANT SELECT ON public.emqx_mqtt_user, public.emqx_mqtt_acl TO traksense_emqx;
                END IF;
            END $$;
            """
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP VIEW IF EXISTS public.emqx_mqtt_acl, public.emqx_mqtt_user")


class Migration(migrations.Migration):
    dependencies = [("broker", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
