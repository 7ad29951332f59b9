"""Benchmark de `GET /api/fleet/summary` (issue 17) com uma frota de 10.000 dispositivos.

Carga num banco dedicado (`<TS_DB_NAME>_bench_fleet`), por SQL como papel dono (criar 10.000 dispositivos pela
função de serviço levaria dezenas de minutos e não é o que se mede aqui): 100 sites, metade inversores
(`inverter_v1_parsec`, 2 pontos enum) e metade chillers (`chiller_v1`, 1 ponto enum), todos os pontos do
catálogo; 2% desativados; conectividade para 90% (80% deles online); 3 amostras por ponto enum em 95% dos
dispositivos (a última vale); 1.000 alertas abertos e 2.000 normalizados.

"Pela API" = HTTP real ao gunicorn do `make up` (2 workers gthread × 4 threads, iniciado pelo script, como em
benchmarks/data_api.py): Bearer, middleware de tenant, papel, transação com app.tenant_id, 3 consultas e JSON.
Linha de base na mesma execução: as mesmas 3 consultas (`apps.devices.fleet`) numa conexão psycopg com o papel
da API, na transação com app.tenant_id e o search_path do tenant — a diferença é o custo do caminho HTTP/Django.

Uso (da raiz; sobe os serviços de dev):
    scripts/dev.sh bench fleet_summary [--reload] [--devices 10000] [--iterations 100]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
from data_api import Api, _log, _use_role, get_json, measure
from django.core.management import call_command

from apps.core.bootstrap import bootstrap_from_env, with_database
from apps.devices import fleet

TENANT = "bench"
PASSWORD = "senha-de-benchmark-123"  # noqa: S105 — banco de benchmark local e descartável

_LOAD_SQL = """
INSERT INTO sites_site (slug, name, timezone, created_at)
    SELECT 'site-' || i, 'Site ' || i, 'America/Sao_Paulo', now() FROM generate_series(0, 99) AS i;

INSERT INTO devices_device (id, site_id, template_id, slug, name, topic_base, mqtt_username, provisioning_status,
                            provisioning_error, created_at, decommissioned_at)
    SELECT gen_random_uuid(), s.id, t.id, 'd-' || i, 'Dev ' || i,
           'traksense/bench/site-' || (i %% 100) || '/d-' || i, 'bench.site-' || (i %% 100) || '.d-' || i,
           'provisioned', '', now(), CASE WHEN i %% 50 = 0 THEN now() END
    FROM generate_series(0, %(devices)s - 1) AS i
    JOIN sites_site AS s ON s.slug = 'site-' || (i %% 100)
    JOIN public.catalog_devicetemplate AS t
        ON t.slug = CASE WHEN i %% 2 = 0 THEN 'inverter_v1_parsec' ELSE 'chiller_v1' END;

INSERT INTO devices_point (id, device_id, name, label, value_type, unit, enum_values, polarity, is_contracted)
    SELECT gen_random_uuid(), d.id, pt.name, pt.label, pt.value_type, pt.unit, pt.enum_values, pt.polarity, true
    FROM devices_device AS d
    JOIN public.catalog_pointtemplate AS pt ON pt.device_template_id = d.template_id;

INSERT INTO public.device_status (tenant_id, device_id, online, last_seen)
    SELECT %(tenant)s, d.id, (hashtext(d.slug) %% 5) <> 0, now()
    FROM devices_device AS d
    WHERE hashtext(d.slug || 'status') %% 10 <> 0;

INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_text)
    SELECT %(tenant)s, p.device_id, p.id, now() - make_interval(hours => h),
           p.enum_values ->> (abs(hashtext(p.id::text || h)) %% jsonb_array_length(p.enum_values))
    FROM devices_point AS p
    JOIN devices_device AS d ON d.id = p.device_id
    CROSS JOIN generate_series(1, 3) AS h
    WHERE p.value_type = 'enum' AND hashtext(d.slug || 'data') %% 20 <> 0;

INSERT INTO public.alert (id, tenant_id, device_id, rule_id, rule_kind, state, severity, message, started_at,
                          cleared_at)
    SELECT gen_random_uuid(), %(tenant)s, d.id, gen_random_uuid(), 'threshold',
           CASE WHEN n <= 1000 THEN 'active_unack' ELSE 'cleared_unack' END,
           (ARRAY['critical', 'major', 'minor', 'warning'])[1 + n %% 4], 'bench', now(),
           CASE WHEN n > 1000 THEN now() END
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM devices_device) AS d
    WHERE n <= 3000;
