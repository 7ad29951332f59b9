"""Identificadores da unidade de trabalho corrente (request da API ou tarefa Celery), para os logs."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("traksense_request_id", default=None)
task_id: ContextVar[str | None] = ContextVar("traksense_task_id", default=None)
task_name: ContextVar[str | None] = ContextVar("traksense_task_name", default=None)
