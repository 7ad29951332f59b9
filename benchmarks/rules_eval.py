"""Benchmark da avaliação de regras (não é teste): 1.000 dispositivos × 10 regras, ingest com avaliação
ligada vs desligada NA MESMA EXECUÇÃO, e latência publicação → alerta commitado.

Fases:
  OFF. ingest com TS_EVAL_PUBLISH=0, sem avaliador: vazão ponta a ponta (pontos/s) de M mensagens de 10 pontos;
  ON.  ingest publicando nos streams + 1 avaliador (`manage.py run_evaluator`): as mesmas M mensagens (outros ts);
       vazão do ingest e o tempo até o avaliador esvaziar os streams (lag 0, nada pendente);
       OFF e ON se alternam em --rounds rodadas (OFF, ON, OFF, ON, ...) e vale a mediana de cada fase: numa
       máquina compartilhada a vazão de uma execução isolada oscila mais que a diferença medida. A CPU gasta
       por componente (ingest, avaliador, PostgreSQL, Redis, Mosquitto, publicadores) sai somada por fase.
       A carga de OFF/ON sai de um publicador MQTT cru (`RawPub`, 2 conexões); LAT e TIME usam o paho;
  LAT. com carga de fundo (1 mensagem por dispositivo a cada --bg-period s), N cruzamentos de limite (regra
       threshold, for_s=0): tempo da publicação até o alerta aparecer no banco (sondagem a cada 20 ms),
       dividido em publicação → XADD no stream (ingest: lote, COPY, commit) e XADD → alerta visível (avaliador);
  TIME. com a mesma carga de fundo, em --timed dispositivos reservados (fora da carga de fundo): regra
       threshold com for_s = --for-s (condição mantida) e regra no_data com no_data_s = --no-data-s (último
       valor publicado e depois silêncio): atraso do alerta visível além do prazo (janela + varredura).
O log do avaliador (passos lentos: "varredura lenta", "lote lento") fica em var/log/bench-rules-evaluator.log.

Uso (stack local no ar, banco do projeto migrado e catálogo semeado — `make up` faz tudo isso):
    set -a; . ./.env; set +a
    PYTHONPATH=.:backend .venv/bin/python benchmarks/rules_eval.py --messages 20000
O tenant `bench-rules` e seus 1.000 dispositivos são criados na primeira execução e reutilizados.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "backend")]
API_URL = os.environ["DATABASE_URL"]
# A preparação (tenant, dispositivos em massa) roda como dono; os serviços medidos usam os papéis deles.
os.environ["DATABASE_URL"] = os.environ["DATABASE_OWNER_URL"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
import redis  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from apps.catalog.models import DeviceTemplate  # noqa: E402
from apps.devices.models import Device, Point  # noqa: E402
from apps.registry.models import DeviceRoute, PointRoute  # noqa: E402
from apps.rules.models import Rule, RuleState  # noqa: E402
from apps.sites.models import Site  # noqa: E402
from apps.tenancy.models import Tenant  # noqa: E402
from apps.tenancy.services import create_tenant  # noqa: E402
from benchmarks.ingest_e2e import Pub, metrics, wait_rows  # noqa: E402
from testsupport import procstat  # noqa: E402
from testsupport.mqtt import drop_ingest_session, dynsec, free_port  # noqa: E402

SLUG = "bench-rules"
POINTS = 10
THRESHOLD = 100.0
EVAL_LOG = REPO / "var" / "log" / "bench-rules-evaluator.log"
INGEST_LOG = REPO / "var" / "log" / "bench-rules-ingest.log"  # avisos e erros dos ingests de todas as fases


def setup(devices: int) -> tuple[Tenant, list[tuple[str, uuid.UUID]]]:
    """Tenant + N dispositivos com 10 pontos e 10 regras threshold (acima de 100) cada; devolve (tópico, device)."""
    call_command("seed_catalog", verbosity=0)
    tenant = Tenant.objects.filter(slug=SLUG).first() or create_tenant(slug=SLUG, name="Benchmark de regras")
    template = DeviceTemplate.objects.get(slug="chiller_v1")
    connection.set_tenant(tenant)
    try:
        have = Device.objects.count()
        if have < devices:
            site, _ = Site.objects.get_or_create(slug="bench", defaults={"name": "bench"})
            new = Device.objects.bulk_create(
                Device(
                    site=site,
                    template=template,
                    slug=f"d{i:04d}",
                    name=f"d{i:04d}",
                    topic_base=f"traksense/{SLUG}/bench/d{i:04d}",
                    mqtt_username=f"{SLUG}.bench.d{i:04d}",
                )
                for i in range(have, devices)
            )
            points = Point.objects.bulk_create(
                Point(device=d, name=f"p{p:02d}", label=f"p{p:02d}", value_type="float")
                for d in new
                for p in range(POINTS)
            )
            rules = Rule.objects.bulk_create(
                Rule(
                    device_id=pt.device_id,
                    point=pt,
                    kind="threshold",
                    operator="above",
                    high=THRESHOLD,
                    clear_hysteresis=1.0,
                    severity="major",
                )
                for pt in points
            )
            RuleState.objects.bulk_create(RuleState(rule=r) for r in rules)
            connection.set_schema_to_public()
            routes = DeviceRoute.objects.bulk_create(
                DeviceRoute(
                    device_id=d.id,
                    tenant_id=tenant.tenant_id,
                    tenant_slug=SLUG,
                    site_slug="bench",
                    device_slug=d.slug,
                    adapter="v1",
                )
                for d in new
            )
            by_dev = {r.device_id: r for r in routes}
            PointRoute.objects.bulk_create(
                PointRoute(
                    point_id=p.id, device=by_dev[p.device_id], name=p.name, value_type="float", unit="", enum_values=[]
                )
                for p in points
            )
            connection.set_tenant(tenant)
        # Estado limpo a cada execução: valores "atrasados" de uma execução anterior seriam ignorados (barato).
        RuleState.objects.update(
            phase="ok", pending_since=None, firing_since=None, resolving_since=None, last_ts=None, alert_id=None
        )
        out = [(d.topic_base + "/telem", d.id) for d in Device.objects.order_by("slug")[:devices]]
    finally:
        connection.set_schema_to_public()
    return tenant, out


def payload(ts: datetime, value: float, hot: bool = False, hot_point: int = 0) -> bytes:
    pts = [
        {"name": f"p{p:02d}", "t": "float", "v": (150.0 if hot and p == hot_point else value + p)}
        for p in range(POINTS)
    ]
    return json.dumps({"schema": "v1", "ts": ts.isoformat(), "points": pts}).encode()


class Proc:
    def __init__(
        self, args: list[str], env: dict[str, str], cwd: Path, log: Path, mqtt_session: str | None = None
    ) -> None:
        # Só comandos deste script (python -m ingest / manage.py run_evaluator).
        self.log = log
        self.mqtt_session = mqtt_session
        self.p = subprocess.Popen(args, cwd=cwd, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)  # noqa: S603

    def stop(self) -> None:
        self.p.terminate()
        try:
            self.p.wait(60)
        except subprocess.TimeoutExpired:
            # O ingest registra a pilha de cada tarefa asyncio no SIGUSR1: o log diz onde o desligamento parou.
            self.p.send_signal(signal.SIGUSR1)
            time.sleep(2)
            self.p.kill()
            self.p.wait()
            raise SystemExit(f"{self.p.args} não terminou 60 s depois do SIGTERM; pilhas em {self.log}") from None
        finally:
            if self.mqtt_session is not None:
                # A sessão persistente do ingest (7 dias) seguiria enfileirando no broker toda a telemetria
                # publicada depois: as rodadas seguintes (e outros benchmarks) pagariam por isso no Mosquitto.
                drop_ingest_session(self.mqtt_session)


def start_ingest(prefix: str, publish: bool) -> tuple[Proc, int]:
    port = free_port()
    client_id = f"bench-ingest-{uuid.uuid4().hex[:6]}"
    env = {
        **os.environ,
        "DATABASE_URL": API_URL,
        "TS_INGEST_CLIENT_ID": client_id,
        "TS_INGEST_SHARE_GROUP": f"bench-{uuid.uuid4().hex[:6]}",
        "TS_INGEST_HEALTH_PORT": str(port),
        "TS_INGEST_LOG_LEVEL": "WARNING",
        "TS_EVAL_PUBLISH": "1" if publish else "0",
        "TS_EVAL_STREAM_PREFIX": prefix,
    }
    INGEST_LOG.parent.mkdir(parents=True, exist_ok=True)
    proc = Proc([sys.executable, "-m", "ingest"], env, REPO, INGEST_LOG, mqtt_session=client_id)
    while True:
        try:
            if json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").read())["healthy"]:
                break
        except OSError:
            pass
        time.sleep(0.2)
    time.sleep(1)
    return proc, port


def start_evaluator(prefix: str) -> Proc:
    env = {
        **os.environ,
        "DATABASE_URL": API_URL,
        "TS_EVAL_STREAM_PREFIX": prefix,
        "PYTHONPATH": f"{REPO}:{REPO / 'backend'}",
    }
    EVAL_LOG.parent.mkdir(parents=True, exist_ok=True)
    EVAL_LOG.write_bytes(b"")
    return Proc(
        [sys.executable, "manage.py", "run_evaluator", "--consumer", "bench"], env, REPO / "backend", log=EVAL_LOG
    )


def wait_evaluator_started(ev: Proc, since: float) -> float:
    """Espera o "avaliador iniciado" no log; devolve os segundos desde `since` (monotonic).

    A medição ON começa com o avaliador já no laço: a partida de um processo Django (importar e, sem .pyc,
    compilar o código — PYTHONDONTWRITEBYTECODE) é custo de implantação, não de avaliação, e caía dentro da
    janela medida disputando CPU com o ingest."""
    while b"avaliador iniciado" not in EVAL_LOG.read_bytes():
        if ev.p.poll() is not None:
            raise SystemExit(f"avaliador saiu na partida (código {ev.p.returncode}); log em {EVAL_LOG}")
        time.sleep(0.05)
    return time.monotonic() - since


def slow_steps() -> dict[str, object]:
    """Passos lentos que o avaliador registrou (contagem e máximo por tipo)."""
    found: dict[str, list[float]] = {}
    for line in EVAL_LOG.read_text(errors="replace").splitlines():
        try:
            doc = json.loads(line)
        except ValueError:
            continue
        if doc.get("msg") in ("varredura lenta", "lote lento"):
            found.setdefault(str(doc["msg"]), []).append(float(doc["seconds"]))
    return {k: {"count": len(v), "max_s": max(v), "sum_s": round(sum(v), 1)} for k, v in found.items()}


def xadd_time(r: redis.Redis, prefix: str, partitions: int, device_id: uuid.UUID, point_id: str) -> float | None:
    """Instante (relógio do Redis, mesma máquina) do XADD da entrada do dispositivo com o valor quente do ponto."""
    stream = f"{prefix}:{zlib.crc32(str(device_id).encode()) % partitions}"
    for entry_id, fields in r.xrevrange(stream, count=2000):
        doc = json.loads(fields[b"e"])
        if doc["d"] == str(device_id) and any(p[0] == point_id and p[2] == 150.0 for p in doc["p"]):
            return int(entry_id.split(b"-")[0]) / 1000
    return None


_COMPONENTS = {"postgres": "postgres", "mosquitto": "mosquitto", "redis-server": "redis"}


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU consumida até agora (user + system, em s) por componente: os processos de `pids` pelo pid, PostgreSQL
    (todos os processos, mais os filhos já encerrados, que o postmaster acumula), Mosquitto, Redis, este
    script (os publicadores) e a máquina inteira (`/proc/stat`). A diferença entre duas leituras diz quem
    gastou a CPU de uma fase."""
    by_pid = {pid: name for name, pid in pids.items()}
    out: dict[str, float] = dict.fromkeys([*pids, *_COMPONENTS.values(), "bench", "machine"], 0.0)
    for proc in procstat.all_processes():
        name = by_pid.get(proc.pid) or _COMPONENTS.get(proc.comm) or ("bench" if proc.pid == os.getpid() else None)
        if name is not None:
            out[name] += proc.cpu_s + (proc.children_cpu_s if proc.comm == "postgres" else 0.0)
    out["machine"] = procstat.machine_busy_s()
    return out


