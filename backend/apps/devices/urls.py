"""Rotas /api/ de dispositivos, pontos e dashboards (URLconf do tenant)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.devices.api.views import DashboardView, DeviceViewSet, PointViewSet

router = SimpleRouter()
router.register("api/devices", DeviceViewSet, basename="device")
router.register("api/points", PointViewSet, basename="point")

urlpatterns = [
    *router.urls,
    path("api/dashboards/<uuid:device_id>", DashboardView.as_view(), name="dashboard"),
    path("api/dashboards/<uuid:device_id>/", DashboardView.as_view(), name="dashboard-slash"),
]
