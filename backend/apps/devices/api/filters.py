"""Filtros das listas de dispositivos e pontos (django-filter): valor inválido → 400, nunca lista vazia."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from apps.devices.choices import ProvisioningStatus
from apps.devices.models import Device, Point

BOOL_CHOICES = [("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")]


class DeviceFilter(django_filters.FilterSet):
    site = django_filters.CharFilter(field_name="site__slug", help_text="Slug do site.")
    template = django_filters.CharFilter(field_name="template__slug", help_text="Slug do modelo de equipamento.")
    status = django_filters.ChoiceFilter(
        field_name="provisioning_status", choices=ProvisioningStatus.choices, help_text="Estado no broker."
    )
    q = django_filters.CharFilter(method="search", help_text="Trecho do slug ou do nome.")

    class Meta:
        model = Device
        fields: list[str] = []

    def search(self, queryset: QuerySet[Device], name: str, value: str) -> QuerySet[Device]:
        return queryset.filter(Q(slug__icontains=value) | Q(name__icontains=value))


class PointFilter(django_filters.FilterSet):
    device = django_filters.UUIDFilter(field_name="device_id", help_text="device_id.")
    is_contracted = django_filters.ChoiceFilter(choices=BOOL_CHOICES, method="contracted")
    name = django_filters.CharFilter(field_name="name")

    class Meta:
        model = Point
        fields: list[str] = []

    def contracted(self, queryset: QuerySet[Point], name: str, value: Any) -> QuerySet[Point]:
        return queryset.filter(is_contracted=value in ("true", "1"))
