"""Benchmark do ingest com mensagens pequenas (não é teste): backlog de 1 ponto, ao vivo com 3 e 100 pontos.

Mede, na mesma execução e na mesma tabela (ts_measure, índices de produção):
  copy     teto de COPY cru direto em ts_measure (papel dono, lotes de 10k, sem tabela temporária nem
           ON CONFLICT) — a referência para as razões;
  backlog  mensagens v1 de 1 ponto enfileiradas no broker com o ingest parado (sessões persistentes já
           criadas), nenhum publicador rodando; o ingest sobe e drena: mensagens/s do primeiro ao último
           commit;
  live3    mensagens v1 de 3 pontos publicadas ao vivo por `mosquitto_pub -l` (C, um processo por
           dispositivo, QoS 1, sem ritmo: o mais rápido possível) com o ingest rodando: pontos/s do início
           da publicação ao último commit;
  live100  idem com 100 pontos por mensagem (o cenário de `ingest_e2e.py`, para ver que não regrediu).

Em toda fase a contagem final de linhas no banco (como dono) tem de ser exatamente a publicada: nada perdido,
nada duplicado (o script falha se não for). A vazão usa `ingest_rows_written_total` (linhas confirmadas
no banco) só para marcar o instante do último commit sem pesar no banco com `count(*)` repetido.

Publicador: `mosquitto_pub` do pacote Debian `mosquitto-clients` (o publicador Python custaria ~300 µs de
CPU por mensagem na mesma máquina e seria ele o gargalo).

Uso (raiz do repositório; sobe o stack, migra e ajusta PYTHONPATH):
    scripts/dev.sh bench ingest_small --processes 2
    # o ingest de outra revisão (ex.: antes desta mudança), extraído com git archive:
    mkdir -p /tmp/ingest-old && git archive c3f4ca2 ingest | tar -x -C /tmp/ingest-old
    scripts/dev.sh bench ingest_small --processes 1 --ingest-src /tmp/ingest-old
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import psycopg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Mesmo registro de dispositivos do benchmark ponta a ponta (este script roda de benchmarks/).
from ingest_e2e import setup_routes as setup_bench_routes  # noqa: E402

from testsupport import procstat  # noqa: E402
from testsupport.mqtt import drop_ingest_session, dynsec, free_port  # noqa: E402

BENCH_TENANT = uuid.UUID("00000000-0000-4000-8000-0000000b3c12")
POINTS_PER_DEVICE = 100
HANG_GUARD_S = 600.0

Route = tuple[str, list[uuid.UUID], uuid.UUID]


def owner_url() -> str:
    return os.environ["DATABASE_OWNER_URL"]


def setup_routes(devices: int) -> list[Route]:
    """(Re)cria os dispositivos do benchmark no registro (100 pontos float cada) e limpa a telemetria."""
    return setup_bench_routes(
        devices, POINTS_PER_DEVICE, tenant_id=BENCH_TENANT, tenant_slug="benchsmall", prefix="small"
    )


def count_rows() -> int:
    with psycopg.connect(owner_url()) as conn:
        row = conn.execute("SELECT count(*) FROM public.ts_measure WHERE tenant_id = %s", (BENCH_TENANT,)).fetchone()
        assert row is not None
        return int(row[0])


def payload_line(ts: datetime, points: int, seed: int) -> str:
    pts = ",".join(f'{{"name":"p{p:03d}","t":"float","v":{seed + p * 0.001}}}' for p in range(points))
    return f'{{"schema":"v1","ts":"{ts.strftime("%Y-%m-%dT%H:%M:%S.%f")}Z","points":[{pts}]}}'


def write_inputs(tmp: Path, routes: list[Route], messages: int, points: int, base: datetime, tag: str) -> list[Path]:
    """Um arquivo por dispositivo, uma mensagem por linha (entrada do `mosquitto_pub -l`); ts único por linha."""
    files = []
    per_dev = messages // len(routes)
    for d, _route in enumerate(routes):
        path = tmp / f"{tag}-{d:03d}.jsonl"
        with path.open("w") as f:
            for i in range(per_dev):
                f.write(payload_line(base + timedelta(milliseconds=i), points, d * 1_000_000 + i) + "\n")
        files.append(path)
    return files


class Publishers:
    """Um `mosquitto_pub -l` por dispositivo; `wait()` só volta quando todos saíram com sucesso (cada um sai
    depois do PUBACK da última mensagem)."""

    def __init__(self, user: str, password: str, routes: list[Route], files: list[Path]) -> None:
        exe = shutil.which("mosquitto_pub")
        if exe is None:
            raise SystemExit("mosquitto_pub não encontrado: apt-get install mosquitto-clients")
        self.procs: list[subprocess.Popen[bytes]] = []
        for (topic, _, _), path in zip(routes, files, strict=True):
            cmd = [exe, "-h", os.environ["MQTT_HOST"], "-p", os.environ["MQTT_PORT"], "-u", user, "-P", password]
            cmd += ["-q", "1", "-M", "200", "-t", topic, "-l", "-i", f"bench-small-pub-{uuid.uuid4().hex[:8]}"]
            # Argumentos montados aqui (executável achado no PATH, credenciais geradas pelo script).
            self.procs.append(subprocess.Popen(cmd, stdin=path.open("rb"), stderr=subprocess.PIPE))  # noqa: S603

    def wait(self) -> None:
        for p in self.procs:
            _, err = p.communicate(timeout=HANG_GUARD_S)
            if p.returncode != 0:
                raise SystemExit(f"mosquitto_pub falhou ({p.returncode}): {err.decode(errors='replace')}")


class Ingest:
    """`python -m ingest` (ou o supervisor com `--processes N`) como subprocesso."""

    def __init__(self, src: Path, processes: int, tag: str) -> None:
        self.src = src
        self.processes = processes
        self.port = free_port()
        self.env = {
            **os.environ,
            "PYTHONPATH": f"{src}:{os.environ.get('PYTHONPATH', '')}",
            "TS_INGEST_CLIENT_ID": f"bench-small-{tag}",
            "TS_INGEST_SHARE_GROUP": f"bench-small-{tag}",
            "TS_INGEST_HEALTH_PORT": str(self.port),
            "TS_INGEST_LOG_LEVEL": "WARNING",
        }
        if processes > 1:
            self.env["TS_INGEST_PROCESSES"] = str(processes)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "ingest"], cwd=self.src, env=self.env)
        deadline = time.monotonic() + HANG_GUARD_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"ingest saiu com {self.proc.returncode}")
            with (
                contextlib.suppress(OSError, ValueError),
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r,
            ):
                if json.loads(r.read()).get("healthy"):
                    return
            time.sleep(0.2)
        raise SystemExit("ingest não ficou saudável")

    def metric_sums(self, *names: str) -> dict[str, float]:
        """Soma de cada métrica (sem rótulos além de `member`) sobre todos os membros."""
        totals = dict.fromkeys(names, 0.0)
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as r:
            for line in r.read().decode().splitlines():
                name = line.split("{", 1)[0].split(" ", 1)[0]
                if name in totals:
                    totals[name] += float(line.rsplit(" ", 1)[1])
        return totals

    def rows_written(self) -> float:
        """`ingest_rows_written_total` (linhas confirmadas no banco), somado sobre os membros."""
        return self.metric_sums("ingest_rows_written_total")["ingest_rows_written_total"]

    def batch_stats(self) -> dict[str, float]:
        return self.metric_sums(
            "ingest_flush_seconds_sum", "ingest_flush_seconds_count", "ingest_batch_rows_sum", "ingest_batch_rows_count"
        )

    def client_ids(self) -> list[str]:
        base = self.env["TS_INGEST_CLIENT_ID"]
        return [base] if self.processes == 1 else [f"{base}-{i}" for i in range(self.processes)]

    def drop_sessions(self) -> None:
        """Apaga as sessões persistentes do benchmark no broker (senão acumulariam toda a telemetria futura)."""
        for cid in self.client_ids():
            drop_ingest_session(cid)

    def cpu_seconds(self) -> float:
        """CPU (user + sys) do ingest e dos processos filhos dele (membros do supervisor), lido de /proc."""
        if self.proc is None:
            return 0.0
        pid = self.proc.pid
        return sum(p.cpu_s for p in procstat.all_processes() if pid in (p.pid, p.ppid))

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(90)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def wait_written(ing: Ingest, target: float, poll_s: float = 0.2) -> tuple[float, float]:
    """Espera `target` linhas confirmadas; devolve (instante do primeiro commit visto, instante final)."""
    first = None
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline:
        n = ing.rows_written()
        now = time.monotonic()
        if first is None and n > 0:
            first = now
        if n >= target:
            return (first if first is not None else now), now
        time.sleep(poll_s)
    raise SystemExit(f"timeout: {ing.rows_written()} de {target} linhas")


def check_exact(expected: int) -> None:
    got = count_rows()
    if got != expected:
        raise SystemExit(f"contagem no banco {got} != publicado {expected}: algo perdido ou duplicado")


async def copy_ceiling(routes: list[Route], rows_total: int, batch: int) -> float:
    conn = await asyncpg.connect(owner_url())
    try:
        base = datetime.now(UTC) - timedelta(hours=6)
        cols = ("tenant_id", "device_id", "point_id", "ts", "v_num", "v_bool", "v_text", "unit", "qual", "meta")
        records = []
        i = 0
        while len(records) < rows_total:
            _, pids, dev = routes[i % len(routes)]
            ts = base + timedelta(milliseconds=i)
            records.extend((BENCH_TENANT, dev, pid, ts, float(i), None, None, None, 0, None) for pid in pids[:10])
            i += 1
        t0 = time.monotonic()
        for k in range(0, len(records), batch):
            async with conn.transaction():
                await conn.copy_records_to_table("ts_measure", records=records[k : k + batch], columns=cols)
        return len(records) / (time.monotonic() - t0)
    finally:
        await conn.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--processes", type=int, default=2, help="membros do ingest (TS_INGEST_PROCESSES)")
    ap.add_argument("--ingest-src", type=Path, default=REPO, help="diretório com o pacote ingest a medir")
    ap.add_argument("--devices", type=int, default=8, help="dispositivos = processos mosquitto_pub")
    ap.add_argument("--backlog", type=int, default=60_000, help="mensagens de 1 ponto no backlog")
    ap.add_argument("--live3", type=int, default=60_000, help="mensagens de 3 pontos ao vivo")
    ap.add_argument("--live100", type=int, default=4_000, help="mensagens de 100 pontos ao vivo")
    ap.add_argument("--copy-rows", type=int, default=500_000)
    ap.add_argument("--phases", default="copy,backlog,live3,live100")
    args = ap.parse_args()
    phases = set(args.phases.split(","))

    routes = setup_routes(args.devices)
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
    result: dict[str, object] = {
        "ingest_src": str(args.ingest_src),
        "processes": args.processes,
        "devices": args.devices,
    }
    tag = uuid.uuid4().hex[:6]
    ing = Ingest(args.ingest_src.resolve(), args.processes, tag)
    expected = 0
    base = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-small-") as tmpd:
            tmp = Path(tmpd)
            if "copy" in phases:
                rows_s = asyncio.run(copy_ceiling(routes, args.copy_rows, 10_000))
                result["raw_copy_rows_per_s"] = round(rows_s)
                expected = count_rows()

            if "backlog" in phases:
                files = write_inputs(tmp, routes, args.backlog, 1, base, "backlog")
                n = (args.backlog // len(routes)) * len(routes)
                # Cria as sessões persistentes (e assinaturas) e para: o backlog fica na fila do broker.
                ing.start()
                ing.stop()
                Publishers(user, password, routes, files).wait()
                t_start = time.monotonic()
                ing.start()
                cpu0 = ing.cpu_seconds()
                first, last = wait_written(ing, n)
                cpu = ing.cpu_seconds() - cpu0
                expected += n
                check_exact(expected)
                result["backlog_messages"] = n
                result["backlog_msgs_per_s"] = round(n / (last - first))
                result["backlog_msgs_per_s_incl_startup"] = round(n / (last - t_start))
                result["backlog_ingest_cpu_us_per_msg"] = round(cpu / n * 1e6, 1)
            else:
                ing.start()

            for phase, count, points, offset in (
                ("live3", args.live3, 3, 10),
                ("live100", args.live100, 100, 20),
            ):
                if phase not in phases:
                    continue
                files = write_inputs(tmp, routes, count, points, base + timedelta(minutes=offset), phase)
                n = (count // len(routes)) * len(routes)
                before = ing.rows_written()
                batches0 = ing.batch_stats()
                cpu0 = ing.cpu_seconds()
                t0 = time.monotonic()
                pubs = Publishers(user, password, routes, files)
                _, last = wait_written(ing, before + n * points)
                cpu = ing.cpu_seconds() - cpu0
                pubs.wait()
                expected += n * points
                check_exact(expected)
                result[f"{phase}_messages"] = n
                result[f"{phase}_points_per_s"] = round(n * points / (last - t0))
                result[f"{phase}_msgs_per_s"] = round(n / (last - t0))
                result[f"{phase}_ingest_cpu_us_per_msg"] = round(cpu / n * 1e6, 1)
                b = {k: v - batches0[k] for k, v in ing.batch_stats().items()}
                if b["ingest_flush_seconds_count"]:
                    rows_per_batch = b["ingest_batch_rows_sum"] / b["ingest_batch_rows_count"]
                    result[f"{phase}_mean_batch_rows"] = round(rows_per_batch)
                    result[f"{phase}_mean_flush_ms"] = round(
                        1000 * b["ingest_flush_seconds_sum"] / b["ingest_flush_seconds_count"], 1
                    )
    finally:
        ing.stop()
        ing.drop_sessions()
        dynsec([{"command": "deleteClient", "username": user}, {"command": "deleteRole", "rolename": role}])

    copy = result.get("raw_copy_rows_per_s")
    if isinstance(copy, int) and copy:
        for key in ("backlog_msgs_per_s", "live3_points_per_s", "live100_points_per_s"):
            v = result.get(key)
            if isinstance(v, int):
                result[key.replace("_per_s", "_vs_copy")] = round(v / copy, 3)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
