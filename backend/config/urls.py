"""URLs de um tenant (resolvido por hostname ou X-Tenant). As rotas /api/ de cada app entram aqui."""

from django.urls import path

from apps.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="tenant-healthz"),
]
