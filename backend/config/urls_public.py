"""URLs do schema público: admin interno, saúde, autenticação e esquema OpenAPI."""

from django.contrib import admin
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from apps.core.auth_views import TokenView
from apps.core.views import healthz
from apps.timeseries.api.ingest_views import HttpIngestView

urlpatterns = [
    path("admin/", admin.site.urls),
    # Caminho HTTP do protótipo 003 (regra do EMQX → HTTP), com segredo próprio.
    path("ingest", HttpIngestView.as_view(), name="http-ingest"),
    path("healthz", healthz, name="healthz"),
    path("api/auth/token/", TokenView.as_view(), name="auth-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI e Redoc com os arquivos do drf-spectacular-sidecar (sem CDN).
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

# Erros fora do DRF (rota desconhecida, tenant ausente, 500) também em problem+json (apps.core.problems).
handler400 = "apps.core.problems.bad_request"
handler403 = "apps.core.problems.permission_denied"
handler404 = "apps.core.problems.not_found"
handler500 = "apps.core.problems.server_error"
