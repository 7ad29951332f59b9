"""Processo ASGI (uvicorn) dos streams SSE: o mesmo projeto Django, servindo só `/api/stream` (e `/healthz`).

A API REST continua no gunicorn (gthread); aqui cada stream é uma corrotina, não um worker preso. Outras
rotas respondem 404 sem passar pelo Django, para que ninguém use este processo como API por engano.

    uvicorn config.asgi:application --host 127.0.0.1 --port $TS_STREAM_PORT --no-access-log
"""

from __future__ import annotations

import json
import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Sob ASGI o código síncrono de cada request roda numa thread própria: conexão persistente (CONN_MAX_AGE)
# ficaria presa numa thread descartada, uma por request (a documentação do Django manda desligar em ASGI).
os.environ["DJANGO_CONN_MAX_AGE"] = "0"

django_application = get_asgi_application()

ASGI_PATHS = frozenset({"/api/stream", "/healthz"})
_NOT_HERE = json.dumps({"detail": "Este processo serve só /api/stream (SSE); a API REST está no gunicorn."}).encode()


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http" and scope["path"] not in ASGI_PATHS:
        await send(
            {
                "type": "http.response.start",
                "status": 404,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(_NOT_HERE)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": _NOT_HERE})
        return
    await django_application(scope, receive, send)
