"""Benchmark ponta a ponta do ingest (não é teste): publicador → Mosquitto → `python -m ingest` → TimescaleDB.

Mede, na mesma execução e na mesma tabela (ts_measure, mesmos índices):
  A. vazão sustentada ponta a ponta (pontos/s), mensagens v1 com `--points` pontos cada;
  B. latência publicação→commit (p50/p99) a ~50% da vazão medida em A (histograma ingest_lag_seconds);
  C. teto de COPY cru direto em ts_measure (papel dono, sem tabela temporária nem ON CONFLICT);
  D. a abordagem do esqueleto da especificação: um INSERT (executemany) por mensagem, SET do tenant por mensagem.

Uso (raiz do repositório; sobe o stack, migra e ajusta PYTHONPATH):
    scripts/dev.sh bench ingest_e2e --messages 6000 --points 100
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import paho.mqtt.client as paho
import psycopg
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "backend"))

from contracts.mqtt import V1Envelope  # noqa: E402
from contracts.topics import topic as contract_topic  # noqa: E402
from contracts.topics import topic_base  # noqa: E402
from testsupport.mqtt import drop_ingest_session, dynsec, free_port  # noqa: E402

BENCH_TENANT = uuid.UUID("00000000-0000-4000-8000-0000000b3c11")


def owner_url() -> str:
    return os.environ["DATABASE_OWNER_URL"]


Route = tuple[str, list[uuid.UUID], uuid.UUID]


def setup_routes(
    devices: int,
    points: int,
    *,
    tenant_id: uuid.UUID = BENCH_TENANT,
    tenant_slug: str = "bench",
    prefix: str = "bench",
) -> list[Route]:
    """Cria (ou recria) os dispositivos de um benchmark no registro (pontos float) e limpa a telemetria anterior.

    Também usado por `ingest_small.py` (outro tenant, para os dois não apagarem os dados um do outro)."""
    out: list[Route] = []
    with psycopg.connect(owner_url()) as conn:
        conn.execute(
            "DELETE FROM public.registry_point_route WHERE device_id IN"
            " (SELECT device_id FROM public.registry_device_route WHERE tenant_id = %s)",
            (tenant_id,),
        )
        conn.execute("DELETE FROM public.registry_device_route WHERE tenant_id = %s", (tenant_id,))
        conn.execute("DELETE FROM public.ts_measure WHERE tenant_id = %s", (tenant_id,))
        for d in range(devices):
            dev_id = uuid.uuid4()
            slug = f"{prefix}-{d:03d}"
            conn.execute(
                "INSERT INTO public.registry_device_route (device_id, tenant_id, tenant_slug, site_slug, device_slug,"
                " adapter, is_active, updated_at) VALUES (%s, %s, %s, 'site', %s, 'v1', true, now())",
                (dev_id, tenant_id, tenant_slug, slug),
            )
            pids = []
            for p in range(points):
                pid = uuid.uuid4()
                conn.execute(
                    "INSERT INTO public.registry_point_route (point_id, device_id, name, value_type, unit, enum_values)"
                    " VALUES (%s, %s, %s, 'float', '', '[]')",
                    (pid, dev_id, f"p{p:03d}"),
                )
                pids.append(pid)
            out.append((contract_topic(topic_base(tenant_slug, "site", slug), "telem"), pids, dev_id))
    return out


def make_payload(ts: datetime, points: int, seed: int) -> bytes:
    """Envelope `v1` do contrato (validado uma vez por forma, fora do laço medido: ver `main`)."""
    pts = [{"name": f"p{p:03d}", "t": "float", "v": seed + p * 0.001} for p in range(points)]
    return json.dumps({"schema": "v1", "ts": ts.isoformat().replace("+00:00", "Z"), "points": pts}).encode()


def check_payload_contract(points: int) -> None:
    """O payload do benchmark é o envelope do contrato (falha antes de medir se divergir)."""
    V1Envelope.model_validate_json(make_payload(datetime.now(UTC), points, 1))


class Pub:
    def __init__(self, user: str, password: str) -> None:
        self.c = paho.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=f"bench-pub-{uuid.uuid4().hex[:6]}",
            protocol=MQTTProtocolVersion.MQTTv5,
        )
        self.c.username_pw_set(user, password)
        self.c.max_inflight_messages_set(500)
        self.c.max_queued_messages_set(0)
        self.c.connect(os.environ["MQTT_HOST"], int(os.environ["MQTT_PORT"]))
        self.c.loop_start()

    def send_all(self, items: list[tuple[str, bytes]], rate: float | None = None) -> None:
        start = time.monotonic()
        infos = []
        for i, (topic, payload) in enumerate(items):
            if rate:
                wait = start + i / rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            infos.append(self.c.publish(topic, payload, qos=1))
        for info in infos:
            info.wait_for_publish(60)

    def close(self) -> None:
        self.c.loop_stop()
        self.c.disconnect()


def metrics(port: int) -> dict[str, float]:
    out: dict[str, float] = {}
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        for line in r.read().decode().splitlines():
            if line and not line.startswith("#"):
                k, v = line.rsplit(" ", 1)
                out[k] = float(v)
    return out


def quantile(before: dict[str, float], after: dict[str, float], name: str, q: float) -> float:
    """Quantil por interpolação linear nos buckets do histograma (diferença entre duas leituras)."""
    buckets = []
    for k, v in after.items():
        if k.startswith(name + "_bucket{"):
            le = k.split('le="')[1].split('"')[0]
            bound = float("inf") if le == "+Inf" else float(le)
            buckets.append((bound, v - before.get(k, 0.0)))
    buckets.sort()
    total = buckets[-1][1]
    target = q * total
    prev_b, prev_c = 0.0, 0.0
    for b, c in buckets:
        if c >= target:
            if b == float("inf"):
                return prev_b
            return prev_b + (b - prev_b) * ((target - prev_c) / max(c - prev_c, 1e-9))
        prev_b, prev_c = b, c
    return prev_b


def wait_rows(port: int, target: float) -> float:
    while True:
        m = metrics(port)
        if m.get("ingest_rows_written_total", 0.0) >= target:
            return time.monotonic()
        time.sleep(0.05)


async def copy_ceiling(routes: list[tuple[str, list[uuid.UUID], uuid.UUID]], rows_total: int, batch: int) -> float:
    conn = await asyncpg.connect(owner_url())
    try:
        base = datetime.now(UTC) - timedelta(hours=3)
        cols = ("tenant_id", "device_id", "point_id", "ts", "v_num", "v_bool", "v_text", "unit", "qual", "meta")
        records = []
        i = 0
        while len(records) < rows_total:
            _, pids, dev = routes[i % len(routes)]
            ts = base + timedelta(milliseconds=i)
            records.extend((BENCH_TENANT, dev, pid, ts, float(i), None, None, None, 0, None) for pid in pids)
            i += 1
        t0 = time.monotonic()
        for k in range(0, len(records), batch):
            async with conn.transaction():
                await conn.copy_records_to_table("ts_measure", records=records[k : k + batch], columns=cols)
        return len(records) / (time.monotonic() - t0)
    finally:
        await conn.close()


async def per_message_insert(routes: list[tuple[str, list[uuid.UUID], uuid.UUID]], messages: int) -> float:
    """O esqueleto da especificação: por mensagem, uma conexão do pool, SET do tenant e executemany."""
    pool = await asyncpg.create_pool(os.environ["INGEST_DATABASE_URL"], min_size=1, max_size=2)
    try:
        base = datetime.now(UTC) - timedelta(hours=5)
        t0 = time.monotonic()
        n = 0
        for i in range(messages):
            _, pids, dev = routes[i % len(routes)]
            ts = base + timedelta(milliseconds=i)
            rows = [(BENCH_TENANT, dev, pid, ts, float(i), None, None, None, None) for pid in pids]
            async with pool.acquire() as con, con.transaction():
                await con.execute("SELECT set_config('app.tenant_id', $1, true)", str(BENCH_TENANT))
                await con.executemany(
                    "INSERT INTO public.tenant_ts_measure(tenant_id,device_id,point_id,ts,v_num,v_bool,v_text,"
                    "unit,meta) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                    rows,
                )
            n += len(rows)
        return n / (time.monotonic() - t0)
    finally:
        await pool.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=6000, help="mensagens na fase A")
    ap.add_argument("--points", type=int, default=100, help="pontos por mensagem")
    ap.add_argument("--devices", type=int, default=20)
    ap.add_argument("--latency-seconds", type=float, default=20.0, help="duração da fase B")
    ap.add_argument("--publishers", type=int, default=2)
    args = ap.parse_args()

    check_payload_contract(args.points)
    routes = setup_routes(args.devices, args.points)
    user, password, role = f"bench-{uuid.uuid4().hex[:6]}", uuid.uuid4().hex, f"bench-role-{uuid.uuid4().hex[:6]}"
    dynsec(
        [
            {"command": "createRole", "rolename": role},
            {
                "command": "addRoleACL",
                "rolename": role,
                "acltype": "publishClientSend",
                "topic": "traksense/#",
                "allow": True,
            },
            {"command": "createClient", "username": user, "password": password},
            {"command": "addClientRole", "username": user, "rolename": role},
        ]
    )
    port = free_port()
    env = {
        **os.environ,
        "TS_INGEST_CLIENT_ID": f"bench-ingest-{uuid.uuid4().hex[:6]}",
        "TS_INGEST_SHARE_GROUP": f"bench-{uuid.uuid4().hex[:6]}",
        "TS_INGEST_HEALTH_PORT": str(port),
        "TS_INGEST_LOG_LEVEL": "WARNING",
    }
    ing = subprocess.Popen([sys.executable, "-m", "ingest"], cwd=REPO, env=env)
    try:
        while True:
            try:
                if json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").read())["healthy"]:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        time.sleep(1)

        # --- A: vazão sustentada -----------------------------------------------------------
        base = datetime.now(UTC) - timedelta(minutes=4)
        items = []
        for i in range(args.messages):
            topic, _, _ = routes[i % len(routes)]
            items.append((topic, make_payload(base + timedelta(milliseconds=i), args.points, i)))
        shards = [items[k :: args.publishers] for k in range(args.publishers)]
        pubs = [Pub(user, password) for _ in shards]
        target = args.messages * args.points
        t0 = time.monotonic()
        threads = [threading.Thread(target=p.send_all, args=(s,)) for p, s in zip(pubs, shards, strict=True)]
        for t in threads:
            t.start()
        t_done = wait_rows(port, target)
        for t in threads:
            t.join()
        throughput = target / (t_done - t0)

        # --- B: latência a ~50% da vazão ---------------------------------------------------
        rate_msgs = throughput * 0.5 / args.points
        n_b = int(rate_msgs * args.latency_seconds)
        before = metrics(port)
        written_before = before["ingest_rows_written_total"]
        start_b = datetime.now(UTC)
        items_b = []
        for i in range(n_b):
            topic, _, _ = routes[i % len(routes)]
            items_b.append((topic, i))

        def paced(pub: Pub, my: list[tuple[str, int]], rate: float) -> None:
            t_start = time.monotonic()
            infos = []
            for j, (topic, i) in enumerate(my):
                wait = t_start + j / rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                # ts = instante da publicação: o histograma ingest_lag_seconds mede publicação→commit.
                infos.append(pub.c.publish(topic, make_payload(datetime.now(UTC), args.points, 10_000_000 + i), qos=1))
            for info in infos:
                info.wait_for_publish(60)

        shards_b = [items_b[k :: args.publishers] for k in range(args.publishers)]
        threads = [
            threading.Thread(target=paced, args=(p, s, rate_msgs / args.publishers))
            for p, s in zip(pubs, shards_b, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wait_rows(port, written_before + n_b * args.points)
        after = metrics(port)
        p50 = quantile(before, after, "ingest_lag_seconds", 0.50)
        p99 = quantile(before, after, "ingest_lag_seconds", 0.99)
        _ = start_b
        for p in pubs:
            p.close()
    finally:
        ing.terminate()
        ing.wait(60)
        # Apaga a sessão persistente do ingest do benchmark: senão ela seguiria acumulando no broker toda a
        # telemetria publicada depois (até max_queued_messages) e pesaria nos benchmarks seguintes.
        drop_ingest_session(env["TS_INGEST_CLIENT_ID"])

    # --- C e D: mesmos dados, mesma tabela, mesma execução ---------------------------------
    copy_rows_s = asyncio.run(copy_ceiling(routes, min(target, 1_000_000), 10_000))
    skel_rows_s = asyncio.run(per_message_insert(routes, 300))

    dynsec([{"command": "deleteClient", "username": user}, {"command": "deleteRole", "rolename": role}])
    print(
        json.dumps(
            {
                "messages": args.messages,
                "points_per_message": args.points,
                "e2e_points_per_s": round(throughput),
                "latency_rate_points_per_s": round(rate_msgs * args.points),
                "latency_p50_s": round(p50, 3),
                "latency_p99_s": round(p99, 3),
                "raw_copy_rows_per_s": round(copy_rows_s),
                "skeleton_insert_rows_per_s": round(skel_rows_s),
                "e2e_vs_copy": round(throughput / copy_rows_s, 3),
                "e2e_vs_skeleton": round(throughput / skel_rows_s, 1),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
