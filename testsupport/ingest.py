"""O ingest nos testes: acesso ao banco de teste como dono e o serviço como subprocesso (`python -m ingest`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from testsupport.mqtt import drop_ingest_session, free_port, wait_until

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


# --- banco --------------------------------------------------------------------------------------


@dataclass
class Device:
    device_id: uuid.UUID
    tenant_id: uuid.UUID
    tenant_slug: str
    site_slug: str
    device_slug: str
    points: dict[str, uuid.UUID] = field(default_factory=dict)

    def topic(self, kind: str) -> str:
        return f"traksense/{self.tenant_slug}/{self.site_slug}/{self.device_slug}/{kind}"


class Db:
    """Acesso de teste como dono (lê as tabelas base, cria rotas no registro como a API faria)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def execute(self, sql: str, *params: Any) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql, params)  # type: ignore[arg-type]

    def tenant_id(self, slug: str) -> uuid.UUID:
        return self.query("SELECT uuid FROM public.tenancy_tenant WHERE slug = %s", slug)[0][0]  # type: ignore[no-any-return]

    def add_device(
        self,
        tenant_slug: str,
        points: dict[str, tuple[str, list[str]]],
        *,
        adapter: str = "v1",
        site: str = "site-1",
    ) -> Device:
        dev = Device(uuid.uuid4(), self.tenant_id(tenant_slug), tenant_slug, site, f"dev-{uuid.uuid4().hex[:10]}")
        with psycopg.connect(self.url) as conn:
            conn.execute(
                "INSERT INTO public.registry_device_route (device_id, tenant_id, tenant_slug, site_slug, device_slug,"
                " adapter, is_active, updated_at) VALUES (%s, %s, %s, %s, %s, %s, true, now())",
                (dev.device_id, dev.tenant_id, tenant_slug, site, dev.device_slug, adapter),
            )
            for name, (vtype, enum_values) in points.items():
                pid = uuid.uuid4()
                conn.execute(
                    "INSERT INTO public.registry_point_route (point_id, device_id, name, value_type, unit, enum_values)"
                    " VALUES (%s, %s, %s, %s, '', %s)",
                    (pid, dev.device_id, name, vtype, json.dumps(enum_values)),
                )
                dev.points[name] = pid
        return dev

    def add_point(self, dev: Device, name: str, vtype: str) -> None:
        pid = uuid.uuid4()
        self.execute(
            "INSERT INTO public.registry_point_route (point_id, device_id, name, value_type, unit, enum_values)"
            " VALUES (%s, %s, %s, %s, '', '[]')",
            pid,
            dev.device_id,
            name,
            vtype,
        )
        dev.points[name] = pid

    def measures(self, dev: Device) -> list[tuple[Any, ...]]:
        return self.query(
            "SELECT point_id, ts, v_num, v_bool, v_text FROM public.ts_measure WHERE device_id = %s", dev.device_id
        )

    def count(self, dev: Device) -> int:
        return int(self.query("SELECT count(*) FROM public.ts_measure WHERE device_id = %s", dev.device_id)[0][0])

    def errors(self, topic_like: str) -> list[tuple[Any, ...]]:
        return self.query(
            "SELECT reason, detail, payload, tenant_id, topic FROM public.ingest_errors"
            " WHERE topic LIKE %s ORDER BY id",
            topic_like,
        )


# --- o serviço como subprocesso -----------------------------------------------------------------


class IngestProcess:
    """Um `python -m ingest` real (mesmo client id/grupo entre reinícios: mesma sessão persistente)."""

    def __init__(self, ingest_url: str, tmp: Path, **overrides: str) -> None:
        tag = uuid.uuid4().hex[:8]
        self.client_id = f"test-ingest-{tag}"
        self.health_port = free_port()
        self.env = {
            **os.environ,
            "INGEST_DATABASE_URL": ingest_url,
            "TS_INGEST_CLIENT_ID": self.client_id,
            "TS_INGEST_SHARE_GROUP": f"test-{tag}",
            "TS_INGEST_HEALTH_PORT": str(self.health_port),
            "TS_INGEST_REGISTRY_RELOAD_S": "30",
            "TS_INGEST_PARSEC_DEBOUNCE_S": "0",
            "PYTHONUNBUFFERED": "1",
            **overrides,
        }
        self.log_path = tmp / f"ingest-{tag}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> IngestProcess:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen([PY, "-m", "ingest"], cwd=REPO, env=self.env, stdout=log, stderr=log)
        wait_until(lambda: self.healthz().get("mqtt_connected") is True, "ingest conectado ao broker")
        # A assinatura vem logo após o CONNACK; espera o SUBACK implícito checando o log.
        wait_until(lambda: b"MQTT conectado" in self.log_path.read_bytes(), "ingest assinou")
        time.sleep(0.5)
        return self

    def healthz(self) -> dict[str, Any]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.health_port}/healthz", timeout=2) as r:
                return json.loads(r.read())  # type: ignore[no-any-return]
        except urllib.error.HTTPError as e:
            return json.loads(e.read())  # type: ignore[no-any-return]
        except OSError:
            return {}

    def metric(self, name: str) -> float:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.health_port}/metrics", timeout=2) as r:
            for line in r.read().decode().splitlines():
                if line.startswith(name + " ") or line.startswith(name + "{"):
                    return float(line.rsplit(" ", 1)[1])
        raise KeyError(name)

    def pause(self) -> None:
        """SIGSTOP: o processo congela (sem ler o socket, sem reconectar) até `resume`."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def terminate(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return int(self.proc.returncode)

    def drop_session(self) -> None:
        """Apaga a sessão persistente no broker (clean start + expiry 0)."""
        drop_ingest_session(self.client_id)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")
