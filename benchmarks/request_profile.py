"""Perfil do caminho fixo de uma requisição da API de dados (issue 16), em processo, sobre a carga do data_api.

Para cada cenário: os comandos SQL da requisição (`CaptureQueriesContext`: quantos e quais), o tempo em processo
(cliente de teste do Django: middleware, DRF, transação, consultas e JSON, sem HTTP) e, com `--profile`, as
funções que mais custam (cProfile, tempo cumulativo). O custo fixo é o do cenário `1h raw, 1 ponto` menos o seu
SQL; o script também mede o mesmo SQL direto (sem Django), como o data_api.

Uso (da raiz; precisa da carga do `scripts/dev.sh bench data_api`):
    scripts/dev.sh bench request_profile [--iterations 300] [--profile] [--show-sql]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# data_api configura o Django (settings, sys.path do backend) ao ser importado: vem antes dos demais.
import data_api
import psycopg
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.core.bootstrap import with_database
from apps.timeseries import queries
from apps.timeseries.queries import Agg


def _timed(fn: Callable[[], Any], iterations: int) -> tuple[float, float, float]:
    """(p50, p95) do relógio de parede e a CPU média deste processo por chamada, em ms.

    A CPU separa o trabalho do Python (middleware, DRF, ORM, JSON) da espera por idas ao banco e pela fila de CPU
    de uma máquina disputada."""
    for _ in range(20):
        fn()
    samples = []
    cpu0 = time.process_time()
    for _ in range(iterations):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / iterations
    return statistics.median(samples), data_api.pct(samples, 0.95), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="cProfile do cenário 1h raw (top 30 cumulativo)")
    parser.add_argument("--show-sql", action="store_true", help="imprime os comandos SQL de cada cenário")
    args = parser.parse_args()

    db_name = f"{os.environ.get('TS_DB_NAME', 'traksense')}_bench_data"
    owner_url = with_database(os.environ["DATABASE_OWNER_URL"], db_name)
    api_url = with_database(os.environ["DATABASE_URL"], db_name)
    ids = data_api.existing(owner_url)
    if ids is None:
        raise SystemExit("sem carga: rode antes `scripts/dev.sh bench data_api --reload`")
    data_api._use_role(api_url, db_name)

    client = Client(HTTP_HOST="127.0.0.1")
    res = client.post(
        "/api/auth/token/",
        data=json.dumps({"username": "bench-viewer", "password": data_api.PASSWORD}),
        content_type="application/json",
    )
    assert res.status_code == 201, res.content
    headers = {"HTTP_AUTHORIZATION": f"Bearer {res.json()['token']}", "HTTP_X_TENANT": data_api.TENANT}
    end, device, points = ids["end"], ids["device"], ids["points"]
    scenarios = [
        ("1h raw, 1 ponto", Agg.RAW, points[:1], timedelta(hours=1)),
        ("24h@5m, 10 pontos", Agg.M5, points[:10], timedelta(hours=24)),
    ]
    direct = psycopg.connect(api_url, autocommit=True)
    # Calibração: quanto custa uma ida ao banco agora (SELECT 1), com a carga que a máquina tiver.
    rt50, rt95, _ = _timed(lambda: direct.execute("SELECT 1").fetchall(), args.iterations)
    print(f"ida ao banco (SELECT 1): p50 {rt50:.2f} / p95 {rt95:.2f} ms; load average {os.getloadavg()}")
    direct.autocommit = False
    for label, agg, pts, span in scenarios:
        params = {
            "device": str(device),
            "point": ",".join(str(p) for p in pts),
            "from": (end - span).isoformat(),
            "to": end.isoformat(),
            "agg": agg.value,
        }

        def request(params: dict[str, str] = params) -> None:
            resp = client.get("/api/data/points", params, **headers)
            assert resp.status_code == 200, resp.content

        request()
        with CaptureQueriesContext(connection) as captured:
            request()
        sql = [q["sql"] for q in captured.captured_queries]
        api50, api95, api_cpu = _timed(request, args.iterations)

        def via_sql(agg: Agg = agg, pts: list[Any] = pts, span: timedelta = span) -> None:
            with direct.transaction(), direct.cursor() as cur:
                cur.execute("SELECT set_config('app.tenant_id', %s, true)", [str(ids["tenant"])])
                if agg is Agg.RAW:
                    queries.raw_series(
                        cur, device_id=device, point_ids=pts, start=end - span, end=end, limit_per_point=50_001
                    )
                else:
                    queries.aggregated_series(
                        cur,
                        device_id=device,
                        point_ids=pts,
                        agg=agg,
                        start=end - span,
                        end=end,
                        tz="UTC",
                        use_hourly=True,
                        tails=queries.Tails(minute=timedelta(minutes=5), hour=timedelta(minutes=5)),
                    )

        sql50, sql95, sql_cpu = _timed(via_sql, args.iterations)
        print(
            f"{label}: {len(sql)} comandos SQL; em processo p50 {api50:.2f} / p95 {api95:.2f} ms "
            f"(CPU do processo {api_cpu:.2f} ms/req); SQL direto p50 {sql50:.2f} / p95 {sql95:.2f} ms "
            f"(CPU {sql_cpu:.2f} ms); diferença p50 {api50 - sql50:.2f} ms"
        )
        if args.show_sql:
            for q in sql:
                print("   ", " ".join(q.split())[:160])
        if args.profile and agg is Agg.RAW:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(args.iterations):
                request()
            prof.disable()
            stats = pstats.Stats(prof)
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(15)
            # Idas ao banco: quem chama a espera do psycopg (por requisição, em `ncalls`/iterações).
            stats.print_callers("psycopg/connection.py.*wait")
            # Onde está a CPU do projeto e das camadas (cumulativo, só o que passa por elas).
            stats.sort_stats("cumulative").print_stats(
                r"apps/|observability|serializers|renderers|logging/__init__|prometheus", 40
            )
    direct.close()


if __name__ == "__main__":
    main()
