"""`manage.py run_evaluator`: o avaliador de regras (ADR-005). SIGTERM/SIGINT terminam a entrada em curso e saem."""

from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Any

import redis
from django.conf import settings
from django.core.management.base import BaseCommand

from apps.rules.evaluator import Evaluator


class Command(BaseCommand):
    help = "Consome os streams de avaliação e varre o tempo (for_s, keep_firing_for_s, no_data)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--consumer", default=None, help="Nome estável do consumidor (padrão: host-evaluator).")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
        if settings.EVAL_NICE > 0:
            # Abaixo do ingest na disputa por CPU (TS_EVAL_NICE; ver settings): é o ingest que confirma (PUBACK)
            # a telemetria; a avaliação tolera fila.
            os.nice(min(settings.EVAL_NICE, 19))
        if settings.EVAL_SCHED_IDLE and hasattr(os, "SCHED_IDLE"):  # política do Linux
            # SCHED_IDLE: o avaliador só roda quando nenhum processo normal quer a CPU, e um normal que acorda
            # (o ingest à espera do PostgreSQL, do Redis ou do broker) o desaloja na hora — com `nice` ele ainda
            # segurava o núcleo até o fim da fatia. Baixar a própria prioridade não exige privilégio.
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        client = redis.Redis.from_url(settings.EVAL_REDIS_URL, socket_timeout=10)
        Evaluator(client, consumer=options["consumer"]).run(stop)
