"""Jobs de manutenção (edição Apache, ADR-002) rodando de verdade: `celery beat` agenda, um `celery worker`
executa com o papel da API contra o banco de teste e o Redis real. Nada é chamado diretamente aqui: o teste
só grava telemetria (inclusive atrasada) e espera, com prazo, o rollup refletir.

Na edição Community as funções são no-ops e as políticas nativas (agregado contínuo, retenção) fazem o
trabalho; lá este teste é pulado e a cobertura vem dos testes do PGlite (tests/community).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis

from apps.timeseries.schema import Edition

BACKEND = Path(__file__).resolve().parents[3]
POLL_DEADLINE_S = 90  # limite de espera (não é asserção de tempo: só evita pendurar a suíte)
T0 = datetime(2026, 9, 14, 6, 0, tzinfo=UTC)

DIRECT_1M = """
    SELECT time_bucket('1 minute', ts), point_id, avg(v_num), min(v_num), max(v_num), count(v_num), last(v_num, ts)
    FROM public.ts_measure WHERE tenant_id = %s AND v_num IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
"""
VIEW_1M = "SELECT tb, point_id, v_avg, v_min, v_max, v_count, v_last FROM public.tenant_ts_measure_1m ORDER BY 1, 2"
DIRECT_1H = DIRECT_1M.replace("'1 minute'", "'1 hour'")
VIEW_1H = VIEW_1M.replace("_1m", "_1h")
DIRECT_5M = DIRECT_1M.replace("'1 minute'", "'5 minutes'")
VIEW_5M = VIEW_1M.replace("_1m", "_5m")
DIRECT_15M = DIRECT_1M.replace("'1 minute'", "'15 minutes'")
VIEW_15M = VIEW_1M.replace("_1m", "_15m")
DIRECT_1D = DIRECT_1M.replace("'1 minute'", "'1 day'")
VIEW_1D = VIEW_1M.replace("_1m", "_1d")
LEVELS = (
    (DIRECT_1M, VIEW_1M),
    (DIRECT_5M, VIEW_5M),
    (DIRECT_15M, VIEW_15M),
    (DIRECT_1H, VIEW_1H),
    (DIRECT_1D, VIEW_1D),
)


@pytest.fixture(scope="module")
def apache_edition(owner_url: str) -> None:
    with psycopg.connect(owner_url) as conn:
        row = conn.execute("SHOW timescaledb.license").fetchone()
    if row is None or row[0] != Edition.APACHE.value:
        pytest.skip("Community: rollups e retenção são políticas nativas do TimescaleDB (ADR-002)")


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else "(sem log)"


@pytest.fixture(scope="module")
def celery_processes(apache_edition: None, worker_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Sobe worker e beat como processos, com o papel da API no banco de teste e um banco Redis dedicado."""
    workdir = tmp_path_factory.mktemp("celery")
    redis_url = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/7"
    redis.Redis.from_url(redis_url).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": worker_url,
        "REDIS_URL": redis_url,
        "TS_ROLLUP_REFRESH_SECONDS": "1",
        "TS_RETENTION_RUN_SECONDS": "2",
        "TS_APP_NAME": "traksense-celery-test",
    }
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    procs = {
        "worker": subprocess.Popen(
            [*celery, "worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
            cwd=BACKEND,
            env=env,
            stdout=(workdir / "worker.log").open("wb"),
            stderr=subprocess.STDOUT,
        ),
        "beat": subprocess.Popen(
            [*celery, "beat", "--loglevel=INFO", "--schedule", str(workdir / "beat-schedule")],
            cwd=BACKEND,
            env=env,
            stdout=(workdir / "beat.log").open("wb"),
            stderr=subprocess.STDOUT,
        ),
    }
    yield workdir
    for proc in procs.values():
        proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for(condition: Callable[[], bool], logs: Path, what: str) -> None:
    """Espera limitada por uma condição eventual (o beat agenda a cada 1 s)."""
    deadline = time.monotonic() + POLL_DEADLINE_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(
        f"{what} não aconteceu em {POLL_DEADLINE_S}s.\n--- worker ---\n{_tail(logs / 'worker.log')}\n"
        f"--- beat ---\n{_tail(logs / 'beat.log')}"
    )


def _write(api_url: str, tenant: uuid.UUID, rows: list[tuple[uuid.UUID, datetime, float]]) -> None:
    """Grava como o ingest: pela view isolada e anotando o intervalo na mesma transação."""
    with psycopg.connect(api_url) as conn, conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        conn.cursor().executemany(
            "INSERT INTO public.tenant_ts_measure (tenant_id, device_id, point_id, ts, v_num) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [(tenant, uuid.uuid5(tenant, "dev"), p, ts, v) for p, ts, v in rows],
        )
        conn.execute("SELECT public.ts_note_write(%s, %s)", [min(r[1] for r in rows), max(r[1] for r in rows)])


def _round(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows]


def _rollups_match(owner_url: str, api_url: str, tenant: uuid.UUID) -> bool:
    with psycopg.connect(owner_url) as conn:
        direct = [_round(conn.execute(sql, [tenant]).fetchall()) for sql, _ in LEVELS]
    with psycopg.connect(api_url) as conn, conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        got = [_round(conn.execute(view).fetchall()) for _, view in LEVELS]
    return got == direct


@pytest.fixture
def tenant(owner_url: str) -> Iterator[uuid.UUID]:
    tenant_id = uuid.uuid4()
    yield tenant_id
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
            conn.execute(f"DELETE FROM public.{table} WHERE tenant_id = %s", [tenant_id])


def test_beat_and_worker_refresh_rollups_including_late_data(
    celery_processes: Path, owner_url: str, api_url: str, tenant: uuid.UUID
) -> None:
    points = [uuid.uuid4(), uuid.uuid4()]
    rows = [(p, T0 + timedelta(seconds=30 * i), float(i % 17)) for i in range(240) for p in points]
    _write(api_url, tenant, rows)
    _wait_for(lambda: _rollups_match(owner_url, api_url, tenant), celery_processes, "refresh inicial dos rollups")

    # Atrasados: um valor extremo num bucket já materializado e um dia inteiro antes de tudo.
    late = [(points[0], T0 + timedelta(minutes=10, seconds=7), 9999.0)]
    late += [(points[1], T0 - timedelta(days=1) + timedelta(minutes=m), -5.0) for m in range(3)]
    _write(api_url, tenant, late)
    _wait_for(lambda: _rollups_match(owner_url, api_url, tenant), celery_processes, "refresh dos dados atrasados")

    with psycopg.connect(api_url) as conn, conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        row = conn.execute(
            "SELECT v_max, v_count FROM public.tenant_ts_measure_1m WHERE point_id = %s AND tb = %s",
            [points[0], T0 + timedelta(minutes=10)],
        ).fetchone()
    assert row == (9999.0, 3)


def test_beat_and_worker_apply_retention(celery_processes: Path, owner_url: str, tenant: uuid.UUID) -> None:
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=400), now - timedelta(days=10)
    point = uuid.uuid4()
    with psycopg.connect(owner_url) as conn:
        conn.cursor().executemany(
            "INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num) VALUES (%s, %s, %s, %s, 1.0)",
            [(tenant, uuid.uuid5(tenant, "dev"), point, ts) for ts in (old, recent)],
        )

    def _old_gone() -> bool:
        with psycopg.connect(owner_url) as conn:
            found = conn.execute(
                "SELECT ts FROM public.ts_measure WHERE tenant_id = %s ORDER BY ts", [tenant]
            ).fetchall()
        return [r[0] for r in found] == [recent]

    _wait_for(_old_gone, celery_processes, "retenção do chunk de 400 dias atrás")
