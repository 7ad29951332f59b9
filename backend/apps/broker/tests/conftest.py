"""Fixtures dos testes do broker: o catálogo semeado (os dispositivos nascem de templates)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _catalog(seeded_catalog: None) -> None:
    """Todo teste do broker parte do catálogo semeado (fixture de testsupport.fixtures)."""
