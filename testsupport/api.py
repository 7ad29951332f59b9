"""A API HTTP de verdade nos testes: gunicorn com `config/gunicorn.py` (a mesma configuração do Compose e do
`make up`), no banco de teste com o papel da API. O log vai para arquivo: um pipe não lido encheria e travaria
as threads do servidor."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from testsupport.mqtt import free_port

REPO = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def running_api(api_url: str, log_path: Path, *, workers: int = 1, **env: str) -> Iterator[str]:
    """Sobe o gunicorn, espera `/healthz` responder e devolve a URL base; para o servidor na saída."""
    port = free_port()
    full_env = {
        **os.environ,
        "DATABASE_URL": api_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'backend'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        **env,
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [gunicorn, "--config", "python:config.gunicorn", "config.wsgi:application"],
            cwd=REPO / "backend",
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # Sonda sem abandonar requisição (timeout = o que resta do prazo): recusa de conexão é imediata.
                with urllib.request.urlopen(f"{base}/healthz", timeout=max(1.0, deadline - time.monotonic())):  # noqa: S310
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"gunicorn não subiu:\n{log_path.read_text(errors='replace')[-3000:]}"
                    ) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
