"""Observabilidade da API e dos workers: logs JSON com request id / task id e métricas Prometheus.

- `logs`: formatador JSON (mesmo formato do ingest) e o filtro que carimba request_id/task_id;
- `metrics`: métricas e o registro exposto (multiprocesso quando PROMETHEUS_MULTIPROC_DIR existe);
- `middleware`: request id + contagem/latência por rota e status;
- `celery_signals`: sinais do Celery (execuções, falhas, duração) e o servidor /metrics do worker.
"""
