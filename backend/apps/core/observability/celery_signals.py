"""Métricas e contexto de log das tarefas Celery, por sinais (conectados em config/celery.py).

- task_prerun/postrun: duração e execuções por estado final; task_failure: falhas por tipo de exceção;
- task id e nome da tarefa no contexto dos logs durante a execução;
- worker_init (processo principal): limpa o diretório multiprocesso e, se TS_CELERY_METRICS_PORT estiver
  definido, sobe o /metrics do worker (agregando os processos filhos do pool prefork).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from celery import signals
from prometheus_client import start_http_server

from apps.core.observability import context, metrics

log = logging.getLogger(__name__)
_started: dict[str, tuple[float, Any, Any, Any]] = {}


def _task_name(sender: Any, task: Any = None) -> str:
    return str(getattr(task or sender, "name", None) or "unknown")


def on_task_prerun(task_id: str, task: Any, **_: Any) -> None:
    _started[task_id] = (
        time.perf_counter(),
        context.task_id.set(task_id),
        context.task_name.set(_task_name(task)),
        None,
    )


def on_task_postrun(task_id: str, task: Any, state: str | None = None, **_: Any) -> None:
    name = _task_name(task)
    entry = _started.pop(task_id, None)
    if entry is not None:
        started, id_token, name_token, _unused = entry
        metrics.task_duration.labels(name).observe(time.perf_counter() - started)
        context.task_id.reset(id_token)
        context.task_name.reset(name_token)
    metrics.task_runs.labels(name, state or "UNKNOWN").inc()


def on_task_failure(sender: Any = None, exception: BaseException | None = None, **_: Any) -> None:
    metrics.task_failures.labels(_task_name(sender), type(exception).__name__ if exception else "unknown").inc()


def on_worker_init(**_: Any) -> None:
    directory = metrics.multiprocess_dir()
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)
    port = os.environ.get("TS_CELERY_METRICS_PORT", "").strip()
    if port:
        start_http_server(
            int(port),
            addr=os.environ.get("TS_CELERY_METRICS_HOST", "0.0.0.0"),  # noqa: S104
            registry=metrics.exposition_registry(),
        )
        log.info("métricas do worker ouvindo", extra={"port": int(port)})


def on_worker_process_shutdown(pid: int | None = None, **_: Any) -> None:
    if metrics.multiprocess_dir() and pid:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


def connect() -> None:
    """Liga os receptores (idempotente: o Celery ignora o mesmo receptor conectado duas vezes)."""
    signals.task_prerun.connect(on_task_prerun, weak=False)
    signals.task_postrun.connect(on_task_postrun, weak=False)
    signals.task_failure.connect(on_task_failure, weak=False)
    signals.worker_init.connect(on_worker_init, weak=False)
    signals.worker_process_shutdown.connect(on_worker_process_shutdown, weak=False)
