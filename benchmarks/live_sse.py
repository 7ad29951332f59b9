"""Benchmark dos eventos ao vivo (não é teste): publicador do ingest → Redis Stream → uvicorn (SSE) → clientes.

Cenários, todos na mesma execução:
  A/B. latência publicação→cliente SSE (p50/p95) a ~1k e ~10k pontos/s. "Publicação" = o instante em que o
       ingest entrega o lote já gravado ao `LivePublisher.observe` (o `ts` da amostra é esse instante);
       "cliente" = o evento lido e decodificado por um cliente HTTP real (httpx) no stream SSE. Linha de
       base medida junto: um leitor XREAD direto no Redis (sem HTTP nem Django) no mesmo stream — a razão
       SSE/base mostra o custo do caminho HTTP; a janela de coalescência (`--window`) entra nos dois.
  C.   1.000 streams ociosos num processo ASGI: memória por stream (RSS do uvicorn antes/depois) e CPU do
       heartbeat (CPU do processo durante `--idle-seconds`, com heartbeat de 1 s para amplificar).
  D.   fan-out: um dispositivo (10 pontos a 10 Hz) para 100 clientes; latência de entrega p50/p95.

Os tickets são gravados direto no Redis (mesmo formato de `apps.live.tickets`): o ticket REST não é medido.
Usa o Redis do stack local num banco próprio (`--redis-db`, padrão 13), nunca o do `make up`.

Uso (raiz do repositório, stack no ar, .env carregado):
    set -a; . ./.env; set +a
    .venv/bin/python benchmarks/live_sse.py
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import httpx
import orjson
import redis
import redis.asyncio as aioredis

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BACKEND))

from apps.live.tickets import TicketGrant, ticket_key  # noqa: E402
from ingest.live import LivePublisher, LiveSettings, stream_key  # noqa: E402
from ingest.pipeline import Outcome  # noqa: E402
from ingest.registry import DeviceRoute, PointRoute, RegistrySnapshot  # noqa: E402
from testsupport import procstat  # noqa: E402
from testsupport.mqtt import free_port  # noqa: E402

OPEN_BATCH = 25


def redis_url(db: int) -> str:
    base = os.environ["REDIS_URL"].rsplit("/", 1)[0]
    return f"{base}/{db}"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


# --- servidor ------------------------------------------------------------------------------------


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("sem VmRSS")

    def cpu_s(self) -> float:
        proc = procstat.read(self.proc.pid)
        if proc is None:
            raise RuntimeError("servidor SSE saiu")
        return proc.cpu_s


def start_server(rurl: str, heartbeat: float) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "REDIS_URL": rurl,
        "PYTHONPATH": f"{REPO}{os.pathsep}{BACKEND}",
        "TS_SSE_HEARTBEAT_SECONDS": str(heartbeat),
        "TS_SSE_MAX_STREAMS_PER_USER": "100000",
        "TS_SSE_MAX_STREAMS_PER_TENANT": "100000",
        "TS_SSE_MAX_DEVICES": "1000",
    }
    log = (REPO / "var" / "bench-live-uvicorn.log").open("wb")
    cmd = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(  # noqa: S603 — comando fixo, sem entrada externa
        [*cmd, "--no-access-log"], cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    for _ in range(200):
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return Server(proc, port)
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("uvicorn não subiu (var/bench-live-uvicorn.log)")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(15)
    except subprocess.TimeoutExpired:
        server.proc.kill()


def mint_ticket(r: redis.Redis, tenant: uuid.UUID, devices: list[uuid.UUID], user_id: int) -> str:
    ticket = uuid.uuid4().hex + uuid.uuid4().hex
    grant = TicketGrant(user_id, f"bench-{user_id}", "viewer", str(tenant), "bench", [str(d) for d in devices])
    r.set(ticket_key(ticket), grant.to_json(), ex=120)
    return ticket


# --- clientes ------------------------------------------------------------------------------------


@dataclass
class Collector:
    latencies: list[float] = field(default_factory=list)
    received: int = 0
    recording: bool = False

    def event(self, data: bytes, now: float) -> None:
        doc = orjson.loads(data)
        self.received += 1
        if self.recording:
            for p in doc.get("points", ()):
                self.latencies.append(now - datetime.fromisoformat(p["ts"]).timestamp())


async def sse_reader(client: httpx.AsyncClient, url: str, sink: Collector, opened: asyncio.Event | None = None) -> None:
    async with client.stream("GET", url) as resp:
        if resp.status_code != 200:
            raise RuntimeError(f"stream recusado: {resp.status_code} {await resp.aread()!r}")
        if opened is not None:
            opened.set()
        data: bytes | None = None
        async for line in resp.aiter_lines():
            if line.startswith("data: "):
                data = line[6:].encode()
            elif line == "" and data is not None:
                sink.event(data, time.time())
                data = None


async def xread_reader(rurl: str, key: str, devices: set[bytes], sink: Collector) -> None:
    """Linha de base: o mesmo filtro do SSE, lendo direto do Redis (sem HTTP/Django)."""
    conn = aioredis.Redis.from_url(rurl, single_connection_client=True, socket_timeout=60)
    try:
        info = await conn.xinfo_stream(key)
        pos = info["last-generated-id"]
    except aioredis.ResponseError:
        pos = "0-0"
    try:
        while True:
            got = await conn.xread({key: pos}, count=500, block=1000)
            now = time.time()
            for _k, entries in got or ():
                for eid, f in entries:
                    pos = eid
                    if f[b"device"] in devices:
                        sink.event(f[b"data"], now)
    finally:
        await conn.aclose()


# --- carga ---------------------------------------------------------------------------------------


def fleet(n_dev: int, n_pts: int) -> list[tuple[uuid.UUID, list[uuid.UUID]]]:
    return [(uuid.uuid4(), [uuid.uuid4() for _ in range(n_pts)]) for _ in range(n_dev)]


def snapshot_for(tenant: uuid.UUID, devices: list[tuple[uuid.UUID, list[uuid.UUID]]]) -> RegistrySnapshot:
    routes = []
    for d, (dev_id, pts) in enumerate(devices):
        points = {f"p{i}": PointRoute(pid, f"p{i}", "float", "u", frozenset()) for i, pid in enumerate(pts)}
        routes.append(DeviceRoute(dev_id, tenant, "bench", "s", f"d{d}", "v1", True, MappingProxyType(points)))
    return RegistrySnapshot.build(routes)


async def drive(
    pub: LivePublisher,
    tenant: uuid.UUID,
    devices: list[tuple[uuid.UUID, list[uuid.UUID]]],
    rate: float,
    seconds: float,
    tick: float = 0.05,
) -> int:
    """Entrega ao publicador `rate` amostras/s (como lotes gravados a cada `tick`), em rodízio pelos pontos."""
    flat = [(dev, pid) for dev, pts in devices for pid in pts]
    per_tick = max(1, int(rate * tick))
    i = sent = 0
    start = time.monotonic()
    nxt = start
    while time.monotonic() - start < seconds:
        now = datetime.now(UTC)
        rows = []
        for _ in range(per_tick):
            dev, pid = flat[i % len(flat)]
            i += 1
            rows.append((tenant, dev, pid, now, float(i), None, None, "u", 0, None))
        pub.observe([Outcome(topic="bench", payload=b"", tenant_id=tenant, rows=rows)])
        sent += len(rows)
        nxt += tick
        await asyncio.sleep(max(0.0, nxt - time.monotonic()))
    return sent


def publisher_process(
    rurl: str,
    tenant: uuid.UUID,
    devices: list[tuple[uuid.UUID, list[uuid.UUID]]],
    rate: float,
    seconds: float,
    window: float,
    measuring: Any,
    result: Any,
) -> None:
    """O "ingest" do benchmark, em processo próprio (como em produção): aquecimento, sinal, carga medida."""
    snap = snapshot_for(tenant, devices)
    settings = LiveSettings(redis_url=rurl, window_s=window, maxlen=100_000, timeout_s=1.0)

    async def run() -> int:
        async with LivePublisher(settings, lambda: snap) as pub:
            await drive(pub, tenant, devices, rate, 2.0)
            measuring.set()
            sent = await drive(pub, tenant, devices, rate, seconds)
            await asyncio.sleep(0.5)
            return sent

    result.put(asyncio.run(run()))


async def run_publisher(
    rurl: str,
    tenant: uuid.UUID,
    devices: list[tuple[uuid.UUID, list[uuid.UUID]]],
    rate: float,
    seconds: float,
    window: float,
    on_measure: list[Collector],
) -> int:
    ctx = mp.get_context("spawn")
    measuring, result = ctx.Event(), ctx.Queue()
    proc = ctx.Process(target=publisher_process, args=(rurl, tenant, devices, rate, seconds, window, measuring, result))
    proc.start()
    await asyncio.to_thread(measuring.wait, 60)
    for c in on_measure:
        c.recording = True
    sent = await asyncio.to_thread(result.get, True, seconds + 60)
    await asyncio.to_thread(proc.join, 10)
    return int(sent)


async def scenario_latency(
    server: Server, rurl: str, rate: float, n_dev: int, n_pts: int, seconds: float, window: float
) -> dict[str, Any]:
    tenant = uuid.uuid4()
    devices = fleet(n_dev, n_pts)
    r = redis.Redis.from_url(rurl)
    dev_ids = [d for d, _ in devices]
    sse_sink, base_sink = Collector(), Collector()
    async with httpx.AsyncClient(timeout=httpx.Timeout(10, read=None)) as client:
        opened = asyncio.Event()
        url = f"{server.base}/api/stream?ticket={mint_ticket(r, tenant, dev_ids, 1)}"
        tasks = [
            asyncio.create_task(sse_reader(client, url, sse_sink, opened)),
            asyncio.create_task(xread_reader(rurl, stream_key(tenant), {str(d).encode() for d in dev_ids}, base_sink)),
        ]
        await asyncio.wait_for(opened.wait(), 10)
        sent = await run_publisher(rurl, tenant, devices, rate, seconds, window, [sse_sink, base_sink])
        await asyncio.sleep(1.0)
        for t in tasks:
            t.cancel()
        report_errors(await asyncio.gather(*tasks, return_exceptions=True))
    r.delete(stream_key(tenant))
    return {
        "rate": rate,
        "samples": sent,
        "events": sse_sink.received,
        "sse": (pct(sse_sink.latencies, 50), pct(sse_sink.latencies, 95), len(sse_sink.latencies)),
        "base": (pct(base_sink.latencies, 50), pct(base_sink.latencies, 95), len(base_sink.latencies)),
    }


async def scenario_idle(server: Server, rurl: str, streams: int, seconds: float) -> dict[str, Any]:
    tenant = uuid.uuid4()
    dev = uuid.uuid4()
    r = redis.Redis.from_url(rurl)
    rss0 = server.rss_kib()
    conns0 = len(r.client_list())
    sink = Collector()
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=httpx.Timeout(120, read=None), limits=limits) as client:
        tasks = []
        # Abertura em lotes concorrentes (cada abertura passa pelo middleware de tenant, com consulta ao banco).
        for start in range(0, streams, OPEN_BATCH):
            waits = []
            for i in range(start, min(streams, start + OPEN_BATCH)):
                opened = asyncio.Event()
                url = f"{server.base}/api/stream?ticket={mint_ticket(r, tenant, [dev], 1000 + i)}"
                tasks.append(asyncio.create_task(sse_reader(client, url, sink, opened)))
                waits.append(opened.wait())
            await asyncio.wait_for(asyncio.gather(*waits), 180)
        await asyncio.sleep(2.0)
        rss1 = server.rss_kib()
        conns1 = len(r.client_list())
        cpu0, t0 = server.cpu_s(), time.monotonic()
        await asyncio.sleep(seconds)
        cpu1, t1 = server.cpu_s(), time.monotonic()
        for t in tasks:
            t.cancel()
        report_errors(await asyncio.gather(*tasks, return_exceptions=True))
    await asyncio.sleep(2.0)
    conns2 = len(r.client_list())
    return {
        "streams": streams,
        "rss_before_mib": rss0 / 1024,
        "rss_after_mib": rss1 / 1024,
        "kib_per_stream": (rss1 - rss0) / streams,
        "redis_conns_open": conns1 - conns0,
        "redis_conns_after_close": conns2 - conns0,
        "cpu_pct": 100 * (cpu1 - cpu0) / (t1 - t0),
        "seconds": t1 - t0,
    }


async def scenario_fanout(server: Server, rurl: str, clients: int, seconds: float, window: float) -> dict[str, Any]:
    tenant = uuid.uuid4()
    devices = fleet(1, 10)
    dev_ids = [devices[0][0]]
    r = redis.Redis.from_url(rurl)
    sink, base = Collector(), Collector()
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30, read=None), limits=limits) as client:
        # Linha de base: um leitor XREAD direto (publicador → Redis), sem o fan-out HTTP.
        tasks = [asyncio.create_task(xread_reader(rurl, stream_key(tenant), {str(dev_ids[0]).encode()}, base))]
        for i in range(clients):
            opened = asyncio.Event()
            url = f"{server.base}/api/stream?ticket={mint_ticket(r, tenant, dev_ids, 5000 + i)}"
            tasks.append(asyncio.create_task(sse_reader(client, url, sink, opened)))
            await asyncio.wait_for(opened.wait(), 30)
        sent = await run_publisher(rurl, tenant, devices, 100, seconds, window, [sink, base])
        await asyncio.sleep(1.0)
        for t in tasks:
            t.cancel()
        report_errors(await asyncio.gather(*tasks, return_exceptions=True))
    r.delete(stream_key(tenant))
    return {
        "clients": clients,
        "samples": sent,
        "deliveries": len(sink.latencies) // 10,
        "p50": pct(sink.latencies, 50),
        "p95": pct(sink.latencies, 95),
        "base_p50": pct(base.latencies, 50),
        "base_p95": pct(base.latencies, 95),
    }


def report_errors(results: list[Any]) -> None:
    """Leitor que morreu antes do fim aparece no stderr (senão viraria só 'nan' na tabela)."""
    for res in results:
        if isinstance(res, BaseException) and not isinstance(res, asyncio.CancelledError):
            print(f"leitor falhou: {res!r}", file=sys.stderr)


def ms(v: float) -> str:
    return f"{v * 1000:.0f}"


def report_latency(lat: list[dict[str, Any]]) -> str:
    lines = [
        "| carga (pontos/s) | amostras | eventos SSE | SSE p50 (ms) | SSE p95 (ms) | base XREAD p50 (ms) "
        "| base XREAD p95 (ms) | SSE/base (p95) | alvo p95 | ok |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in lat:
        s50, s95, _ = r["sse"]
        b50, b95, _ = r["base"]
        ok = "sim" if s95 <= 0.300 else "não"
        lines.append(
            f"| {r['rate']:,.0f} | {r['samples']:,} | {r['events']:,} | {ms(s50)} | {ms(s95)} | {ms(b50)} | {ms(b95)} "
            f"| {s95 / b95:.2f}× | ≤ 300 | {ok} |"
        )
    return "\n".join(lines)


def report_idle(idle: dict[str, Any], args: argparse.Namespace) -> str:
    return "\n".join(
        [
            f"Streams ociosos ({idle['streams']:,}, heartbeat de {args.idle_heartbeat:g} s, "
            f"{idle['seconds']:.0f} s medidos):",
            "",
            "| RSS uvicorn antes (MiB) | RSS com os streams (MiB) | KiB por stream | conexões Redis abertas "
            "| conexões Redis após fechar | CPU do uvicorn (% de 1 núcleo) |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {idle['rss_before_mib']:.0f} | {idle['rss_after_mib']:.0f} | {idle['kib_per_stream']:.0f} "
            f"| {idle['redis_conns_open']:,} | {idle['redis_conns_after_close']} | {idle['cpu_pct']:.1f} |",
        ]
    )


def report_fanout(fan: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"Fan-out: 1 dispositivo (10 pontos a 10 Hz = 100 amostras/s) para {fan['clients']} clientes:",
            "",
            "| amostras publicadas | entregas (eventos × clientes) | SSE p50 (ms) | SSE p95 (ms) "
            "| base XREAD p50 (ms) | base XREAD p95 (ms) | SSE/base (p95) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {fan['samples']:,} | {fan['deliveries']:,} | {ms(fan['p50'])} | {ms(fan['p95'])} "
            f"| {ms(fan['base_p50'])} | {ms(fan['base_p95'])} | {fan['p95'] / fan['base_p95']:.2f}× |",
        ]
    )


async def amain(args: argparse.Namespace) -> None:
    rurl = redis_url(args.redis_db)
    redis.Redis.from_url(rurl).flushdb()
    server = start_server(rurl, heartbeat=15.0)
    try:
        lat = [
            await scenario_latency(server, rurl, 1_000, 100, 10, args.seconds, args.window),
            await scenario_latency(server, rurl, 10_000, 100, 100, args.seconds, args.window),
        ]
        print(report_latency(lat), flush=True)
        fan = await scenario_fanout(server, rurl, args.fanout, args.seconds, args.window)
        print(report_fanout(fan), flush=True)
    finally:
        stop_server(server)
    if args.idle:
        server = start_server(rurl, heartbeat=args.idle_heartbeat)
        try:
            idle = await scenario_idle(server, rurl, args.idle, args.idle_seconds)
        finally:
            stop_server(server)
        print(report_idle(idle, args), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0, help="duração medida de cada cenário de carga")
    ap.add_argument("--window", type=float, default=0.1, help="janela de coalescência do publicador (s)")
    ap.add_argument("--idle", type=int, default=1000, help="streams ociosos")
    ap.add_argument("--idle-seconds", type=float, default=30.0)
    ap.add_argument("--idle-heartbeat", type=float, default=15.0)
    ap.add_argument("--fanout", type=int, default=100)
    ap.add_argument("--redis-db", type=int, default=13)
    args = ap.parse_args()
    (REPO / "var").mkdir(exist_ok=True)
    asyncio.run(amain(args))
    print(json.dumps({"window_s": args.window, "seconds": args.seconds}), file=sys.stderr)


if __name__ == "__main__":
    main()
