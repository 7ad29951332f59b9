"""Configuração do gunicorn da API em produção (`gunicorn --config python:config.gunicorn`).

gthread: lição do protótipo (003) — o worker sync travava atrás do EMQX/Docker. Com vários processos, as
métricas Prometheus usam o modo multiprocesso do prometheus_client: cada processo grava em
PROMETHEUS_MULTIPROC_DIR e o /metrics agrega (apps.core.metrics); o diretório é limpo na partida e o
processo que morre é marcado (senão os gauges dele ficariam para sempre).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# O log de acesso é o do middleware (JSON com request id); o do gunicorn seria uma segunda linha por request.
accesslog = None


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
