"""Plugin pytest com as fixtures que vários pacotes usam (registrado em `pytest_plugins` do conftest raiz)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from testsupport.devplatform import DevPlatform

REPO = Path(__file__).resolve().parents[1]
BACKEND = REPO / "backend"
DEV_PLATFORM = pytest.StashKey[DevPlatform]()


# --- A prova de que a suíte não perturba o `make up` (testsupport.devplatform) ---------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Os testes `dev_platform` rodam por último: depois de todos os que mexem em broker, banco e Redis."""
    items.sort(key=lambda item: item.get_closest_marker("dev_platform") is not None)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Antes do primeiro teste: canário no broker de dev e o retrato dele (só se a prova foi coletada)."""
    if session.config.option.collectonly:
        return
    if any(item.get_closest_marker("dev_platform") for item in session.items):
        session.config.stash[DEV_PLATFORM] = DevPlatform.prepare()


def pytest_sessionfinish(session: pytest.Session) -> None:
    platform = session.config.stash.get(DEV_PLATFORM, None)
    if platform is not None:
        platform.cleanup()


@pytest.fixture
def dev_platform(request: pytest.FixtureRequest) -> DevPlatform:
    """O broker de dev como estava antes do primeiro teste da sessão (exige o marcador `dev_platform`)."""
    platform = request.config.stash.get(DEV_PLATFORM, None)
    if platform is None:
        pytest.fail("o retrato do broker de dev não foi tirado: o teste precisa do marcador dev_platform")
    return platform


@pytest.fixture(scope="session")
def seeded_catalog(django_db_setup: None, django_db_blocker: Any) -> None:
    """O catálogo semeado pelo mesmo comando do `up` (idempotente; fica no banco da sessão)."""
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        call_command("seed_catalog", verbosity=0)


@pytest.fixture(scope="session")
def celery_worker_process(worker_url: str) -> Iterator[subprocess.Popen[bytes]]:
    """Um worker Celery de verdade (pool solo) apontado para o banco de teste como papel do worker.

    O Redis é o da instância de teste (scripts/dev.sh test): limpá-lo não toca a fila do `make up`.
    """
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": worker_url,
        "TS_BROKER_SYNC_BACKOFF_BASE": "0.5",
        "TS_BROKER_SYNC_MAX_RETRIES": "3",
        "PYTHONPATH": str(BACKEND),
    }
    log_path = REPO / "var" / "test-celery-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BACKEND,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while b"ready." not in log_path.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"worker Celery não subiu; log em {log_path}:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    yield proc
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
