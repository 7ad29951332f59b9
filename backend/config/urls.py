"""URLs de um tenant (resolvido por hostname ou X-Tenant). Cada app acrescenta suas rotas /api/ aqui."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from apps.core.auth_views import TokenView
from apps.core.views import healthz
from apps.live.api.views import StreamTicketView
from apps.live.stream import stream_view
from apps.timeseries.api.ingest_views import HttpIngestView

urlpatterns = [
    # Caminho HTTP do protótipo 003 (regra do EMQX → HTTP), com segredo próprio.
    path("ingest", HttpIngestView.as_view(), name="http-ingest-tenant"),
    path("healthz", healthz, name="tenant-healthz"),
    path("api/auth/token/", TokenView.as_view(), name="tenant-auth-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="tenant-api-schema"),
    path("api/data/", include("apps.timeseries.api.urls")),
    # SSE: o ticket sai da API REST (gunicorn); o stream é servido pelo processo ASGI (config.asgi).
    path("api/stream/ticket", StreamTicketView.as_view(), name="stream-ticket"),
    path("api/stream", stream_view, name="stream"),
    # Admin também no host do tenant: é onde os modelos do schema do tenant (dispositivos) aparecem.
    path("admin/", admin.site.urls),
    path("", include("apps.devices.urls")),
    path("", include("apps.commands.urls")),
]
