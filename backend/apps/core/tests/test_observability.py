"""Observabilidade de verdade: gunicorn com 2 workers e worker Celery prefork, em modo multiprocesso do
prometheus_client (como no Compose), contra o banco de teste real e o Redis real; o teste lê /metrics e
os logs JSON que os processos escrevem."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

REPO = Path(__file__).resolve().parents[4]
BACKEND = REPO / "backend"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """{(nome da amostra, rótulos): valor} de um texto de exposição Prometheus."""
    out: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


def value(found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            # Sem abandonar requisição: uma sonda que desistisse por timeout seria contada depois pelo servidor
            # e entraria nas diferenças de contadores dos testes (máquina carregada). Recusa de conexão é imediata.
            urllib.request.urlopen(url, timeout=max(1.0, deadline - time.monotonic())).read()  # noqa: S310
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} não respondeu; log:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.2)


def json_lines(log: Path) -> list[dict[str, object]]:
    lines = []
    for raw in log.read_text().splitlines():
        if raw.startswith("{"):
            lines.append(json.loads(raw))
    return lines


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def gunicorn_api(api_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A API como no Compose: gunicorn gthread com 2 workers e PROMETHEUS_MULTIPROC_DIR."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": api_url,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "TS_LOG_FORMAT": "json",
        "TS_METRICS_TOKEN": METRICS_TOKEN,
        "PYTHONPATH": f"{REPO}:{BACKEND}",
    }
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "python:config.gunicorn", "config.wsgi:application"],
            cwd=BACKEND,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/healthz", proc, log)
        yield base, log
    finally:
        stop(proc)


METRICS_TOKEN = uuid.uuid4().hex


def read_metrics(base: str) -> str:
    req = urllib.request.Request(base + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})  # noqa: S310
    body: bytes = urllib.request.urlopen(req, timeout=5).read()  # noqa: S310
    return body.decode()


def test_api_metrics_need_the_metrics_token(gunicorn_api: tuple[str, Path]) -> None:
    base, _ = gunicorn_api
    for headers in ({}, {"Authorization": "Bearer errado"}, {"Authorization": METRICS_TOKEN}):
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(urllib.request.Request(base + "/metrics", headers=headers), timeout=5)  # noqa: S310
        assert denied.value.code == 401
        assert denied.value.headers["WWW-Authenticate"].startswith("Bearer")
        assert "traksense_api_requests_total" not in denied.value.read().decode()
    assert "traksense_api_requests_total" in read_metrics(base)


def test_api_metrics_by_route_and_status_across_gunicorn_workers(gunicorn_api: tuple[str, Path]) -> None:
    base, log = gunicorn_api
    before = samples(read_metrics(base))
    for _ in range(12):
        urllib.request.urlopen(base + "/healthz", timeout=5).read()  # noqa: S310
    for _ in range(3):
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + f"/nada-{uuid.uuid4().hex}", timeout=5)  # noqa: S310
        assert missing.value.code == 404
    after = samples(read_metrics(base))

    total = "traksense_api_requests_total"
    assert (
        value(after, total, method="GET", route="healthz", status="200")
        - value(before, total, method="GET", route="healthz", status="200")
        == 12
    )
    # Caminhos sem rota viram uma série só (`unmatched`), nunca uma por URL.
    assert (
        value(after, total, method="GET", route="unmatched", status="404")
        - value(before, total, method="GET", route="unmatched", status="404")
        == 3
    )
    hist = "traksense_api_request_duration_seconds_count"
    assert value(after, hist, method="GET", route="healthz", status="200") >= 12
    assert [line for line in json_lines(log) if line.get("msg") == "request"], "nenhuma linha de acesso JSON"


def test_api_logs_are_json_with_the_request_id(gunicorn_api: tuple[str, Path]) -> None:
    base, log = gunicorn_api
    request = urllib.request.Request(base + "/healthz", headers={"X-Request-ID": "req-teste-123"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        assert response.headers["X-Request-ID"] == "req-teste-123"
    # Id inseguro (vai para os logs) é trocado por um gerado.
    bad = urllib.request.Request(base + "/healthz", headers={"X-Request-ID": "x" * 300})  # noqa: S310
    with urllib.request.urlopen(bad, timeout=5) as response:  # noqa: S310
        generated = response.headers["X-Request-ID"]
    assert generated
    assert len(generated) == 32

    deadline = time.monotonic() + 5
    while True:
        access = [line for line in json_lines(log) if line.get("msg") == "request"]
        ids = {line.get("request_id") for line in access}
        if {"req-teste-123", generated} <= ids or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert {"req-teste-123", generated} <= ids
    line = next(line for line in access if line.get("request_id") == "req-teste-123")
    assert line["route"] == "healthz"
    assert line["status"] == 200
    assert line["level"] == "info"


@pytest.fixture
def prefork_worker(worker_url: str, tmp_path: Path) -> Iterator[tuple[str, int, Path, str, subprocess.Popen[bytes]]]:
    """Worker Celery prefork (2 processos) numa fila própria, com /metrics multiprocesso. Nome de nó
    `celery@<host único>`: o padrão do Celery é `celery@<hostname>`, e o host único evita que outro worker
    da suíte responda ao ping no lugar deste."""
    queue = f"traksense-test-obs-{uuid.uuid4().hex[:8]}"
    host = f"obs-{uuid.uuid4().hex[:8]}"
    port = free_port()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": worker_url,
        "TS_CELERY_QUEUE": queue,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
        "TS_CELERY_METRICS_PORT": str(port),
        "TS_CELERY_METRICS_HOST": "127.0.0.1",
        "TS_LOG_FORMAT": "json",
        "PYTHONPATH": f"{REPO}:{BACKEND}",
    }
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "prefork",
                "-c",
                "2",
                "-l",
                "info",
                "-n",
                f"celery@{host}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BACKEND,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 40
        while b"ready." not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker não subiu:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield queue, port, log, host, proc
    finally:
        stop(proc)


def test_celery_task_runs_failures_and_duration(prefork_worker: tuple[str, int, Path, str, Any]) -> None:
    from config.celery import app

    queue, port, log, _, _ = prefork_worker
    ok = [app.send_task("apps.timeseries.tasks.refresh_rollups", queue=queue) for _ in range(3)]
    for result in ok:
        result.get(timeout=60)
    # Argumento inesperado: a tarefa levanta TypeError dentro do worker (send_task não confere a assinatura).
    failed = app.send_task("apps.timeseries.tasks.refresh_rollups", kwargs={"inexistente": 1}, queue=queue)
    with pytest.raises(TypeError):
        failed.get(timeout=60)

    deadline = time.monotonic() + 10
    while True:
        found = samples(urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode())
        task = "apps.timeseries.tasks.refresh_rollups"
        runs_ok = value(found, "traksense_celery_task_runs_total", task=task, state="SUCCESS")
        runs_failed = value(found, "traksense_celery_task_runs_total", task=task, state="FAILURE")
        if (runs_ok, runs_failed) == (3, 1) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert (runs_ok, runs_failed) == (3, 1)
    assert value(found, "traksense_celery_task_failures_total", task=task, exception="TypeError") == 1
    assert value(found, "traksense_celery_task_duration_seconds_count", task=task) == 4

    # Logs JSON do worker com o task_id da execução que falhou.
    lines = json_lines(log)
    assert any(line.get("task_id") == failed.id and line.get("level") == "error" for line in lines), lines[-5:]
