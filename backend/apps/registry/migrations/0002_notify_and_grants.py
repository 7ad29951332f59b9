"""NOTIFY a cada mudança no registro e SELECT para o papel do ingest (só no schema público)."""

from typing import Any

from django.conf import settings
from django.db import migrations
from psycopg import sql

TABLES = ("registry_device_route", "registry_point_route")


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    ingest = sql.Identifier(settings.TS_DB_INGEST_ROLE)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION public.registry_notify() RETURNS trigger
                LANGUAGE plpgsql AS $$
            BEGIN
                -- Um aviso por comando: o ingest recarrega o registro inteiro (pequeno) ao receber.
                PERFORM pg_notify('traksense_registry', TG_TABLE_NAME);
                RETURN NULL;
            END $$;
            """
        )
        for table in TABLES:
            ident = sql.Identifier("public", table)
            trigger = sql.Identifier(f"{table}_notify")
            cursor.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger, ident))
            cursor.execute(
                sql.SQL(
                    "CREATE TRIGGER {} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION public.registry_notify()"
                ).format(trigger, ident)
            )
            cursor.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(ident, ingest))


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.schema_name != "public":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(
                    sql.Identifier(f"{table}_notify"), sql.Identifier("public", table)
                )
            )
        cursor.execute("DROP FUNCTION IF EXISTS public.registry_notify()")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
