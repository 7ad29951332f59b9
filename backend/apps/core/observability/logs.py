"""Logs JSON, uma linha por evento, com o mesmo formatter do ingest (`ingest.logs.JsonFormatter`, pelo
python-json-logger): ts, level, logger, msg e os campos de `extra=`; mais request_id (API) e task_id/task
(workers) quando houver, pelo `ContextFilter`."""

from __future__ import annotations

import logging

from apps.core.observability import context
from ingest.logs import JsonFormatter

__all__ = ["ContextFilter", "JsonFormatter"]


class ContextFilter(logging.Filter):
    """Copia o request id / task id do contexto para o registro (vale para qualquer logger)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in (
            ("request_id", context.request_id),
            ("task_id", context.task_id),
            ("task", context.task_name),
        ):
            value = var.get()
            if value is not None and not hasattr(record, name):
                setattr(record, name, value)
        return True
