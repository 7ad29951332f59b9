"""Uma réplica do ingest sobe SÓ com o ambiente que o Compose lhe dá, e o healthcheck do Compose a enxerga.

Sem Docker: o ambiente de `ingest-1` sai do `docker-compose config`; os endereços internos do Compose
(emqx, timescaledb) e os segredos de exemplo são trocados pelos da stack local de teste (Mosquitto com
dynsec e o banco de teste real, papel traksense_ingest) — as CHAVES são exatamente as do Compose, mais
PATH/PYTHONPATH, que a imagem define. Depois roda o comando de healthcheck do Compose contra o processo.
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
    # Grupo e client id únicos por execução (a sessão persistente não pode cruzar com outros testes).
    env["TS_INGEST_CLIENT_ID"] = f"{env['TS_INGEST_CLIENT_ID']}-test-{tag}"
    env["TS_INGEST_SHARE_GROUP"] = f"{env['TS_INGEST_SHARE_GROUP']}-test-{tag}"
    return {**env, "PATH": os.environ["PATH"], "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}


def healthcheck_argv(service: str, health_port: int) -> list[str]:
    kind, *argv = services()[service]["healthcheck"]["test"]
    assert kind == "CMD"
    assert argv[0] == "python"
    url = "http://localhost:9108"
    assert any(url in a for a in argv)
    return [sys.executable, *[a.replace(url, f"http://127.0.0.1:{health_port}") for a in argv[1:]]]


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
    argv = healthcheck_argv("ingest-1", port)
    # Como o Docker: repete o healthcheck até passar (start_period + retries), ou desiste.
    deadline = time.monotonic() + 45
    while not passes(argv):
        assert proc.poll() is None, f"ingest saiu ({proc.returncode}):\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"healthcheck nunca passou:\n{log.read_text()[-3000:]}"
        time.sleep(0.5)
    proc.kill()
    proc.wait(10)
    assert not passes(argv), "healthcheck passa com o ingest morto"
