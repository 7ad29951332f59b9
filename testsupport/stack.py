"""Parar/subir um serviço da instância de TESTE dos serviços locais (testes de confiabilidade).

`scripts/dev.sh test` roda a suíte com `TS_STACK_PROFILE=test`: a instância `<instância>-test`, com portas
próprias, banco, Redis e Mosquitto próprios. Parar o PostgreSQL ou o Mosquitto aqui nunca toca o `make up`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def stack(*args: str, **extra_env: str) -> None:
    """`scripts/stack.sh <args>` na instância de teste (recusa rodar se a suíte não estiver nela).

    `extra_env` (ex.: TS_MQTT_MAX_QUEUED_MESSAGES) vale só para esta chamada (a config do broker é regerada
    no start)."""
    if os.environ.get("TS_STACK_PROFILE") != "test":
        raise RuntimeError("os testes só param/sobem serviços da instância de teste: rode via scripts/dev.sh test")
    result = subprocess.run(
        [str(REPO / "scripts" / "stack.sh"), *args], env={**os.environ, **extra_env}, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"scripts/stack.sh {' '.join(args)} falhou:\n{result.stderr[-3000:]}")
    if args[-1] in ("pg", "postgresql"):
        # As conexões do Django neste processo morreram com o servidor: os próximos testes abrem novas.
        from django.db import connections

        connections.close_all()
