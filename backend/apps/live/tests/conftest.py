"""Fixtures do SSE: um uvicorn de verdade (`config.asgi`) falando com o banco de teste e o Redis de teste,
clientes HTTP reais (httpx) lendo o stream e dispositivos criados pela função de serviço da API."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from rest_framework.test import APIClient

from apps.devices.services import DeviceSpec, create_device
from testsupport.mqtt import free_port
from testsupport.tenants import bearer_client, in_tenant

BACKEND = Path(__file__).resolve().parents[3]
REPO = BACKEND.parent
HANG_GUARD_S = 60.0  # só contra travamento; nenhum teste afirma sobre duração

# Configuração do processo ASGI nos testes: heartbeat curto (configurável) e limites pequenos.
HEARTBEAT_S = 1.0
MAX_PER_USER = 2
MAX_PER_TENANT = 3


def wait_until(pred: Callable[[], Any], what: str, timeout: float = HANG_GUARD_S) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"condição não atingida: {what}")


@dataclass
class StreamServer:
    """`uvicorn config.asgi:application` como subprocesso (o mesmo comando do `make up`)."""

    port: int
    proc: subprocess.Popen[bytes]
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_stream_server(api_url: str, log_dir: Path, **overrides: str) -> StreamServer:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": api_url,
        "PYTHONPATH": f"{REPO}{os.pathsep}{BACKEND}",
        "PYTHONUNBUFFERED": "1",
        "TS_SSE_HEARTBEAT_SECONDS": str(HEARTBEAT_S),
        # Limites folgados no servidor compartilhado: o servidor só percebe um cliente que fechou na próxima
        # escrita (heartbeat), então streams de testes vizinhos podem coexistir por um instante. O teste dos
        # limites sobe um servidor próprio com MAX_PER_USER/MAX_PER_TENANT.
        "TS_SSE_MAX_STREAMS_PER_USER": "50",
        "TS_SSE_MAX_STREAMS_PER_TENANT": "100",
        # Nome da aplicação no PostgreSQL: os testes contam as conexões deste processo (pg_stat_activity).
        "TS_APP_NAME": f"traksense-sse-test-{port}",
        **overrides,
    }
    log_path = log_dir / f"uvicorn-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
            ],
            cwd=BACKEND,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = StreamServer(port, proc, log_path)

    def up() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"uvicorn saiu:\n{server.log_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            return httpx.get(f"{server.base}/healthz", timeout=2).status_code == 200
        return False

    wait_until(up, "uvicorn respondendo /healthz")
    return server


def stop_stream_server(server: StreamServer) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(5)


@pytest.fixture(scope="session", autouse=True)
def _catalog(seeded_catalog: None) -> None:
    """Todo teste do SSE parte do catálogo semeado (fixture de testsupport.fixtures)."""


@pytest.fixture(scope="module")
def stream_server(api_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamServer]:
    server = start_stream_server(api_url, tmp_path_factory.mktemp("sse"))
    yield server
    stop_stream_server(server)


@pytest.fixture
def redis_client() -> redis.Redis:
    return redis.Redis.from_url(os.environ["REDIS_URL"])


# --- cliente SSE ---------------------------------------------------------------------------------


@dataclass
class SseEvent:
    """Um bloco SSE: evento (`event`/`data`), só `id` ou só comentário (heartbeat)."""

    id: str | None = None
    event: str | None = None
    data: str | None = None
    retry: int | None = None
    comments: list[str] = field(default_factory=list)

    def payload(self) -> Any:
        """O `data` do evento como JSON (falha se o bloco não tinha data)."""
        assert self.data is not None, self
        return json.loads(self.data)


class SseClient:
    """Leitor SSE sobre httpx (cliente HTTP real, conexão TCP própria). `close()` derruba a conexão."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self._client = httpx.Client(timeout=httpx.Timeout(10.0, read=HANG_GUARD_S))
        self._cm = self._client.stream("GET", url, headers=headers or {})
        self.response = self._cm.__enter__()
        self._lines = self.response.iter_lines() if self.response.status_code == 200 else iter(())

    @property
    def status(self) -> int:
        return self.response.status_code

    def json(self) -> Any:
        self.response.read()
        return self.response.json()

    def next_block(self) -> SseEvent:
        ev = SseEvent()
        seen = False
        for line in self._lines:
            if line == "":
                if seen:
                    return ev
                continue
            seen = True
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "":
                ev.comments.append(value)
            elif name == "id":
                ev.id = value
            elif name == "event":
                ev.event = value
            elif name == "data":
                ev.data = value if ev.data is None else ev.data + "\n" + value
            elif name == "retry":
                ev.retry = int(value)
        raise AssertionError("stream terminou")

    def next_event(self) -> SseEvent:
        """Próximo evento com `data` (pula heartbeats e blocos só com id)."""
        while True:
            ev = self.next_block()
            if ev.data is not None:
                return ev

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._cm.__exit__(None, None, None)
        self._client.close()


@pytest.fixture
def sse() -> Iterator[Callable[..., SseClient]]:
    opened: list[SseClient] = []

    def open_(url: str, headers: dict[str, str] | None = None) -> SseClient:
        c = SseClient(url, headers)
        opened.append(c)
        return c

    yield open_
    for c in opened:
        c.close()


# --- dispositivos e tickets ----------------------------------------------------------------------


def make_device(tenant: str = "alpha", template: str = "inverter_v1_parsec") -> uuid.UUID:
    """Dispositivo criado pela função de serviço da API (dentro da transação do teste)."""
    slug = f"inv-{uuid.uuid4().hex[:8]}"
    with in_tenant(tenant) as t:
        result = create_device(
            tenant=t, spec=DeviceSpec(site_slug="planta-1", template_slug=template, slug=slug, name=slug)
        )
    return result.device.id


def ticket_for(client: APIClient, *devices: uuid.UUID) -> Any:
    return client.post("/api/stream/ticket", {"devices": [str(d) for d in devices]}, format="json")


def stream_url(server: StreamServer, client: APIClient, *devices: uuid.UUID, **query: str) -> str:
    resp = ticket_for(client, *devices)
    assert resp.status_code == 201, resp.content
    url = server.base + str(resp.json()["stream_url"])
    for k, v in query.items():
        url += f"&{k}={v}"
    return url


__all__ = ["bearer_client", "in_tenant"]
