"""API, worker e réplica do ingest sobem SÓ com o ambiente que o Compose lhes dá, e os healthchecks do
Compose os enxergam (e deixam de enxergar quando o processo morre).

Sem Docker: o ambiente de cada serviço sai do `docker-compose config`; os endereços internos do Compose
(emqx, timescaledb, redis) e os segredos de exemplo são trocados pelos da stack local de teste (Mosquitto
com dynsec, Redis e o banco de teste real com o papel do serviço) — as CHAVES são exatamente as do Compose,
mais PATH/PYTHONPATH/DJANGO_SETTINGS_MODULE, que a imagem define (infra/docker/Dockerfile).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_compose_contract import env_of, services

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def local_env_for(service: str, ingest_url: str, health_port: int) -> dict[str, str]:
    """Ambiente do Compose com os valores trocados pelos da stack local (mesmas chaves)."""
    tag = uuid.uuid4().hex[:8]
    local = {
        "INGEST_DATABASE_URL": ingest_url,
        "MQTT_HOST": os.environ["MQTT_HOST"],
        "MQTT_PORT": os.environ["MQTT_PORT"],
        "TS_MQTT_INGEST_USER": os.environ["TS_MQTT_INGEST_USER"],
        "TS_MQTT_INGEST_PASSWORD": os.environ["TS_MQTT_INGEST_PASSWORD"],
        "TS_INGEST_HEALTH_PORT": str(health_port),
    }
    env = dict(env_of(service))
    assert set(local) <= set(env), f"o Compose deixou de dar {sorted(set(local) - set(env))} ao {service}"
    env.update(local)
    # Client id (e grupo, se houver) únicos por execução (a sessão persistente não pode cruzar com outros testes).
    env["TS_INGEST_CLIENT_ID"] = f"{env['TS_INGEST_CLIENT_ID']}-test-{tag}"
    if "TS_INGEST_SHARE_GROUP" in env:  # só no modo `shared` (o Compose usa o particionado, ADR-004)
        env["TS_INGEST_SHARE_GROUP"] = f"{env['TS_INGEST_SHARE_GROUP']}-test-{tag}"
    return {**env, **image_env()}


def image_env() -> dict[str, str]:
    """O que o Dockerfile define (ENV) e o mínimo do sistema."""
    return {
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "PYTHONPATH": f"{REPO}:{REPO / 'backend'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
    }


def swap(service: str, local: dict[str, str]) -> dict[str, str]:
    env = dict(env_of(service))
    assert set(local) <= set(env), f"o Compose deixou de dar {sorted(set(local) - set(env))} ao {service}"
    env.update(local)
    return {**env, **image_env()}


def healthcheck_argv(service: str, url: str, local_url: str) -> list[str]:
    kind, *argv = services()[service]["healthcheck"]["test"]
    assert kind == "CMD"
    assert argv[0] == "python"
    assert any(url in a for a in argv)
    return [sys.executable, *[a.replace(url, local_url) for a in argv[1:]]]


def passes(argv: list[str]) -> bool:
    return subprocess.run(argv, capture_output=True, check=False).returncode == 0


@pytest.fixture
def ingest_replica(ingest_url: str, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    port = free_port()
    log = tmp_path / "ingest-1.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ingest"],
            cwd=REPO,
            env=local_env_for("ingest-1", ingest_url, port),
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc, port, log
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_replica_starts_with_compose_env_and_passes_compose_healthcheck(
    ingest_replica: tuple[subprocess.Popen[bytes], int, Path],
) -> None:
    proc, port, log = ingest_replica
    argv = healthcheck_argv("ingest-1", "http://localhost:9108", f"http://127.0.0.1:{port}")
    # Como o Docker: repete o healthcheck até passar (start_period + retries), ou desiste.
    deadline = time.monotonic() + 45
    while not passes(argv):
        assert proc.poll() is None, f"ingest saiu ({proc.returncode}):\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"healthcheck nunca passou:\n{log.read_text()[-3000:]}"
        time.sleep(0.5)
    proc.kill()
    proc.wait(10)
    assert not passes(argv), "healthcheck passa com o ingest morto"


def wait_healthy(argv: list[str], proc: subprocess.Popen[bytes], log: Path) -> None:
    """Como o Docker: repete o healthcheck até passar (start_period + retries), ou desiste."""
    deadline = time.monotonic() + 60
    while subprocess.run(argv, capture_output=True, check=False).returncode:
        assert proc.poll() is None, f"processo saiu ({proc.returncode}):\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"healthcheck nunca passou:\n{log.read_text()[-3000:]}"
        time.sleep(0.5)


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as fh:
        return subprocess.Popen(argv, cwd=REPO / "backend", env=env, stdout=fh, stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM: o mestre (gunicorn / Celery) derruba os filhos junto; SIGKILL os deixaria órfãos servindo."""
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def test_api_boots_with_compose_env_and_passes_compose_healthcheck(api_url: str, tmp_path: Path) -> None:
    port = free_port()
    env = swap(
        "api",
        {
            "DATABASE_URL": api_url,
            "REDIS_URL": os.environ["REDIS_URL"],
            "MQTT_HOST": os.environ["MQTT_HOST"],
            "MQTT_PORT": os.environ["MQTT_PORT"],
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
        },
    )
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"  # a imagem usa 0.0.0.0:8000 (backend/config/gunicorn.py)
    # O comando da imagem (Dockerfile CMD), já que o serviço api do Compose não define `command`.
    assert "command" not in services()["api"]
    log = tmp_path / "api.log"
    proc = start(
        [sys.executable, "-m", "gunicorn", "--config", "python:config.gunicorn", "config.wsgi:application"], env, log
    )
    try:
        argv = healthcheck_argv("api", "http://localhost:8000", f"http://127.0.0.1:{port}")
        wait_healthy(argv, proc, log)
    finally:
        stop(proc)
    assert subprocess.run(argv, capture_output=True, check=False).returncode != 0


