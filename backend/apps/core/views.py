"""Views transversais (saúde do serviço e métricas)."""

import hmac

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.tenancy.connection import tenant_connection


def healthz(request: HttpRequest) -> JsonResponse:
    """Responde 200 se o banco atende; usado pelo Compose e pelo `make up`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "schema": tenant_connection().schema_name})


def metrics(request: HttpRequest) -> HttpResponse:
    """Métricas Prometheus da API (agregadas entre os workers do gunicorn; ver apps.core.observability).

    Com `TS_METRICS_TOKEN` definido (obrigatório no Compose de produção), exige `Authorization: Bearer <token>`:
    a porta da API é pública e as métricas revelam rotas, volumes e erros. Sem ele (dev local), aberto."""
    expected = settings.METRICS_TOKEN
    if expected:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
            resp = JsonResponse(
                {"title": "Não autenticado", "status": 401, "detail": "Use Authorization: Bearer <TS_METRICS_TOKEN>."},
                status=401,
                content_type="application/problem+json",
            )
            resp["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return resp
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    from apps.core.observability.metrics import exposition_registry

    return HttpResponse(generate_latest(exposition_registry()), content_type=CONTENT_TYPE_LATEST)
