"""Privilégios do papel da API sobre os metadados (ADR-001).

Sem default privileges globais: eles também valeriam para os chunks do TimescaleDB. Em vez disso, após
cada migração (comando `migrate_all`) e a cada schema de tenant novo (sinal post_schema_sync), o papel
da API recebe DML exatamente nas tabelas dos modelos Django (colunas identity dispensam GRANT de
sequência). A telemetria (SQL cru) fica de fora e só é
alcançável pelas views isoladas, cujos GRANTs estão em apps/timeseries/sql.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context
from psycopg import sql


def _model_tables(app_labels: set[str] | None) -> list[str]:
    """Tabelas gerenciadas pelo Django (inclui M2M), opcionalmente filtradas por app."""
    tables: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        if app_labels is not None and meta.app_label not in app_labels:
            continue
        tables.add(meta.db_table)
    return sorted(tables)


def _app_labels(app_paths: list[str]) -> set[str]:
    return {cfg.label for cfg in apps.get_app_configs() if cfg.name in app_paths}


def grant_app_privileges() -> None:
    """(Re)concede DML ao papel da API no public (tabelas dos apps compartilhados) e em cada tenant."""
    from apps.tenancy.models import Tenant

    role = sql.Identifier(settings.TS_DB_API_ROLE)
    shared = _app_labels(settings.SHARED_APPS)
    tenant_only = _app_labels(settings.TENANT_APPS)
    with schema_context(settings.PUBLIC_SCHEMA_NAME), connection.cursor() as cursor:
        tenant_schemas = Tenant.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).values_list(
            "schema_name", flat=True
        )
        schemas = [settings.PUBLIC_SCHEMA_NAME, *tenant_schemas]
        for schema in schemas:
            labels = shared if schema == settings.PUBLIC_SCHEMA_NAME else tenant_only
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename = ANY(%s)",
                [schema, _model_tables(labels)],
            )
            existing = [row[0] for row in cursor.fetchall()]
            cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), role))
            for table in existing:
                ident = sql.Identifier(schema, table)
                cursor.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(ident, role))
