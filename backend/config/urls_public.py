"""URLs do schema público: admin interno, saúde, autenticação e esquema OpenAPI."""

from django.contrib import admin
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from apps.core.auth_views import TokenView
from apps.core.views import healthz
from apps.live.stream import stream_view
from apps.timeseries.api.ingest_views import HttpIngestView

urlpatterns = [
    path("admin/", admin.site.urls),
    # Caminho HTTP do protótipo 003 (regra do EMQX → HTTP), com segredo próprio.
    path("ingest", HttpIngestView.as_view(), name="http-ingest"),
    path("healthz", healthz, name="healthz"),
    path("api/auth/token/", TokenView.as_view(), name="auth-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # O EventSource não manda X-Tenant: no host sem tenant o stream vale pelo tenant do ticket.
    path("api/stream", stream_view, name="public-stream"),
]
