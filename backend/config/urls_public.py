"""URLs do schema público: admin interno, saúde, autenticação e esquema OpenAPI."""

from django.contrib import admin
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from apps.core.auth_views import TokenDetailView, TokenListView, TokenView
from apps.core.views import healthz, metrics
from apps.live.stream import stream_view
from apps.timeseries.api.ingest_views import HttpIngestView

urlpatterns = [
    path("admin/", admin.site.urls),
    # Caminho HTTP do protótipo 003 (regra do EMQX → HTTP), com segredo próprio.
    path("ingest", HttpIngestView.as_view(), name="http-ingest"),
    path("healthz", healthz, name="healthz"),
    # Prometheus (só no schema público: raspado pela rede interna, sem tenant nem autenticação).
    path("metrics", metrics, name="metrics"),
    path("api/auth/token/", TokenView.as_view(), name="auth-token"),
    path("api/auth/tokens/", TokenListView.as_view(), name="auth-tokens"),
    path("api/auth/tokens/<int:token_id>/", TokenDetailView.as_view(), name="auth-token-detail"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI e Redoc com os arquivos do drf-spectacular-sidecar (sem CDN).
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # O EventSource não manda X-Tenant: no host sem tenant o stream vale pelo tenant do ticket.
    path("api/stream", stream_view, name="public-stream"),
]

# Erros fora do DRF (rota desconhecida, tenant ausente, 500) também em problem+json (apps.core.problems).
handler400 = "apps.core.problems.bad_request"
handler403 = "apps.core.problems.permission_denied"
handler404 = "apps.core.problems.not_found"
handler500 = "apps.core.problems.server_error"
