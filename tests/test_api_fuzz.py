"""Fuzzing da API a partir do próprio OpenAPI (Schemathesis), contra um servidor HTTP de verdade.

Sobe o gunicorn (como o `make up`) no banco de teste com o papel da API, emite tokens Bearer reais de cada
papel (internal_ops, customer_admin, viewer do tenant `alpha`) e, para cada operação do esquema servido em
`/api/schema/`, manda exemplos gerados pelo Hypothesis (limitados em `MAX_EXAMPLES`). Afirma: nenhuma
resposta 5xx, todo status está documentado e todo corpo confere com o esquema (inclusive os erros
`application/problem+json`). Nada aqui mede tempo.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
from django.core.management import call_command
from django.db import connection, connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apps.core.tokens import issue_token
from apps.devices.services import DeviceSpec, create_device
from apps.tenancy.models import Tenant, User
from testsupport.api import running_api

REPO = Path(__file__).resolve().parents[1]
# `limit_request_line` padrão do gunicorn (config/gunicorn.py não o muda): linha de requisição maior → 414.
GUNICORN_MAX_REQUEST_LINE = 4094
MAX_EXAMPLES = int(os.environ.get("TS_FUZZ_MAX_EXAMPLES", "12"))
ROLES = {"ops": "ops", "admin": "alpha-admin", "viewer": "alpha-viewer"}
# Operações que revogam o token em uso (ou todos os do usuário): cada exemplo usa tokens recém-emitidos, e no
# fim os tokens do módulo são reemitidos — senão os exemplos e operações seguintes perderiam a autenticação.
REVOKING = {
    ("DELETE", "/api/auth/token/"),
    ("DELETE", "/api/auth/tokens/"),
    ("DELETE", "/api/auth/tokens/{token_id}/"),
}


@pytest.fixture(scope="module")
def fuzz_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """Tokens reais por papel e um dispositivo no tenant alpha (dados commitados: o servidor é outro processo)."""
    with django_db_blocker.unblock():
        connections.close_all()
        connection.set_schema_to_public()
        call_command("seed_catalog", verbosity=0)
        tokens = _issue_tokens(django_db_blocker)
        tenant = Tenant.objects.get(slug="alpha")
        connection.set_tenant(tenant)
        create_device(
            tenant=tenant,
            spec=DeviceSpec(
                site_slug="fuzz",
                site_name="Fuzz",
                template_slug="inverter_v1_parsec",
                slug=f"fuzz-{os.getpid()}",
                name="Fuzz",
                contracted_points=None,
            ),
        )
        connection.set_schema_to_public()
        yield tokens


@pytest.fixture(scope="module")
def live_api(api_url: str, fuzz_data: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn real (gthread), no banco de teste como `traksense_api`."""
    log_path = tmp_path_factory.mktemp("gunicorn") / "api.log"
    with running_api(api_url, log_path) as base:
        yield base
    # Erro não tratado é registrado pelo handler (apps.core.problems) mesmo quando vira 500 bem formado.
    assert "erro não tratado na API" not in log_path.read_text(errors="replace")


# Operações do OpenAPI gerado (shared/schemas/openapi.json; o `make test` confere antes que está igual ao que
# a API serve). Lido na coleta para que cada operação seja um teste com nome próprio.
SCHEMA = schemathesis.openapi.from_path(REPO / "shared" / "schemas" / "openapi.json")
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _issue_tokens(django_db_blocker: Any) -> dict[str, str]:
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        return {
            role: issue_token(User.objects.get(username=username), name="fuzz").raw for role, username in ROLES.items()
        }


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_api_fuzz(operation: Any, live_api: str, fuzz_data: dict[str, str], django_db_blocker: Any) -> None:
    revoking = (operation.method.upper(), operation.path) in REVOKING
    # Dados válidos pelo esquema e dados propositalmente inválidos (que precisam virar 4xx, nunca 5xx).
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        tokens = _issue_tokens(django_db_blocker) if revoking else fuzz_data
        for token in tokens.values():
            headers = {"Authorization": f"Bearer {token}", "X-Tenant": "alpha"}
            response = case.call(base_url=live_api, headers=headers)
            target = urlsplit(response.request.url)
            target_len = len(target.path) + (len(target.query) + 1 if target.query else 0)
            request_line = len(f"{response.request.method}  HTTP/1.1") + target_len
            if response.status_code == 414 and request_line > GUNICORN_MAX_REQUEST_LINE:
                # URL gerada maior que o limite do servidor HTTP (gunicorn, e o proxy na frente): recusada
                # antes da API, como deve; não é resposta da API a conferir com o esquema.
                continue
            case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        run()
    finally:
        if revoking:
            fuzz_data.update(_issue_tokens(django_db_blocker))