def cpu_delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: round(after[k] - before[k], 1) for k in before}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[int(q * (len(values) - 1))], 3)


class RawPub:
    """Publicador da carga das fases OFF/ON: MQTT 3.1.1 cru (socket), QoS 1, pacotes montados de uma vez.

    O gerador de carga não é o sistema medido, mas aqui divide os 2 núcleos com ele: com o paho (~70 µs de CPU
    por mensagem) os publicadores gastavam ~20% da CPU da máquina na fase ON. Sem keepalive e sem assinaturas,
    o broker só manda PUBACKs (4 bytes) de volta, que uma thread conta; `send_all` volta com tudo confirmado.
    """

    def __init__(self, user: str, password: str) -> None:
        self.sock = socket.create_connection((os.environ["MQTT_HOST"], int(os.environ["MQTT_PORT"])), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        flags = 0x80 | 0x40 | 0x02  # usuário, senha, clean session; keepalive 0 (desligado)
        connect = b"\x00\x04MQTT\x04" + bytes([flags]) + b"\x00\x00"
        connect += _mqtt_str(f"bench-raw-{uuid.uuid4().hex[:8]}") + _mqtt_str(user) + _mqtt_str(password)
        self.sock.sendall(_mqtt_packet(0x10, connect))
        connack = _recv_exact(self.sock, 4)
        if connack[0] != 0x20 or connack[3] != 0:
            raise SystemExit(f"broker recusou o publicador: CONNACK {connack.hex()}")
        self.sock.settimeout(None)
        self.acked = 0
        self._cond = threading.Condition()
        self._next_id = 0
        threading.Thread(target=self._read_acks, daemon=True).start()

    def _read_acks(self) -> None:
        pending = b""
        while data := self.sock.recv(1 << 16):
            pending += data
            n, rest = divmod(len(pending), 4)
            if any(pending[i * 4] != 0x40 for i in range(n)):
                raise SystemExit("pacote inesperado do broker (esperava só PUBACK)")
            pending = pending[len(pending) - rest :]
            with self._cond:
                self.acked += n
                self._cond.notify_all()

    def send_all(self, items: list[tuple[str, bytes]]) -> None:
        if len(items) >= 65535:
            raise SystemExit("no máximo 65.534 mensagens por chamada (ids de pacote QoS 1 em voo)")
        target = self.acked + len(items)
        packets = []
        for topic, payload in items:
            self._next_id = self._next_id % 65535 + 1
            packets.append(_mqtt_packet(0x32, _mqtt_str(topic) + self._next_id.to_bytes(2, "big") + payload))
        data = b"".join(packets)
        for i in range(0, len(data), 1 << 20):
            self.sock.sendall(data[i : i + (1 << 20)])
        with self._cond:
            if not self._cond.wait_for(lambda: self.acked >= target, timeout=300):
                raise SystemExit(f"PUBACK de {target - self.acked} mensagens não chegou em 300 s")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.sendall(b"\xe0\x00")  # DISCONNECT
        self.sock.close()


def _mqtt_str(value: str) -> bytes:
    raw = value.encode()
    return len(raw).to_bytes(2, "big") + raw


def _mqtt_packet(first: int, body: bytes) -> bytes:
    """Cabeçalho fixo do MQTT: tipo/flags e o tamanho restante em varint (7 bits por byte)."""
    size, length = len(body), bytearray()
    while True:
        size, digit = divmod(size, 128)
        length.append(digit | (0x80 if size else 0))
        if not size:
            return bytes([first]) + bytes(length) + body


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise SystemExit("broker fechou a conexão do publicador")
        buf += chunk
    return buf


def throughput(port: int, pubs: list[RawPub], items: list[tuple[str, bytes]]) -> float:
    before = metrics(port).get("ingest_rows_written_total", 0.0)
    shards = [items[k :: len(pubs)] for k in range(len(pubs))]
    t0 = time.monotonic()
    threads = [threading.Thread(target=p.send_all, args=(s,)) for p, s in zip(pubs, shards, strict=True)]
    for t in threads:
        t.start()
    t_done = wait_rows(port, before + len(items) * POINTS)
    for t in threads:
        t.join()
    return len(items) * POINTS / (t_done - t0)


def drained(r: redis.Redis, prefix: str) -> bool:
    """Tudo lido e confirmado: último id entregue ao grupo = último id do stream, nada pendente."""
    for key in r.scan_iter(f"{prefix}:*"):
        last = r.xinfo_stream(key)["last-generated-id"]
        for g in r.xinfo_groups(key):
            if g["pending"] or g["last-delivered-id"] != last:
                return False
    return True


def point_ids(tenant: Tenant, name: str) -> dict[uuid.UUID, uuid.UUID]:
    connection.set_tenant(tenant)
    try:
        return dict(Point.objects.filter(name=name).values_list("device_id", "id"))
    finally:
        connection.set_schema_to_public()


def setup_timed_rules(
    tenant: Tenant, timed: list[tuple[str, uuid.UUID]], n: int, for_s: int
) -> dict[str, list[uuid.UUID]]:
    """Regra threshold de p01 com for_s nos n primeiros reservados (as no_data nascem em timed_phase)."""
    connection.set_tenant(tenant)
    try:
        for_rules = list(
            Rule.objects.filter(
                device_id__in=[d for _, d in timed[:n]], point__name="p01", kind="threshold"
            ).values_list("id", flat=True)
        )
        Rule.objects.filter(id__in=for_rules).update(for_s=for_s)
        Rule.objects.filter(device_id__in=[d for _, d in timed[n:]], kind="no_data").delete()
        return {"for": for_rules, "no_data": []}
    finally:
        connection.set_schema_to_public()


def create_no_data_rules(tenant: Tenant, devices: list[uuid.UUID], no_data_s: int) -> list[uuid.UUID]:
    """Regra no_data em p02 criada na hora da fase (o prazo conta desde a criação enquanto não chega valor)."""
    connection.set_tenant(tenant)
    try:
        rules = Rule.objects.bulk_create(
            Rule(device_id=p.device_id, point=p, kind="no_data", no_data_s=no_data_s, severity="major")
            for p in Point.objects.filter(device_id__in=devices, name="p02")
        )
        RuleState.objects.bulk_create(RuleState(rule=r) for r in rules)
        return [r.id for r in rules]
    finally:
        connection.set_schema_to_public()


def restore_timed_rules(tenant: Tenant, rules: dict[str, list[uuid.UUID]]) -> None:
    """Volta ao cenário padrão (for_s = 0, sem no_data) para a próxima execução."""
    connection.set_tenant(tenant)
    try:
        Rule.objects.filter(id__in=rules["for"]).update(for_s=0)
        Rule.objects.filter(id__in=rules["no_data"]).delete()
    finally:
        connection.set_schema_to_public()


def timed_phase(
    tenant: Tenant,
    timed: list[tuple[str, uuid.UUID]],
    rules: dict[str, list[uuid.UUID]],
    pub: Pub,
    for_s: int,
    no_data_s: int,
) -> dict[str, object]:
    """Publica o valor quente (p01) e o último valor (p02) e mede quanto depois do prazo cada alerta aparece."""
    n = len(timed) // 2
    deadlines: dict[uuid.UUID, tuple[str, float]] = {}
    rules["no_data"] = create_no_data_rules(tenant, [d for _, d in timed[n:]], no_data_s)
    rule_ids = rules["for"] + rules["no_data"]
    for k, (topic, device_id) in enumerate(timed):
        kind = "for" if k < n else "no_data"
        now = datetime.now(UTC)
        # for: p01 acima do limite e mantido (nada mais chega); no_data: um valor de p02 e depois silêncio.
        pub.c.publish(topic, payload(now, 50.0, hot=(kind == "for"), hot_point=1), qos=1)
        deadlines[device_id] = (kind, time.time() + (for_s if kind == "for" else no_data_s))
        time.sleep(0.05)
    late: dict[str, list[float]] = {"for": [], "no_data": []}
    seen: set[uuid.UUID] = set()
    give_up = time.time() + max(for_s, no_data_s) + 60
    with psycopg.connect(os.environ["DATABASE_OWNER_URL"], autocommit=True) as conn:
        while len(seen) < len(deadlines) and time.time() < give_up:
            rows = conn.execute(
                "SELECT device_id FROM public.alert WHERE tenant_id = %s AND rule_id = ANY(%s)",
                [tenant.tenant_id, rule_ids],
            ).fetchall()
            t = time.time()
            for (device_id,) in rows:
                if device_id in deadlines and device_id not in seen:
                    seen.add(device_id)
                    kind, due = deadlines[device_id]
                    late[kind].append(t - due)
            time.sleep(0.1)
    out: dict[str, object] = {}
    for kind, window in (("for", for_s), ("no_data", no_data_s)):
        values = late[kind]
        out[f"{kind}_window_s"] = window
        out[f"{kind}_fired"] = f"{len(values)}/{n}"
        if values:
            out[f"{kind}_late_p50_max_s"] = [pct(values, 0.5), pct(values, 1)]
            out[f"{kind}_early"] = sum(1 for v in values if v < -0.5)
    return out


def throughput_rounds(
    args: argparse.Namespace,
    r: redis.Redis,
    prefix: str,
    pubs: list[RawPub],
    batch: Callable[[int], list[tuple[str, bytes]]],
) -> dict[str, object]:
    """Rodadas OFF, ON, OFF, ON, ... (alternadas: a deriva da máquina compartilhada cai nas duas fases igual).

    OFF: ingest sem publicar nos streams, sem avaliador. ON: ingest publicando + 1 avaliador novo; a rodada só
    termina quando o avaliador esvaziou os streams (nada dele sobra para a rodada OFF seguinte). Cada rodada usa
    timestamps mais novos que a anterior (nenhum valor é "atrasado" para o estado das regras)."""
    off: list[float] = []
    on: list[float] = []
    evaluated: list[float] = []
    evaluator_start: list[float] = []
    ingest_start: list[float] = []
    cpu_off: dict[str, float] = {}
    cpu_on: dict[str, float] = {}
    wall_off = wall_on = 0.0
    for k in range(args.rounds):
        ing, port = start_ingest(prefix, publish=False)
        try:
            cpu0, t0 = cpu_seconds({"ingest": ing.p.pid}), time.monotonic()
            off.append(throughput(port, pubs, batch(2000 * k)))
            wall_off += time.monotonic() - t0
            _add(cpu_off, cpu_delta(cpu0, cpu_seconds({"ingest": ing.p.pid})))
        finally:
            ing.stop()
        started = time.monotonic()
        ev = start_evaluator(prefix)
        ing, port = start_ingest(prefix, publish=True)
        try:
            ingest_start.append(time.monotonic() - started)
            evaluator_start.append(wait_evaluator_started(ev, started))
            components = {"ingest": ing.p.pid, "evaluator": ev.p.pid}
            cpu0, t0 = cpu_seconds(components), time.monotonic()
            on.append(throughput(port, pubs, batch(2000 * k + 1000)))
            wall_on += time.monotonic() - t0
            # CPU de cada componente enquanto o ingest trabalhava (o que o avaliador tirou dele).
            _add(cpu_on, cpu_delta(cpu0, cpu_seconds(components)))
            while not drained(r, prefix):
                time.sleep(0.2)
            evaluated.append(args.messages * POINTS / (time.monotonic() - t0))
        finally:
            ing.stop()
            ev.stop()
    med_off, med_on = statistics.median(off), statistics.median(on)
    return {
        "rounds": args.rounds,
        "off_points_per_s_rounds": [round(x) for x in off],
        "on_points_per_s_rounds": [round(x) for x in on],
        "on_vs_off_rounds": [round(b / a, 3) for a, b in zip(off, on, strict=True)],
        "off_points_per_s": round(med_off),
        "on_points_per_s": round(med_on),
        "on_vs_off": round(med_on / med_off, 3),
        # CPU somada das rodadas (s) e tempo de parede somado: quem gastou a CPU em cada fase.
        "off_wall_s": round(wall_off, 1),
        "off_cpu_s": {k: round(v, 1) for k, v in cpu_off.items()},
        "on_wall_s": round(wall_on, 1),
        "on_cpu_s": {k: round(v, 1) for k, v in cpu_on.items()},
        # Até o avaliador esvaziar os streams (todos os valores avaliados), mediana das rodadas.
        "evaluator_points_per_s": round(statistics.median(evaluated)),
        # Do lançamento do avaliador até o laço rodando (o ingest sobe em paralelo); a fase ON começa depois.
        "evaluator_start_s_rounds": [round(x, 2) for x in evaluator_start],
        "ingest_start_s_rounds": [round(x, 2) for x in ingest_start],
        "loadavg_after_throughput": os.getloadavg(),
    }


def _add(total: dict[str, float], delta: dict[str, float]) -> None:
    for k, v in delta.items():
        total[k] = total.get(k, 0.0) + v


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devices", type=int, default=1000)
    ap.add_argument("--messages", type=int, default=20000, help="mensagens (10 pontos) em cada fase OFF/ON")
    ap.add_argument("--crossings", type=int, default=100, help="cruzamentos medidos na fase LAT")
    ap.add_argument("--bg-period", type=float, default=10.0, help="carga de fundo: 1 msg por dispositivo a cada X s")
    ap.add_argument("--timed", type=int, default=10, help="dispositivos reservados para for_s e no_data (cada)")
    ap.add_argument("--for-s", type=int, default=10, help="for_s da regra threshold na fase TIME")
    ap.add_argument("--no-data-s", type=int, default=15, help="no_data_s da regra no_data na fase TIME")
    ap.add_argument("--rounds", type=int, default=3, help="rodadas OFF/ON alternadas (mediana de cada fase)")
    ap.add_argument("--skip-throughput", action="store_true", help="pula OFF/ON (só latência e prazos)")
    args = ap.parse_args()
    INGEST_LOG.parent.mkdir(parents=True, exist_ok=True)
    INGEST_LOG.write_bytes(b"")

    tenant, all_devs = setup(args.devices)
    # Os últimos 2·timed dispositivos ficam fora da carga de fundo: suas regras temporizadas não são perturbadas.
    devs, timed = all_devs[: -2 * args.timed], all_devs[-2 * args.timed :]
    partitions = int(os.environ.get("TS_EVAL_PARTITIONS", "4"))
    timed_rules = setup_timed_rules(tenant, timed, args.timed, args.for_s)
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
    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    prefix = f"bench-eval-{uuid.uuid4().hex[:6]}"
    with psycopg.connect(os.environ["DATABASE_OWNER_URL"], autocommit=True) as conn:
        conn.execute("DELETE FROM public.alert WHERE tenant_id = %s", [tenant.tenant_id])
    # Passado o bastante para as rodadas (offsets até 2.000·rodadas s) e a fase LAT (agora) vir depois de tudo.
    base = datetime.now(UTC) - timedelta(seconds=2000 * args.rounds + 3600)

    def batch(offset_s: int) -> list[tuple[str, bytes]]:
        return [
            (devs[i % len(devs)][0], payload(base + timedelta(seconds=offset_s + i // len(devs)), 50.0))
            for i in range(args.messages)
        ]

    result: dict[str, object] = {
        "devices": len(all_devs),
        "rules": len(all_devs) * POINTS,
        "messages": args.messages,
        "loadavg_start": os.getloadavg(),
    }
    pubs = [Pub(user, password) for _ in range(2)]
    if not args.skip_throughput:
        raw = [RawPub(user, password) for _ in range(2)]
        try:
            result.update(throughput_rounds(args, r, prefix, raw, batch))
        finally:
            for p in raw:
                p.close()
    # --- LAT e TIME: um avaliador e um ingest novos, com avaliação ligada ---------------------------
    ev = start_evaluator(prefix)
    ing, _ = start_ingest(prefix, publish=True)
    try:
        # O primeiro cruzamento não pode esperar a partida do avaliador (só os 3 s abaixo não garantiam).
        wait_evaluator_started(ev, time.monotonic())
        # --- LAT: carga de fundo + cruzamentos ------------------------------------------------------
        stop = threading.Event()

        def background() -> None:
            k = 0
            period = args.bg_period / len(devs)
            while not stop.is_set():
                topic, _ = devs[k % len(devs)]
                pubs[1].c.publish(topic, payload(datetime.now(UTC), 50.0), qos=1)
                k += 1
                time.sleep(period)

        bg = threading.Thread(target=background, daemon=True)
        bg.start()
        time.sleep(3)
        lat, ingest_part, eval_part = [], [], []
        worst: list[tuple[float, str, float | None, float | None]] = []
        p00 = point_ids(tenant, "p00")
        with psycopg.connect(os.environ["DATABASE_OWNER_URL"], autocommit=True) as conn:
            for k in range(args.crossings):
                topic, device_id = devs[(k * 7) % len(devs)]
                t_pub, wall_pub = time.monotonic(), datetime.now(UTC) - timedelta(seconds=1)
                t_wall = time.time()
                pubs[0].c.publish(topic, payload(datetime.now(UTC), 50.0, hot=True), qos=1)
                deadline = t_pub + 60
                while time.monotonic() < deadline:
                    row = conn.execute(
                        # Qualquer alerta aberto depois da publicação, mesmo já normalizado por um valor de fundo
                        # mais novo do mesmo dispositivo (o publicador de fundo corre em paralelo).
                        "SELECT 1 FROM public.alert WHERE tenant_id = %s AND device_id = %s AND updated_at >= %s",
                        [tenant.tenant_id, device_id, wall_pub],
                    ).fetchone()
                    if row:
                        lat.append(time.monotonic() - t_pub)
                        t_seen = time.time()
                        t_xadd = xadd_time(r, prefix, partitions, device_id, str(p00[device_id]))
                        if t_xadd is not None:
                            ingest_part.append(t_xadd - t_wall)
                            eval_part.append(t_seen - t_xadd)
                        worst.append(
                            (
                                round(lat[-1], 3),
                                datetime.fromtimestamp(t_wall, UTC).strftime("%H:%M:%S.%f")[:-3],
                                None if t_xadd is None else round(t_xadd - t_wall, 3),
                                None if t_xadd is None else round(t_seen - t_xadd, 3),
                            )
                        )
                        break
                    time.sleep(0.02)
                else:
                    lat.append(float("inf"))  # não abriu em 60 s: conta como falha no p95
                # Normaliza para o próximo cruzamento do mesmo dispositivo.
                pubs[0].c.publish(topic, payload(datetime.now(UTC) + timedelta(milliseconds=1), 50.0), qos=1)
                time.sleep(0.1)
        lat.sort()
        result["latency_bg_points_per_s"] = round(len(devs) * POINTS / args.bg_period)
        result["latency_p50_s"] = round(statistics.median(lat), 3)
        result["latency_p95_s"] = round(lat[int(0.95 * (len(lat) - 1))], 3)
        result["latency_max_s"] = round(lat[-1], 3)
        if ingest_part:
            result["latency_ingest_part_p50_p95_max_s"] = [
                pct(ingest_part, 0.5),
                pct(ingest_part, 0.95),
                pct(ingest_part, 1),
            ]
            result["latency_evaluator_part_p50_p95_max_s"] = [
                pct(eval_part, 0.5),
                pct(eval_part, 0.95),
                pct(eval_part, 1),
            ]
        # Os 3 piores: (total, hora da publicação UTC, parte do ingest, parte do avaliador) — para cruzar com o log.
        result["latency_worst"] = sorted(worst, reverse=True)[:3]
        result["loadavg_after_latency"] = os.getloadavg()

        # --- TIME: for_s e no_data com a carga de fundo ainda no ar ----------------------------------
        result.update(timed_phase(tenant, timed, timed_rules, pubs[0], args.for_s, args.no_data_s))
        stop.set()
        bg.join()
        result["evaluator_slow_steps"] = slow_steps()
        result["loadavg_end"] = os.getloadavg()
    finally:
        ing.stop()
        ev.stop()
        restore_timed_rules(tenant, timed_rules)
        for p in pubs:
            p.close()
        dynsec([{"command": "deleteClient", "username": user}, {"command": "deleteRole", "rolename": role}])
        for key in r.scan_iter(f"{prefix}:*"):
            r.delete(key)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
