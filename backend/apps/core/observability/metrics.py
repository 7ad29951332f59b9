"""Métricas Prometheus da API e dos workers Celery.

Multiprocesso: gunicorn (vários workers) e Celery prefork (processos filhos) têm um contador por processo.
Com PROMETHEUS_MULTIPROC_DIR definido (Compose), o prometheus_client grava cada processo num arquivo e
`exposition_registry()` agrega todos; sem ele (um processo só: runserver, testes, pool solo), usa o
registro padrão. O diretório é limpo na partida pelo gunicorn (config/gunicorn.py) e pelo worker
(apps.core.observability.celery_signals).
"""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client import multiprocess as _multiprocess

# Latências típicas da API (ms a dezenas de s: POST /api/cmd espera o ACK até 30 s).
_API_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

api_requests = Counter(
    "traksense_api_requests_total",
    "Requests HTTP atendidas pela API, por método, rota (padrão da URL, não o caminho) e status.",
    ["method", "route", "status"],
)
api_latency = Histogram(
    "traksense_api_request_duration_seconds",
    "Duração das requests HTTP da API, por método, rota e status.",
    ["method", "route", "status"],
    buckets=_API_BUCKETS,
)
task_runs = Counter(
    "traksense_celery_task_runs_total",
    "Execuções de tarefas Celery terminadas, por tarefa e estado final (SUCCESS, FAILURE, RETRY, ...).",
    ["task", "state"],
)
task_failures = Counter(
    "traksense_celery_task_failures_total",
    "Tarefas Celery que terminaram com exceção, por tarefa e tipo da exceção.",
    ["task", "exception"],
)
task_duration = Histogram(
    "traksense_celery_task_duration_seconds",
    "Duração da execução das tarefas Celery, por tarefa.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0),
)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition_registry() -> CollectorRegistry:
    """O registro a expor em /metrics: agregado dos processos ou o padrão."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY
