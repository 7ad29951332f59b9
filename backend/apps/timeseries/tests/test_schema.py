"""Migrações de telemetria: aplicam num banco vazio, reaplicam sem erro e detectam a edição (ADR-002)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command

from apps.core.bootstrap import bootstrap_from_env, with_database
from apps.timeseries.schema import Edition, apply_schema, detect_edition, render, sql_files

BACKEND = Path(__file__).resolve().parents[3]
SPEC_COLUMNS = [
    ("tenant_id", "uuid", "NO"),
    ("device_id", "uuid", "NO"),
    ("point_id", "uuid", "NO"),
    ("ts", "timestamp with time zone", "NO"),
    ("v_num", "double precision", "YES"),
    ("v_bool", "boolean", "YES"),
    ("v_text", "text", "YES"),
    ("unit", "text", "YES"),
    ("qual", "smallint", "YES"),
    ("meta", "jsonb", "YES"),
]


@pytest.fixture
def empty_db() -> Iterator[str]:
    """Um banco recém-criado pelo bootstrap (papéis, extensão), sem nenhuma migração."""
    name = f"ts_fresh_{uuid.uuid4().hex[:8]}"
    bootstrap_from_env(db_name=name, recreate=True)
    yield name
    with psycopg.connect(os.environ["DATABASE_SUPERUSER_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(db_name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Roda manage.py como o papel dono contra `db_name`, como o `make up` faz."""
    env = {**os.environ, "DATABASE_URL": with_database(os.environ["DATABASE_OWNER_URL"], db_name)}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BACKEND, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.django_db
def test_migrations_apply_to_an_empty_database_and_rerun_cleanly(empty_db: str) -> None:
    first = _manage(empty_db, "migrate_all")
    assert first.returncode == 0, first.stderr
    second = _manage(empty_db, "migrate_all")
    assert second.returncode == 0, second.stderr
    assert "Applying" not in second.stdout

    owner = with_database(os.environ["DATABASE_OWNER_URL"], empty_db)
    with psycopg.connect(owner) as conn:
        columns = conn.execute(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = 'ts_measure' ORDER BY ordinal_position"
        ).fetchall()
        assert columns == SPEC_COLUMNS
        row = conn.execute(
            "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'ts_measure'"
        ).fetchone()
        assert row == (1,)
        indexes = {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'ts_measure'"
            ).fetchall()
        }
        # Chave única de deduplicação + índice de tempo; nada além (cada índice custa vazão de ingest).
        assert "UNIQUE INDEX" in indexes["ts_measure_tenant_device_point_ts_uniq"]
        assert "(tenant_id, device_id, point_id, ts DESC)" in indexes["ts_measure_tenant_device_point_ts_uniq"]
        assert len(indexes) == 2
        # SQL reaplicado diretamente por cima do que a migração criou: idempotente.
        with conn.cursor() as cursor:
            apply_schema(cursor)
            apply_schema(cursor)


def test_sql_files_exist_for_both_editions() -> None:
    for edition in Edition:
        for path in sql_files(edition):
            assert path.is_file(), path
            assert "{{" not in render(path), f"placeholder não substituído em {path.name}"


@pytest.mark.django_db
def test_edition_is_detected_from_the_license(owner_url: str) -> None:
    with psycopg.connect(owner_url) as conn:
        row = conn.execute("SHOW timescaledb.license").fetchone()
        assert row is not None
        assert detect_edition(conn.cursor()) is Edition(row[0])


@pytest.mark.django_db
def test_status_reports_compression_unavailable_on_apache(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("timeseries_status", "--json")
    status = json.loads(capsys.readouterr().out)
    if status["edition"] != Edition.APACHE.value:
        pytest.skip("servidor Community: compressão coberta em tests/community")
    assert status["compression_enabled"] is False
    assert status["continuous_aggregates"] == []
    assert any("compressão INDISPONÍVEL" in note for note in status["notes"])
