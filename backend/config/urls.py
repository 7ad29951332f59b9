"""URLs de um tenant (resolvido por hostname ou X-Tenant). Cada app acrescenta suas rotas /api/ aqui."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from apps.core.auth_views import TokenDetailView, TokenListView, TokenView
from apps.core.views import healthz
from apps.live.api.views import StreamTicketView
from apps.live.stream import stream_view
from apps.timeseries.api.ingest_views import HttpIngestView

urlpatterns = [
    # Caminho HTTP do protótipo 003 (regra do EMQX → HTTP), com segredo próprio.
    path("ingest", HttpIngestView.as_view(), name="http-ingest-tenant"),
    path("healthz", healthz, name="tenant-healthz"),
    path("api/auth/token/", TokenView.as_view(), name="tenant-auth-token"),
    path("api/auth/tokens/", TokenListView.as_view(), name="tenant-auth-tokens"),
    path("api/auth/tokens/<int:token_id>/", TokenDetailView.as_view(), name="tenant-auth-token-detail"),
    path("api/schema/", SpectacularAPIView.as_view(), name="tenant-api-schema"),
    # Swagger UI e Redoc com os arquivos do drf-spectacular-sidecar (sem CDN).
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="tenant-api-schema"), name="tenant-api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="tenant-api-schema"), name="tenant-api-redoc"),
    path("api/data/", include("apps.timeseries.api.urls")),
    # SSE: o ticket sai da API REST (gunicorn); o stream é servido pelo processo ASGI (config.asgi).
    path("api/stream/ticket", StreamTicketView.as_view(), name="stream-ticket"),
    path("api/stream", stream_view, name="stream"),
    # Admin também no host do tenant: é onde os modelos do schema do tenant (dispositivos) aparecem.
    path("admin/", admin.site.urls),
    path("", include("apps.devices.urls")),
    path("", include("apps.commands.urls")),
    path("", include("apps.rules.urls")),
]

# Erros fora do DRF (rota desconhecida, tenant ausente, 500) também em problem+json (apps.core.problems).
handler400 = "apps.core.problems.bad_request"
handler403 = "apps.core.problems.permission_denied"
handler404 = "apps.core.problems.not_found"
handler500 = "apps.core.problems.server_error"