"""


def load(db_name: str, owner_url: str, devices: int) -> None:
    from apps.tenancy.choices import TenantRole
    from apps.tenancy.services import MemberSpec, create_tenant

    bootstrap_from_env(db_name=db_name, recreate=True)
    _use_role(os.environ["DATABASE_OWNER_URL"], db_name)
    call_command("migrate_all", verbosity=0)
    call_command("seed_catalog", verbosity=0)
    tenant = create_tenant(
        slug=TENANT, name="Benchmark", members=[MemberSpec("bench-viewer", PASSWORD, TenantRole.VIEWER)]
    )
    call_command("migrate_all", verbosity=0)
    t0 = time.perf_counter()
    with psycopg.connect(owner_url) as conn:
        with conn.transaction():
            conn.execute(f"SET LOCAL search_path TO {tenant.schema_name}, public")
            for statement in filter(str.strip, _LOAD_SQL.split(";\n")):
                conn.execute(statement, {"devices": devices, "tenant": tenant.tenant_id})
        for table in ("ts_measure", "device_status", "alert"):
            conn.execute(f"ANALYZE public.{table}")
        conn.execute(f"ANALYZE {tenant.schema_name}.devices_device, {tenant.schema_name}.devices_point")
    _log(f"carga de {devices} dispositivos: {time.perf_counter() - t0:.1f}s")


def tenant_ids(owner_url: str) -> tuple[Any, str] | None:
    try:
        with psycopg.connect(owner_url) as conn:
            row = conn.execute("SELECT uuid, schema_name FROM tenancy_tenant WHERE slug = %s", [TENANT]).fetchone()
            if row is None:
                return None
            count = conn.execute(f"SELECT count(*) FROM {row[1]}.devices_device").fetchone()[0]
    except psycopg.Error:
        return None
    return (row[0], row[1]) if count else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reload", action="store_true", help="recria o banco de benchmark e recarrega")
    parser.add_argument("--devices", type=int, default=10_000)
    parser.add_argument("--iterations", type=int, default=100)
    args = parser.parse_args()

    db_name = f"{os.environ.get('TS_DB_NAME', 'traksense')}_bench_fleet"
    owner_url = with_database(os.environ["DATABASE_OWNER_URL"], db_name)
    api_url = with_database(os.environ["DATABASE_URL"], db_name)
    ids = None if args.reload else tenant_ids(owner_url)
    if ids is None:
        load(db_name, owner_url, args.devices)
        ids = tenant_ids(owner_url)
        assert ids is not None
    else:
        _log("reaproveitando a carga existente (use --reload para recarregar)")
    tenant_uuid, schema = ids
    with psycopg.connect(owner_url) as conn:
        n_devices = conn.execute(f"SELECT count(*) FROM {schema}.devices_device").fetchone()[0]
        n_enum = conn.execute(f"SELECT count(*) FROM {schema}.devices_point WHERE value_type = 'enum'").fetchone()[0]

    api = Api(api_url)
    try:
        conn = api.connection()
        conn.request(
            "POST",
            "/api/auth/token/",
            body=f'{{"username": "bench-viewer", "password": "{PASSWORD}"}}',
            headers={"Content-Type": "application/json"},
        )
        res = conn.getresponse()
        token = __import__("json").loads(res.read())["token"]
        headers = {"Authorization": f"Bearer {token}", "X-Tenant": TENANT}
        body = get_json(conn, "/api/fleet/summary", headers)
        assert body["totals"]["devices"] == n_devices, body["totals"]

        direct = psycopg.connect(api_url)

        def via_sql() -> None:
            with direct.transaction(), direct.cursor() as cur:
                cur.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant_uuid)])
                cur.execute(f"SET LOCAL search_path TO {schema}, public")
                for sql in (fleet._DEVICES_SQL, fleet._STATES_SQL, fleet._ALERTS_SQL):
                    cur.execute(sql)
                    cur.fetchall()

        api50, api95 = measure(lambda: get_json(conn, "/api/fleet/summary", headers), args.iterations, warmup=5)
        sql50, sql95 = measure(via_sql, args.iterations, warmup=5)
        direct.close()
        conn.close()
    finally:
        api.stop()
    load_avg = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"dispositivos: {n_devices}; pontos enum: {n_enum}; totals={body['totals']}")
    print(f"alertas abertos: {body['alerts_open']}; estados: {body['states']}")
    print("| medida | p50 (ms) | p95 (ms) |")
    print("|---|---:|---:|")
    print(f"| API HTTP `GET /api/fleet/summary` | {api50:.1f} | {api95:.1f} |")
    print(f"| SQL direto (as 3 consultas, papel da API) | {sql50:.1f} | {sql95:.1f} |")
    print(f"| API / SQL (p50) | {api50 / sql50:.2f}× | |")
    print(f"load average (1, 5, 15 min) no fim: {load_avg}")


if __name__ == "__main__":
    main()
