"""Logs JSON, uma linha por evento, pelo python-json-logger: `ts` (UTC, milissegundos), `level`, `logger`,
`msg`, os campos de `extra=` e `exc` com o traceback. O mesmo formatter serve a API e os workers
(`apps.core.observability.logs`), que acrescentam request_id/task_id por filtro."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.orjson import OrjsonFormatter


class JsonFormatter(OrjsonFormatter):
    """Os campos que os testes e a observabilidade leem, com os nomes de sempre."""

    def __init__(self) -> None:
        super().__init__(
            "{levelname}{name}{message}",
            style="{",
            rename_fields={"levelname": "level", "name": "logger", "message": "msg", "exc_info": "exc"},
            json_default=str,
        )

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        log_data["ts"] = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        super().add_fields(log_data, record, message_dict)
        log_data["level"] = record.levelname.lower()
