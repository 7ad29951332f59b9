"""Views transversais (saúde do serviço)."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.tenancy.connection import tenant_connection


def healthz(request: HttpRequest) -> JsonResponse:
    """Responde 200 se o banco atende; usado pelo Compose e pelo `make up`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "schema": tenant_connection().schema_name})


def metrics(request: HttpRequest) -> HttpResponse:
    """Métricas Prometheus da API (agregadas entre os workers do gunicorn; ver apps.core.observability)."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    from apps.core.observability.metrics import exposition_registry

    return HttpResponse(generate_latest(exposition_registry()), content_type=CONTENT_TYPE_LATEST)
