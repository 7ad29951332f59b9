"""Rollups (edição Apache): o job produz os mesmos números que um time_bucket direto, dados atrasados inclusos,
e cada tenant só enxerga os próprios rollups (ADR-002)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from apps.timeseries.schema import Edition

T0 = datetime(2026, 2, 10, 8, 0, tzinfo=UTC)

DIRECT_1M = """
    SELECT time_bucket('1 minute', ts) AS tb, point_id, avg(v_num), min(v_num), max(v_num), count(v_num),
           last(v_num, ts)
    FROM public.ts_measure WHERE tenant_id = %s AND v_num IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
"""
DIRECT_1H = DIRECT_1M.replace("'1 minute'", "'1 hour'")
DIRECT_5M = DIRECT_1M.replace("'1 minute'", "'5 minutes'")
DIRECT_15M = DIRECT_1M.replace("'1 minute'", "'15 minutes'")
DIRECT_1D = DIRECT_1M.replace("'1 minute'", "'1 day'")
# Cada rollup comparado com um time_bucket direto no bruto da mesma largura.
LEVELS = {
    "public.tenant_ts_measure_1m": DIRECT_1M,
    "public.tenant_ts_measure_5m": DIRECT_5M,
    "public.tenant_ts_measure_15m": DIRECT_15M,
    "public.tenant_ts_measure_1h": DIRECT_1H,
    "public.tenant_ts_measure_1d": DIRECT_1D,
}
VIEW_SQL = """
    SELECT tb, point_id, v_avg, v_min, v_max, v_count, v_last FROM {view} ORDER BY 1, 2
"""


@pytest.fixture
def tenant_ids(owner_url: str) -> Iterator[list[uuid.UUID]]:
    ids = [uuid.uuid4(), uuid.uuid4()]
    yield ids
    with psycopg.connect(owner_url) as conn:
        for table in (
            "ts_measure",
            "ts_measure_1m",
            "ts_measure_5m",
            "ts_measure_15m",
            "ts_measure_1h",
            "ts_measure_1d",
            "ts_rollup_invalidation",
        ):
            conn.execute(f"DELETE FROM public.{table} WHERE tenant_id = ANY(%s)", [ids])


def _write(api_url: str, tenant: uuid.UUID, rows: list[tuple[uuid.UUID, datetime, float]]) -> None:
    """Grava como a API/ingest: pela view isolada e anotando o intervalo na mesma transação."""
    device = uuid.uuid5(tenant, "dev")
    with psycopg.connect(api_url) as conn, conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        conn.cursor().executemany(
            "INSERT INTO public.tenant_ts_measure (tenant_id, device_id, point_id, ts, v_num) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [(tenant, device, p, ts, v) for p, ts, v in rows],
        )
        conn.execute("SELECT public.ts_note_write(%s, %s)", [min(r[1] for r in rows), max(r[1] for r in rows)])


def _refresh(worker_url: str) -> None:
    """Um ciclo de refresh com o papel do worker (o único com EXECUTE na função)."""
    with psycopg.connect(worker_url) as conn:
        conn.execute("SELECT public.ts_refresh_rollups()")


def _close(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Arredonda floats para comparar agregados calculados por caminhos diferentes."""
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows]


def _compare(owner_url: str, api_url: str, tenant: uuid.UUID) -> int:
    """Todos os níveis (1m, 5m, 15m, 1h, 1d) iguais ao time_bucket direto; devolve quantos buckets de 1m há."""
    with psycopg.connect(owner_url) as conn:
        direct = {view: _close(conn.execute(sql, [tenant]).fetchall()) for view, sql in LEVELS.items()}
    with psycopg.connect(api_url) as conn, conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        got = {view: _close(conn.execute(VIEW_SQL.format(view=view)).fetchall()) for view in LEVELS}
    for view in LEVELS:
        assert got[view] == direct[view], view
    return len(got["public.tenant_ts_measure_1m"])


@pytest.fixture
def apache_only(owner_url: str) -> None:
    with psycopg.connect(owner_url) as conn:
        row = conn.execute("SHOW timescaledb.license").fetchone()
    if row is None or row[0] != Edition.APACHE.value:
        pytest.skip("rollups do projeto só existem na edição Apache; a Community é testada no PGlite")


@pytest.mark.usefixtures("apache_only")
def test_rollups_match_direct_time_bucket_including_late_data(
    owner_url: str, api_url: str, worker_url: str, tenant_ids: list[uuid.UUID]
) -> None:
    rng = random.Random(7)
    points = [uuid.uuid4() for _ in range(3)]
    tenant, other = tenant_ids
    # 3 horas de dados a cada 20 s, em lotes como o ingest faria.
    rows = [(p, T0 + timedelta(seconds=20 * i), rng.uniform(-10, 90)) for i in range(540) for p in points]
    for start in range(0, len(rows), 200):
        _write(api_url, tenant, rows[start : start + 200])
    _write(api_url, other, [(points[0], T0, 1000.0)])
    _refresh(worker_url)
    buckets = _compare(owner_url, api_url, tenant)
    assert buckets == 3 * 180

    # Dados atrasados: um dia antes e dentro de um bucket já materializado.
    late = [(points[0], T0 - timedelta(days=1, seconds=i), 5.0 + i) for i in range(10)]
    late += [(points[1], T0 + timedelta(minutes=30, seconds=7), 12345.0)]
    # Na borda de um bucket de 5 min já materializado: vira o último (e o mínimo) do 08:10, não do 08:15.
    late += [(points[2], T0 + timedelta(minutes=14, seconds=59, microseconds=999999), -777.0)]
    _write(api_url, tenant, late)
    _refresh(worker_url)
    # Dois buckets novos no dia anterior (07:59 e 08:00); o das 08:30 é recalculado com o valor atrasado.
    assert _compare(owner_url, api_url, tenant) == buckets + 2
    with psycopg.connect(api_url) as conn, conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        five = conn.execute(
            "SELECT tb, v_min, v_last FROM public.tenant_ts_measure_5m WHERE point_id = %s AND tb IN (%s, %s) "
            "ORDER BY tb",
            [points[2], T0 + timedelta(minutes=10), T0 + timedelta(minutes=15)],
        ).fetchall()
    assert five[0] == (T0 + timedelta(minutes=10), -777.0, -777.0)
    assert five[1][0] == T0 + timedelta(minutes=15)
    assert -777.0 not in five[1][1:]

    # O outro tenant continua com seu único bucket, invisível ao primeiro.
    with psycopg.connect(api_url) as conn, conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(other)])
        assert conn.execute("SELECT v_max FROM public.tenant_ts_measure_1m").fetchall() == [(1000.0,)]


@pytest.mark.usefixtures("apache_only")
def test_refresh_without_new_writes_is_a_no_op(
    owner_url: str, api_url: str, worker_url: str, tenant_ids: list[uuid.UUID]
) -> None:
    tenant = tenant_ids[0]
    _write(api_url, tenant, [(uuid.uuid4(), T0, 1.0), (uuid.uuid4(), T0, 2.0)])
    with psycopg.connect(worker_url) as conn:
        assert conn.execute("SELECT public.ts_refresh_rollups()").fetchone() == (1,)
        conn.commit()
        assert conn.execute("SELECT public.ts_refresh_rollups()").fetchone() == (0,)
    _compare(owner_url, api_url, tenant)


@pytest.mark.usefixtures("apache_only")
def test_note_write_requires_a_tenant(api_url: str) -> None:
    with psycopg.connect(api_url) as conn, pytest.raises(psycopg.errors.RaiseException):
        conn.execute("SELECT public.ts_note_write(now(), now())")
