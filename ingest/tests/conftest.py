"""Fixtures de integração do ingest: banco de teste (fixtures da raiz), broker real, ingest como subprocesso.

Cada teste cria seus próprios dispositivos (slugs únicos) e roda um ingest com client id e grupo de
assinatura próprios; no fim, a sessão persistente do ingest é apagada no broker (senão ela continuaria
acumulando mensagens de todos os testes seguintes).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import psycopg
import pytest
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from apps.broker.provisioning import stack_instance

REPO = Path(__file__).resolve().parents[2]
PY = sys.executable
HANG_GUARD_S = 180.0  # só contra travamento; nenhum teste afirma sobre duração


def wait_until(pred: Callable[[], bool], what: str, timeout: float = HANG_GUARD_S, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(every)
    raise AssertionError(f"condição não atingida: {what}")


def stack(*args: str, **extra_env: str) -> None:
    """Para/sobe um serviço da instância local. Sem as URLs que os testes sobrepõem (banco de teste, Redis
    de teste): com elas o stack.sh trataria o serviço como externo. `extra_env` (ex.:
    TS_MQTT_MAX_QUEUED_MESSAGES) vale só para esta chamada (a config do broker é regerada no start)."""
    overridden = {"DATABASE_URL", "REDIS_URL", "MQTT_HOST"}
    env = {k: v for k, v in os.environ.items() if k not in overridden}
    env["TRAKSENSE_INSTANCE"] = stack_instance()
    env.update(extra_env)
    subprocess.run([str(REPO / "scripts/stack.sh"), *args], check=True, env=env, capture_output=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


@pytest.fixture(scope="session")
def db(owner_url: str) -> Db:
    return Db(owner_url)


# --- MQTT ---------------------------------------------------------------------------------------


def _mqtt_client(client_id: str, user: str, password: str, *, clean: bool = True) -> paho.Client:
    c = paho.Client(
        callback_api_version=CallbackAPIVersion.VERSION2, client_id=client_id, protocol=MQTTProtocolVersion.MQTTv5
    )
    c.username_pw_set(user, password)
    return c


def _connect(c: paho.Client, *, clean: bool = True, expiry: int = 0) -> None:
    props = Properties(PacketTypes.CONNECT)
    if expiry:
        props.SessionExpiryInterval = expiry
    connected = threading.Event()
    c.on_connect = lambda *_a: connected.set()
    c.connect(os.environ["MQTT_HOST"], int(os.environ["MQTT_PORT"]), clean_start=clean, properties=props)
    c.loop_start()
    if not connected.wait(15):
        raise AssertionError("não conectou ao broker")


def dynsec(commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Executa comandos do dynamic security como admin e devolve as respostas."""
    c = _mqtt_client(
        f"test-admin-{uuid.uuid4().hex[:8]}", os.environ["TS_MQTT_ADMIN_USER"], os.environ["TS_MQTT_ADMIN_PASSWORD"]
    )
    got: list[dict[str, Any]] = []
    done = threading.Event()

    def on_message(_c: Any, _u: Any, m: paho.MQTTMessage) -> None:
        got.extend(json.loads(m.payload)["responses"])
        done.set()

    c.on_message = on_message
    _connect(c)
    c.subscribe("$CONTROL/dynamic-security/v1/response", qos=1)
    time.sleep(0.2)
    c.publish("$CONTROL/dynamic-security/v1", json.dumps({"commands": commands}), qos=1).wait_for_publish(10)
    assert done.wait(10), "sem resposta do dynsec"
    c.loop_stop()
    c.disconnect()
    return got


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


@pytest.fixture(scope="session")
def publisher_credentials() -> Credentials:
    """Cliente de teste com permissão de publicar em traksense/# (criado pelo admin via dynsec)."""
    user, password, role = f"test-pub-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex, f"test-pub-role-{uuid.uuid4().hex[:6]}"
    responses = dynsec(
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
    assert all("error" not in r for r in responses), responses
    yield Credentials(user, password)
    dynsec([{"command": "deleteClient", "username": user}, {"command": "deleteRole", "rolename": role}])


class Publisher:
    """Publicador QoS1 que só considera publicado o que o broker confirmou (PUBACK); repete o resto.

    Sessão persistente: sobrevive a um restart do broker (mensagens em voo são reenviadas).
    """

    def __init__(self, creds: Credentials) -> None:
        self.client = _mqtt_client(f"test-pub-{uuid.uuid4().hex[:8]}", creds.username, creds.password)
        self.client.max_inflight_messages_set(200)
        self.client.max_queued_messages_set(0)
        self.client.reconnect_delay_set(0.2, 2)
        _connect(self.client, clean=True)

    def publish(self, topic: str, payload: bytes | str, *, retain: bool = False, qos: int = 1) -> None:
        for _ in range(200):
            info = self.client.publish(topic, payload, qos=qos, retain=retain)
            try:
                info.wait_for_publish(5)
            except (RuntimeError, ValueError):
                time.sleep(0.2)
                continue
            if info.is_published():
                return
            time.sleep(0.1)
        raise AssertionError(f"broker não confirmou a publicação em {topic}")

    def publish_many(self, items: list[tuple[str, bytes]]) -> None:
        """Publica em janela (até 200 em voo), esperando o PUBACK de cada; repete as não confirmadas."""
        pending = list(items)
        while pending:
            infos = []
            for topic, payload in pending[:200]:
                infos.append(((topic, payload), self.client.publish(topic, payload, qos=1)))
            retry = []
            for item, info in infos:
                with contextlib.suppress(RuntimeError, ValueError):
                    info.wait_for_publish(10)
                if not info.is_published():
                    retry.append(item)
            if retry:
                time.sleep(0.5)
            pending = retry + pending[200:]

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def publisher(publisher_credentials: Credentials) -> Iterator[Publisher]:
    p = Publisher(publisher_credentials)
    yield p
    p.close()


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
        c = _mqtt_client(self.client_id, os.environ["TS_MQTT_INGEST_USER"], os.environ["TS_MQTT_INGEST_PASSWORD"])
        try:
            _connect(c, clean=True)
        finally:
            c.loop_stop()
            c.disconnect()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def ingest_factory(ingest_url: str, tmp_path: Path) -> Iterator[Callable[..., IngestProcess]]:
    made: list[IngestProcess] = []

    def make(**overrides: str) -> IngestProcess:
        p = IngestProcess(ingest_url, tmp_path, **overrides)
        made.append(p)
        return p

    yield make
    for p in made:
        if p.proc is not None:
            p.terminate()
        with contextlib.suppress(AssertionError):
            p.drop_session()
