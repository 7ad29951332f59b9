"""Rotas da API de dados (incluídas em config/urls.py sob `api/data/`)."""

from django.urls import path

from apps.timeseries.api.views import ExportView, LatestView, PointsView

urlpatterns = [
    path("points", PointsView.as_view(), name="data-points"),
    path("latest", LatestView.as_view(), name="data-latest"),
    path("export", ExportView.as_view(), name="data-export"),
    # Com barra final também (a mesma view; o OpenAPI documenta só a forma sem barra).
    path("points/", PointsView.as_view(), name="data-points-slash"),
    path("latest/", LatestView.as_view(), name="data-latest-slash"),
    path("export/", ExportView.as_view(), name="data-export-slash"),
]
