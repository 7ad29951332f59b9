"""Rotas /api/ de dispositivos, pontos, dashboards e frota (URLconf do tenant)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.devices.api.views import DashboardView, DeviceViewSet, FleetSummaryView, PointViewSet

router = SimpleRouter()
router.register("api/devices", DeviceViewSet, basename="device")
router.register("api/points", PointViewSet, basename="point")

urlpatterns = [
    *router.urls,
    path("api/dashboards/<uuid:device_id>", DashboardView.as_view(), name="dashboard"),
    path("api/dashboards/<uuid:device_id>/", DashboardView.as_view(), name="dashboard-slash"),
    path("api/fleet/summary", FleetSummaryView.as_view(), name="fleet-summary"),
    # Com barra final também (a mesma view; o OpenAPI documenta só a forma sem barra).
    path("api/fleet/summary/", FleetSummaryView.as_view(), name="fleet-summary-slash"),
]
