"""Rotas da API de dados (incluídas em config/urls.py sob `api/data/`)."""

from django.urls import path

from apps.timeseries.api.views import LatestView, PointsView

urlpatterns = [
    path("points", PointsView.as_view(), name="data-points"),
    path("latest", LatestView.as_view(), name="data-latest"),
]