def test_worker_boots_with_compose_env_and_answers_compose_healthcheck(api_url: str, tmp_path: Path) -> None:
    host = f"compose-worker-{uuid.uuid4().hex[:8]}"
    env = swap(
        "worker",
        {
            "DATABASE_URL": api_url,
            "REDIS_URL": os.environ["REDIS_URL"],
            "MQTT_HOST": os.environ["MQTT_HOST"],
            "MQTT_PORT": os.environ["MQTT_PORT"],
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
            "TS_CELERY_METRICS_PORT": str(free_port()),
        },
    )
    # Fila própria: o worker de teste não pode consumir tarefas de outros testes (o Compose usa a padrão).
    env["TS_CELERY_QUEUE"] = f"compose-boot-{host}"
    env["HOSTNAME"] = host
    command = services()["worker"]["command"]
    assert command[:4] == ["celery", "-A", "config", "worker"]
    # `-n celery@<host>` = o nome padrão do Celery com o hostname do contêiner, que o healthcheck usa.
    log = tmp_path / "worker.log"
    proc = start([sys.executable, "-m", *command, "-n", f"celery@{host}"], env, log)
    kind, shell = services()["worker"]["healthcheck"]["test"]
    assert kind == "CMD-SHELL"
    argv = ["sh", "-c", shell.replace("$$", "$")]
    try:
        deadline = time.monotonic() + 60
        while subprocess.run(argv, cwd=REPO / "backend", env=env, capture_output=True, check=False).returncode:
            assert proc.poll() is None, f"worker saiu ({proc.returncode}):\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"healthcheck nunca passou:\n{log.read_text()[-3000:]}"
            time.sleep(1)
    finally:
        stop(proc)
    quick = ["sh", "-c", shell.replace("$$", "$").replace("--timeout 10", "--timeout 2")]
    assert subprocess.run(quick, cwd=REPO / "backend", env=env, capture_output=True, check=False).returncode != 0
