"""Fixtures dos testes do broker: catálogo semeado, dispositivos commitados e clientes MQTT (testsupport.broker)."""

from __future__ import annotations

import pytest

from testsupport.broker import committed, mqtt_clients  # noqa: F401 — fixtures


@pytest.fixture(scope="session", autouse=True)
def _catalog(seeded_catalog: None) -> None:
    """Todo teste do broker parte do catálogo semeado (fixture de testsupport.fixtures)."""
