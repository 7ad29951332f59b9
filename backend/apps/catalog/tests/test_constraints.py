"""Invariantes do catálogo garantidas pelo banco: um template nunca semeia um ponto inválido."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from apps.catalog.models import DeviceTemplate, PointTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def template() -> DeviceTemplate:
    return DeviceTemplate.objects.create(slug="teste_restricoes", name="Teste de restrições")


def _point(template: DeviceTemplate, name: str, hysteresis: float | None) -> PointTemplate:
    return PointTemplate.objects.create(
        device_template=template, name=name, label=name, value_type="float", default_hysteresis=hysteresis
    )


def test_negative_default_hysteresis_is_refused(template: DeviceTemplate) -> None:
    with pytest.raises(IntegrityError, match="catalog_point_template_hysteresis_non_negative"), transaction.atomic():
        _point(template, "hyst_negativa", -0.5)


def test_zero_or_missing_hysteresis_is_accepted(template: DeviceTemplate) -> None:
    _point(template, "hyst_zero", 0.0)
    _point(template, "hyst_nula", None)
    assert template.points.count() == 2
