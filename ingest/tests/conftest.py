"""Fixtures de integração do ingest: banco de teste (fixtures da raiz), broker real, ingest como subprocesso.

Cada teste cria seus próprios dispositivos (slugs únicos) e roda um ingest com client id e grupo de
assinatura próprios; no fim, a sessão persistente do ingest é apagada no broker (senão ela continuaria
acumulando mensagens de todos os testes seguintes). As classes de apoio moram em `testsupport`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from testsupport.ingest import Db, IngestProcess
from testsupport.mqtt import publisher, publisher_credentials  # noqa: F401 — fixtures


@pytest.fixture(scope="session")
def db(owner_url: str) -> Db:
    return Db(owner_url)


@pytest.fixture
def ingest_factory(ingest_url: str, tmp_path: Path) -> Iterator[Callable[..., IngestProcess]]:
    made: list[IngestProcess] = []

    def make(**overrides: str) -> IngestProcess:
        p = IngestProcess(ingest_url, tmp_path, **overrides)
        made.append(p)
        return p

    yield make
    for p in made:
        if p.proc is not None:
            p.terminate()
        with contextlib.suppress(AssertionError):
            p.drop_session()
