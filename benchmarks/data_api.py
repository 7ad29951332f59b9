"""Benchmark da API de dados (issues 5 e 16): p50/p95 pela API HTTP (gunicorn) e o mesmo SQL direto, na mesma execução.

Carga: `--days` dias (padrão 90) de dados a cada 1 minuto para 100 pontos, por COPY como papel dono num banco
dedicado (`<TS_DB_NAME>_bench_data`), seguida de um refresh dos rollups (o mesmo job do Celery).

"Pela API" = requisição HTTP real a um gunicorn iniciado pelo script com a configuração do `make up`
(2 workers gthread × 4 threads), cliente com keep-alive: autenticação Bearer, middleware de tenant, papel,
transação com app.tenant_id, registro, consultas e JSON. "SQL direto" = as mesmas funções de
`apps.timeseries.queries` numa conexão psycopg com o papel da API, numa transação com app.tenant_id — a diferença
é o custo fixo do caminho HTTP/Django/DRF. Também mede 8 clientes concorrentes (req/s e p95) e "10 painéis"
(10 requisições de 1 ponto contra 1 requisição de 10 pontos).

Uso (da raiz do repositório; sobe os serviços de dev e acerta PYTHONPATH/.env):
    scripts/dev.sh bench data_api [--reload] [--days 90] [--iterations 200] [--write-docs]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))  # pacotes da raiz importados pelos apps (contracts, ingest)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_ALLOWED_HOSTS"] = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost") + ",testserver"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from apps.core.bootstrap import bootstrap_from_env, role_from_url, with_database, worker_url_from_env  # noqa: E402
from apps.timeseries import queries  # noqa: E402
from apps.timeseries.queries import Agg  # noqa: E402
from apps.timeseries.services import rollup_tails  # noqa: E402

N_POINTS = 100
TENANT = "bench"
PASSWORD = "senha-de-benchmark-123"  # noqa: S105 — banco de benchmark local e descartável
CONCURRENT_CLIENTS = 8


def _use_role(url: str, db_name: str) -> None:
    """Troca as credenciais da conexão default do Django (como o conftest faz)."""
    role = role_from_url(url)
    for target in (settings.DATABASES["default"], connections["default"].settings_dict):
        target["NAME"] = db_name
        target["USER"] = role.name
        target["PASSWORD"] = role.password
    connections["default"].close()


def _log(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def load(db_name: str, owner_url: str, days: int) -> dict[str, Any]:
    """Cria o banco, o tenant, o dispositivo com 100 pontos e carrega `days` dias por COPY; devolve os ids."""
    from apps.registry.models import DeviceRoute, PointRoute
    from apps.tenancy.choices import TenantRole
    from apps.tenancy.services import MemberSpec, create_tenant

    bootstrap_from_env(db_name=db_name, recreate=True)
    _use_role(os.environ["DATABASE_OWNER_URL"], db_name)
    call_command("migrate_all", verbosity=0)
    tenant = create_tenant(
        slug=TENANT, name="Benchmark", members=[MemberSpec("bench-viewer", PASSWORD, TenantRole.VIEWER)]
    )
    call_command("migrate_all", verbosity=0)
    device_id = uuid.uuid4()
    route = DeviceRoute.objects.create(
        device_id=device_id, tenant_id=tenant.tenant_id, tenant_slug=TENANT, site_slug="site", device_slug="dev-1"
    )
    point_ids = [uuid.uuid4() for _ in range(N_POINTS)]
    for i, pid in enumerate(point_ids):
        PointRoute.objects.create(point_id=pid, device=route, name=f"p{i:03d}", value_type="float", unit="")

    end = datetime.now(UTC).replace(second=0, microsecond=0)
    start = end - timedelta(days=days)
    minutes = days * 24 * 60
    _log(f"COPY de {minutes * N_POINTS:,} linhas ({start:%Y-%m-%d} → {end:%Y-%m-%d})...")
    t0 = time.perf_counter()
    with psycopg.connect(owner_url) as conn:
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant.tenant_id)])
            with conn.cursor().copy(
                "COPY public.ts_measure (tenant_id, device_id, point_id, ts, v_num) FROM STDIN"
            ) as copy:
                for m in range(minutes):
                    ts = start + timedelta(minutes=m)
                    for i, pid in enumerate(point_ids):
                        copy.write_row((tenant.tenant_id, device_id, pid, ts, float((m * 7 + i * 13) % 1000) / 10))
            conn.execute("SELECT public.ts_note_write(%s, %s)", [start, end])
        conn.execute("ANALYZE public.ts_measure")
    _log(f"COPY: {time.perf_counter() - t0:.1f}s; refresh dos rollups...")
    t0 = time.perf_counter()
    # Refresh só pelo papel do worker (o único com EXECUTE na função).
    with psycopg.connect(with_database(worker_url_from_env(), db_name)) as conn:
        conn.execute("SELECT public.ts_refresh_rollups()")
    with psycopg.connect(owner_url) as conn:
        for level in ("1m", "5m", "15m", "1h", "1d"):
            conn.execute(f"ANALYZE public.ts_measure_{level}")
    _log(f"refresh: {time.perf_counter() - t0:.1f}s")
    return {"tenant": tenant.tenant_id, "device": device_id, "points": point_ids, "end": end}


def existing(owner_url: str) -> dict[str, Any] | None:
    """Ids de uma carga anterior (para repetir medições sem recarregar)."""
    try:
        with psycopg.connect(owner_url) as conn:
            row = conn.execute(
                "SELECT t.uuid, d.device_id FROM tenancy_tenant t JOIN registry_device_route d ON d.tenant_id = t.uuid "
                "WHERE t.slug = %s",
                [TENANT],
            ).fetchone()
            if row is None:
                return None
            points = [
                r[0]
                for r in conn.execute(
                    "SELECT point_id FROM registry_point_route WHERE device_id = %s ORDER BY name", [row[1]]
                )
            ]
            end = conn.execute(
                "SELECT max(ts) + INTERVAL '1 minute' FROM public.ts_measure WHERE tenant_id = %s", [row[0]]
            ).fetchone()[0]
    except psycopg.OperationalError:
        return None
    if len(points) != N_POINTS or end is None:
        return None
    return {"tenant": row[0], "device": row[1], "points": points, "end": end}


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[round(p * (len(ordered) - 1))]


def measure(fn: Callable[[], Any], iterations: int, warmup: int = 20) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), pct(samples, 0.95)


class Api:
    """gunicorn com a configuração do `make up` e do Compose (`config/gunicorn.py`: 2 workers gthread × 4 threads),
    apontado para o banco `api_url`. Usado também por `fleet_summary` e `cmd_roundtrip`."""

    def __init__(self, api_url: str) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.proc = subprocess.Popen(  # noqa: S603
            [str(REPO / ".venv/bin/gunicorn"), "--config", "python:config.gunicorn", "config.wsgi:application"],
            cwd=REPO / "backend",
            env={
                **os.environ,
                "DATABASE_URL": api_url,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_WORKERS": "2",
                "GUNICORN_THREADS": "4",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise SystemExit("gunicorn não subiu") from None
                time.sleep(0.2)

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def get_json(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> Any:
    try:
        conn.request("GET", path, headers=headers)
        res = conn.getresponse()
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
        # O gthread fecha conexões keep-alive ociosas (--keep-alive 2 s), p.ex. enquanto o SQL direto é medido.
        conn.close()
        conn.request("GET", path, headers=headers)
        res = conn.getresponse()
    body = res.read()
    if res.status != 200:
        raise SystemExit(f"API: {res.status} em {path}: {body[:300]!r}")
    return json.loads(body)


def concurrent_run(api: Api, path: str, headers: dict[str, str], seconds: float) -> tuple[float, float, float, int]:
    """CONCURRENT_CLIENTS clientes em laço fechado por `seconds`; devolve (req/s, p50, p95, n)."""
    samples: list[list[float]] = [[] for _ in range(CONCURRENT_CLIENTS)]
    stop_at = time.perf_counter() + seconds

    def client(i: int) -> None:
        conn = api.connection()
        for _ in range(5):  # aquecimento da conexão
            get_json(conn, path, headers)
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            get_json(conn, path, headers)
            samples[i].append((time.perf_counter() - t0) * 1000)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONCURRENT_CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    flat = [x for s in samples for x in s]
    return len(flat) / elapsed, statistics.median(flat), pct(flat, 0.95), len(flat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reload", action="store_true", help="recria o banco de benchmark e recarrega os dados")
    parser.add_argument("--days", type=int, default=90, help="dias de dados na carga (com --reload)")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--concurrent-seconds", type=float, default=20.0)
    parser.add_argument("--write-docs", action="store_true", help="grava a seção 'Data API' em docs/benchmarks.md")
    args = parser.parse_args()

    db_name = f"{os.environ.get('TS_DB_NAME', 'traksense')}_bench_data"
    owner_url = with_database(os.environ["DATABASE_OWNER_URL"], db_name)
    api_url = with_database(os.environ["DATABASE_URL"], db_name)
    ids = None if args.reload else existing(owner_url)
    if ids is None:
        ids = load(db_name, owner_url, args.days)
    else:
        _log("reaproveitando a carga existente (use --reload para recarregar)")
    with psycopg.connect(owner_url) as conn:
        days = conn.execute(
            "SELECT round(extract(epoch FROM max(ts) - min(ts)) / 86400) FROM public.ts_measure"
        ).fetchone()[0]
    api = Api(api_url)
    load_before = os.getloadavg()
    try:
        results, concurrent, panels = run(api, api_url, ids, args)
    finally:
        api.stop()
    load_after = os.getloadavg()

    table = [
        "| cenário | valores | API p50 (ms) | API p95 (ms) | SQL p50 (ms) | SQL p95 (ms) | API/SQL p50 "
        "| API−SQL p50 (ms) | alvo API p95 | ok |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, got, a50, a95, s50, s95, target in results:
        table.append(
            f"| {label} | {got} | {a50:.1f} | {a95:.1f} | {s50:.1f} | {s95:.1f} | {a50 / s50:.1f}× | {a50 - s50:.1f} "
            f"| ≤ {target:.0f} | {'sim' if a95 <= target else 'NÃO'} |"
        )
    rps, c50, c95, n = concurrent
    extra = [
        "",
        f"| {CONCURRENT_CLIENTS} clientes concorrentes, 24h@1m, 1 ponto | req/s | p50 (ms) | p95 (ms) | requisições |",
        "|---|---:|---:|---:|---:|",
        f"| gunicorn 2 × 4 | {rps:.1f} | {c50:.1f} | {c95:.1f} | {n} |",
        "",
        "| 10 painéis de um dispositivo, 24h@1m | p50 (ms) | p95 (ms) |",
        "|---|---:|---:|",
        f"| 10 requisições de 1 ponto, em sequência | {panels[0]:.1f} | {panels[1]:.1f} |",
        f"| 1 requisição com os 10 pontos (`point=a,b,…`) | {panels[2]:.1f} | {panels[3]:.1f} |",
    ]
    # A máquina é compartilhada: a carga entra junto dos números (load average de 1, 5 e 15 min, como o `uptime`).
    load_line = (
        f"Carga da máquina (load average 1/5/15 min, 2 núcleos): início {', '.join(f'{x:.2f}' for x in load_before)}; "
        f"fim {', '.join(f'{x:.2f}' for x in load_after)}."
    )
    print("\n".join([*table, *extra, "", load_line]))
    if args.write_docs:
        write_docs([*table, *extra, "", load_line], args.iterations, int(days))


def run(api: Api, api_url: str, ids: dict[str, Any], args: argparse.Namespace) -> tuple[list[Any], Any, Any]:
    conn = api.connection()
    conn.request(
        "POST",
        "/api/auth/token/",
        body=json.dumps({"username": "bench-viewer", "password": PASSWORD}),
        headers={"Content-Type": "application/json"},
    )
    res = conn.getresponse()
    token_body = json.loads(res.read())
    assert res.status == 201, token_body
    headers = {"Authorization": f"Bearer {token_body['token']}", "X-Tenant": TENANT}
    end: datetime = ids["end"]
    device, points = ids["device"], ids["points"]

    # (rótulo, agg, pontos, início, fim, valores esperados, alvo de p95 da API em ms)
    scenarios = [
        ("1h raw, 1 ponto", Agg.RAW, points[:1], end - timedelta(hours=1), end, 60, 8.0),
        ("24h@1m, 1 ponto", Agg.M1, points[:1], end - timedelta(hours=24), end, 1440, 50.0),
        ("24h@5m, 10 pontos", Agg.M5, points[:10], end - timedelta(hours=24), end, 10 * 288, 100.0),
        ("7d@15m, 10 pontos", Agg.M15, points[:10], end - timedelta(days=7), end, 10 * 672, 100.0),
        ("30d@1h, 10 pontos", Agg.H1, points[:10], end - timedelta(days=30), end, 10 * 720, 100.0),
        ("90d@1d, 10 pontos", Agg.D1, points[:10], end - timedelta(days=90), end, 10 * 90, 100.0),
    ]
    direct = psycopg.connect(api_url)
    results = []

    def path_for(agg: Agg, pts: list[uuid.UUID], start: datetime, stop: datetime) -> str:
        query = {
            "device": str(device),
            "point": ",".join(str(p) for p in pts),
            "from": start.isoformat(),
            "to": stop.isoformat(),
            "agg": agg.value,
        }
        return "/api/data/points?" + urllib.parse.urlencode(query)

    for label, agg, pts, start, stop, expected, target in scenarios:
        path = path_for(agg, pts, start, stop)
        body = get_json(conn, path, headers)
        got = sum(len(s["data"]) for s in body["series"])
        # Bordas: o intervalo é expandido para buckets inteiros (+1 por ponto); 90 d só tem os dias carregados.
        assert abs(got - expected) <= len(pts) or agg is Agg.D1, (label, got, expected)

        def via_api(path: str = path) -> Any:
            return get_json(conn, path, headers)

        def via_sql(agg: Agg = agg, pts: list[uuid.UUID] = pts, start: datetime = start, stop: datetime = stop) -> Any:
            with direct.transaction(), direct.cursor() as cur:
                cur.execute("SELECT set_config('app.tenant_id', %s, true)", [str(ids["tenant"])])
                if agg is Agg.RAW:
                    return queries.raw_series(
                        cur, device_id=device, point_ids=pts, start=start, end=stop, limit_per_point=50_001
                    )
                return queries.aggregated_series(
                    cur,
                    device_id=device,
                    point_ids=pts,
                    agg=agg,
                    start=start,
                    end=stop,
                    tz="UTC",
                    use_hourly=True,
                    tails=rollup_tails(),
                )

        api_p50, api_p95 = measure(via_api, args.iterations)
        sql_p50, sql_p95 = measure(via_sql, args.iterations)
        results.append((label, got, api_p50, api_p95, sql_p50, sql_p95, target))
        _log(f"{label}: API p50={api_p50:.1f} p95={api_p95:.1f} ms | SQL p50={sql_p50:.1f} p95={sql_p95:.1f} ms")
    direct.close()

    one_day = path_for(Agg.M1, points[:1], end - timedelta(hours=24), end)
    concurrent = concurrent_run(api, one_day, headers, args.concurrent_seconds)
    rps, c50, c95, _ = concurrent
    _log(f"{CONCURRENT_CLIENTS} clientes: {rps:.1f} req/s, p50={c50:.1f} p95={c95:.1f} ms")

    singles = [path_for(Agg.M1, [p], end - timedelta(hours=24), end) for p in points[:10]]
    together = path_for(Agg.M1, points[:10], end - timedelta(hours=24), end)
    s50, s95 = measure(lambda: [get_json(conn, p, headers) for p in singles], max(20, args.iterations // 5), warmup=5)
    t50, t95 = measure(lambda: get_json(conn, together, headers), max(20, args.iterations // 5), warmup=5)
    _log(f"10 painéis: 10×1 ponto p50={s50:.1f} ms; 1×10 pontos p50={t50:.1f} ms")
    conn.close()
    return results, concurrent, (s50, s95, t50, t95)


def write_docs(table: list[str], iterations: int, days: int) -> None:
    """Substitui (ou cria) só a seção '## Data API' de docs/benchmarks.md."""
    path = REPO / "docs" / "benchmarks.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = "\n".join(
        [
            "## Data API",
            "",
            f"Medido em {datetime.now(UTC):%Y-%m-%d} nesta máquina (2 núcleos compartilhados; cliente, gunicorn e "
            f"PostgreSQL 17 + TimescaleDB Apache na mesma máquina), {iterations} requisições por cenário após 20 de "
            "aquecimento, uma por vez, HTTP com keep-alive.",
            f"Carga: {days} dias × 1 amostra/min × {N_POINTS} pontos = {days * 1440 * N_POINTS:,} linhas (COPY como "
            "dono) + refresh dos rollups.",
            "",
            "Comando (raiz do repositório; sobe os serviços de dev, carrega `.env` e acerta o `PYTHONPATH`):",
            "",
            "```",
            "scripts/dev.sh bench data_api --reload --write-docs   # ou: make bench B=data_api ARGS=--reload",
            "```",
            "",
            '"API" = requisição HTTP a um gunicorn iniciado pelo script como o `make up` (2 workers gthread × 4 '
            "threads): token Bearer, tenant, papel, transação com `app.tenant_id`, registro, consultas, JSON. "
            '"SQL" = as mesmas consultas de `apps.timeseries.queries` numa conexão psycopg do papel da API, com o '
            'tenant fixado, na mesma execução. "API−SQL" é o custo fixo do caminho HTTP/Django.',
            "",
            *table,
            "",
        ]
    )
    marker = "## Data API"
    if marker in text:
        head, _, rest = text.partition(marker)
        nxt = rest.find("\n## ")
        tail = rest[nxt + 1 :] if nxt >= 0 else ""
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
    _log(f"seção 'Data API' gravada em {path}")


if __name__ == "__main__":
    main()
