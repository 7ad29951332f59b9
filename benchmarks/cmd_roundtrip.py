"""Benchmark de comandos (issue 6): round-trip p50/p99 de `POST /api/cmd/{device_id}` contra o simulador.

Tudo real, na mesma execução, no banco do projeto (`TS_DB_NAME`, tenant `bench`):
- API: gunicorn com `config/gunicorn.py` (a configuração do `make up` e do Compose: 2 workers gthread × 4 threads),
  iniciado pelo script (`data_api.Api`);
  cliente HTTP com keep-alive, uma requisição por vez.
- Caminho: API grava o Command → publica QoS 1 (PUBACK) → Mosquitto → simulador → ack QoS 1 → ingest
  (`python -m ingest`) grava em cmd_ack → NOTIFY → API concilia e responde.
- Linhas de base no mesmo dispositivo: (a) MQTT puro: publicar `cmd` e receber o `ack` (sem API nem ingest);
  (b) MQTT + ingest: publicar `cmd` e receber a NOTIFY do cmd_ack (sem a API).
- O ingest roda com a janela de lote `TS_INGEST_BATCH_MAX_AGE_S` (padrão do serviço 0.2 s e o valor de
  `--batch-age`), pois ela domina a latência do ACK.

Uso (da raiz; sobe os serviços de dev e acerta PYTHONPATH/.env):
    scripts/dev.sh bench cmd_roundtrip [--iterations 300] [--batch-age 0.005]
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
import urllib.request
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
sys.path.insert(0, str(BACKEND))
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))
from contracts.mqtt import CommandPayload  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
PY = sys.executable
TENANT = "bench"


def manage(*args: str, owner: bool = False) -> None:
    env = {**os.environ}
    if owner:
        env["DATABASE_URL"] = os.environ["DATABASE_OWNER_URL"]
    subprocess.run([PY, "manage.py", *args], cwd=BACKEND, env=env, check=True, capture_output=True)  # noqa: S603


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(pred: Callable[[], Any], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.1)
    raise SystemExit(f"benchmark: não atingido: {what}")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def summary(name: str, ms: list[float]) -> dict[str, Any]:
    return {
        "name": name,
        "n": len(ms),
        "p50": statistics.median(ms),
        "p99": pct(ms, 99),
        "mean": statistics.fmean(ms),
    }


def setup_device() -> tuple[str, Any, str]:
    """Tenant + dispositivo (mesma função de serviço da API), provisionado no broker na hora."""
    import django

    manage("migrate_all", owner=True)
    manage("setup_tenant", TENANT, "--name", "Benchmark", owner=True)
    manage("ensure_ops_user", "--username", "bench-ops", "--password", "bench-ops-password-1", owner=True)
    manage("seed_catalog")
    django.setup()
    from django_tenants.utils import schema_context
    from simulator import Credentials

    from apps.broker.backends import get_provisioner
    from apps.broker.models import MqttCredential
    from apps.broker.services import identity_of
    from apps.core.tokens import issue_token
    from apps.devices.services import DeviceSpec, create_device
    from apps.tenancy.models import Tenant, User

    tenant = Tenant.objects.get(slug=TENANT)
    slug = f"inv-{uuid.uuid4().hex[:8]}"
    with schema_context(tenant.schema_name):
        result = create_device(
            tenant=tenant,
            spec=DeviceSpec(site_slug="bench", template_slug="inverter_v1_parsec", slug=slug, name=slug),
        )
    device = result.device
    credential = MqttCredential.objects.get(username=device.mqtt_username)
    get_provisioner().apply(identity_of(credential), result.mqtt_password)
    token = issue_token(User.objects.get(username="bench-ops"), name="benchmark")
    creds = Credentials(
        host=os.environ["MQTT_HOST"],
        port=int(os.environ["MQTT_PORT"]),
        username=device.mqtt_username,
        password=result.mqtt_password,
        topic_base=device.topic_base,
        adapter="parsec_v1",
    )
    return str(device.id), creds, token.raw


class Ingest:
    def __init__(self, batch_age: str) -> None:
        self.port = free_port()
        self.client_id = f"bench-ingest-{uuid.uuid4().hex[:6]}"
        env = {
            **os.environ,
            "TS_INGEST_CLIENT_ID": self.client_id,
            "TS_INGEST_SHARE_GROUP": f"bench-{uuid.uuid4().hex[:6]}",
            "TS_INGEST_HEALTH_PORT": str(self.port),
            "TS_INGEST_BATCH_MAX_AGE_S": batch_age,
            "TS_INGEST_SESSION_EXPIRY_S": "60",
        }
        self.proc = subprocess.Popen(  # noqa: S603
            [PY, "-m", "ingest"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self.connected, "ingest conectado")
        time.sleep(0.5)

    def connected(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1) as r:
                return bool(json.loads(r.read()).get("mqtt_connected"))
        except OSError:
            return False

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def mqtt_baseline(creds: Any, iterations: int, *, via_notify: bool) -> list[float]:
    """cmd publicado pela conta da API → simulador → ack; fim = ack no MQTT, ou NOTIFY do cmd_ack."""
    import paho.mqtt.client as paho
    import psycopg
    from paho.mqtt.enums import CallbackAPIVersion

    from apps.commands.listener import _conninfo

    got: dict[str, threading.Event] = {}
    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id=f"bench-{uuid.uuid4().hex[:6]}")
    client.username_pw_set(os.environ["TS_MQTT_API_USER"], os.environ["TS_MQTT_API_PASSWORD"])
    ready = threading.Event()
    client.on_connect = lambda *_a: ready.set()

    def on_message(_c: Any, _u: Any, msg: Any) -> None:
        ev = got.get(json.loads(msg.payload)["cmd_id"])
        if ev:
            ev.set()

    client.on_message = on_message
    client.connect(creds.host, creds.port)
    client.loop_start()
    ready.wait(10)
    stop = threading.Event()
    if via_notify:
        conn = psycopg.connect(_conninfo(), autocommit=True)
        conn.execute("LISTEN traksense_cmd_ack")

        def listen() -> None:
            while not stop.is_set():
                for n in conn.notifies(timeout=0.5):
                    ev = got.get(n.payload)
                    if ev:
                        ev.set()

        threading.Thread(target=listen, daemon=True).start()
    else:
        client.subscribe(f"{creds.topic_base}/ack", qos=1)
        time.sleep(0.3)
    out = []
    for _ in range(iterations):
        from ulid import ULID

        cmd_id = str(ULID())
        got[cmd_id] = threading.Event()
        payload = json.dumps(
            CommandPayload.build(cmd_id=cmd_id, op="reset_fault", params={"pulse_ms": 500}, by="bench").to_wire()
        )
        t0 = time.perf_counter()
        client.publish(f"{creds.topic_base}/cmd", payload, qos=1).wait_for_publish(5)
        if not got[cmd_id].wait(10):
            raise SystemExit("baseline: ACK não chegou")
        out.append((time.perf_counter() - t0) * 1000)
    stop.set()
    client.loop_stop()
    client.disconnect()
    return out


# Fases de um POST /api/cmd pelos instantes que a própria resposta traz (mesmo relógio: cliente, API e banco na
# mesma máquina): antes do INSERT (auth, tenant, conferências), até o PUBACK (XADD + publicação MQTT), dispositivo
# + ingest até gravar o ACK (`acked_at` = now() da transação do ingest), e do ACK gravado até a resposta chegar
# (commit do ingest, NOTIFY, listener, conciliação, XADD, JSON, HTTP).
PHASES = ("antes do INSERT", "INSERT → PUBACK", "PUBACK → ACK gravado", "ACK gravado → resposta")
PHASE_SAMPLES: dict[str, list[float]] = {name: [] for name in PHASES}


def _at(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def api_roundtrip(port: int, device_id: str, token: str, iterations: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "X-Tenant": TENANT, "Content-Type": "application/json"}
    body = json.dumps({"op": "reset_fault", "params": {"pulse_ms": 500}})
    out = []
    for name in PHASES:
        PHASE_SAMPLES[name].clear()
    for i in range(iterations + 10):
        wall0 = time.time()
        t0 = time.perf_counter()
        conn.request("POST", f"/api/cmd/{device_id}", body=body, headers=headers)
        res = conn.getresponse()
        data = json.loads(res.read())
        elapsed = (time.perf_counter() - t0) * 1000
        wall1 = wall0 + elapsed / 1000
        if res.status != 200 or data.get("status") != "acked_ok":
            raise SystemExit(f"API: resposta inesperada {res.status}: {data}")
        if i >= 10:  # aquecimento: conexões, LISTEN e cliente MQTT de cada worker
            out.append(elapsed)
            marks = [wall0, _at(data["created_at"]), _at(data["sent_at"]), _at(data["ack"]["acked_at"]), wall1]
            for name, a, b in zip(PHASES, marks, marks[1:], strict=False):
                PHASE_SAMPLES[name].append((b - a) * 1000)
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--iterations", type=int, default=300)
    p.add_argument("--batch-age", default="0.005", help="TS_INGEST_BATCH_MAX_AGE_S do ingest no 2º cenário")
    args = p.parse_args()
    device_id, creds, token = setup_device()

    from simulator import DeviceSimulator

    sim = DeviceSimulator(creds, interval_s=3600).start()
    from data_api import Api  # o mesmo gunicorn dos outros benchmarks (config/gunicorn.py, como o `make up`)

    api = Api(os.environ["DATABASE_URL"])
    api_port = api.port
    results = []
    try:
        results.append(
            summary(
                "MQTT puro: cmd → simulador → ack (sem API, sem ingest)",
                mqtt_baseline(creds, args.iterations, via_notify=False),
            )
        )
        for age in ("0.2", args.batch_age):
            ingest = Ingest(age)
            try:
                sim.announce_online()  # o $share do ingest não recebe o state retido publicado antes dele
                results.append(
                    summary(
                        f"MQTT + ingest (lote {age} s) até a NOTIFY do cmd_ack (sem API)",
                        mqtt_baseline(creds, args.iterations, via_notify=True),
                    )
                )
                results.append(
                    summary(
                        f"POST /api/cmd pelo gunicorn, ingest com lote {age} s",
                        api_roundtrip(api_port, device_id, token, args.iterations),
                    )
                )
            finally:
                ingest.stop()
    finally:
        api.stop()
        sim.stop()
    print(f"{'cenário':<75} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'média':>8}")
    for r in results:
        print(f"{r['name']:<75} {r['n']:>5} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['mean']:>8.1f}")
    print(f"\nfases do POST /api/cmd (último cenário, pelos instantes da resposta) {'p50 ms':>8} {'p95 ms':>8}")
    for name in PHASES:
        values = sorted(PHASE_SAMPLES[name])
        if values:
            p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
            print(f"  {name:<68} {statistics.median(values):>8.1f} {p95:>8.1f}")
    # Máquina compartilhada: a carga no fim da execução vai junto dos números (como o `uptime`).
    print("load average 1/5/15 min (2 núcleos): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
