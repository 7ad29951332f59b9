"""Middleware de observabilidade da API: request id, log de acesso JSON e métricas por rota e status.

Fica no topo do MIDDLEWARE para medir tudo (inclusive o tenant middleware e respostas de erro). A rota é
o padrão da URL resolvida (`api/devices/<uuid:pk>/`), nunca o caminho cru — senão cada id viraria uma série
nova no Prometheus; request que não resolve rota conta como `unmatched`.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from apps.core.observability import context, metrics

log = logging.getLogger("traksense.access")

REQUEST_ID_HEADER = "X-Request-ID"
# Aceita o id do proxy/cliente só se for curto e inofensivo (vai para logs); senão gera um novo.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def _route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return str(match.route) or str(match.view_name) or "unmatched"


class ObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = context.request_id.set(rid)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[REQUEST_ID_HEADER] = rid
            return response
        finally:
            elapsed = time.perf_counter() - started
            route = _route_of(request)
            method = request.method or "-"
            metrics.api_requests.labels(method, route, str(status)).inc()
            metrics.api_latency.labels(method, route, str(status)).observe(elapsed)
            log.info(
                "request",
                extra={
                    "method": method,
                    "route": route,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            context.request_id.reset(token)
