"""Logs JSON, uma linha por evento, no mesmo formato do ingest (`ingest.main.JsonFormatter`): ts, level,
logger, msg e os campos de `extra=`; mais request_id (API) e task_id/task (workers) quando houver."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import orjson

from apps.core.observability import context

_STD_ATTRS = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


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


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STD_ATTRS and not key.startswith("_"):
                doc[key] = value
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(doc, default=str).decode()
