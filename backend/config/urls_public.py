"""URLs do schema público: admin interno, saúde, autenticação e esquema OpenAPI."""

from django.contrib import admin
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from apps.core.auth_views import TokenView
from apps.core.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/auth/token/", TokenView.as_view(), name="auth-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
