"""Todo erro da API sai num formato só: problem details (RFC 9457) com `code` estável e texto em pt-BR.

Pelo caminho real (middleware de tenant, URLconfs, DRF, tokens Bearer verdadeiros), e o corpo é validado
pelo contrato `contracts.api.Problem`.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from contracts.api import Problem
from testsupport.tenants import bearer_client

pytestmark = pytest.mark.django_db


def assert_problem(response: Any, status: int, code: str) -> Problem:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = Problem.model_validate_json(response.content)
    assert body.status == status
    assert body.code == code
    assert body.title
    assert body.detail
    return body


def test_unknown_route_is_a_json_problem() -> None:
    body = assert_problem(Client().get("/nada/aqui"), 404, "route_not_found")
    assert body.instance == "/nada/aqui"


def test_tenant_route_without_tenant_says_how_to_send_it() -> None:
    body = assert_problem(Client().get("/api/devices/"), 404, "tenant_required")
    assert "X-Tenant" in body.detail


def test_unknown_tenant_header() -> None:
    assert_problem(Client().get("/api/devices/", HTTP_X_TENANT="nao-existe"), 404, "unknown_tenant")


def test_unknown_route_inside_a_tenant() -> None:
    assert_problem(bearer_client("viewer").get("/api/nada/"), 404, "route_not_found")


def test_not_authenticated_has_www_authenticate() -> None:
    response = bearer_client("anon").get("/api/devices/")
    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_bad_token() -> None:
    client = bearer_client("anon")
    client.credentials(HTTP_X_TENANT="alpha", HTTP_AUTHORIZATION="Bearer nao-e-um-token")
    assert_problem(client.get("/api/devices/"), 401, "authentication_failed")


def test_forbidden_role_and_other_tenant() -> None:
    assert_problem(bearer_client("viewer").post("/api/devices/", {}, format="json"), 403, "permission_denied")
    other = bearer_client("admin", "beta", header_tenant="alpha")
    assert_problem(other.get("/api/devices/"), 403, "permission_denied")


def test_method_not_allowed() -> None:
    assert_problem(bearer_client("ops").delete("/api/devices/"), 405, "method_not_allowed")


def test_validation_errors_are_listed_per_field() -> None:
    body = assert_problem(
        bearer_client("ops").post("/api/devices/", {"slug": "x"}, format="json"), 400, "validation_error"
    )
    fields = {e.field for e in body.errors}
    assert {"site", "template", "name"} <= fields
    assert all(e.code == "required" for e in body.errors if e.field in {"site", "template", "name"})


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/devices/?status=bogus", "status"),
        ("/api/points/?device=nao-uuid", "device"),
        ("/api/points/?is_contracted=talvez", "is_contracted"),
        ("/api/cmd/?status=bogus", "status"),
        ("/api/cmd/?device=nao-uuid", "device"),
    ],
)
def test_invalid_list_filters_are_400_not_an_empty_list(url: str, field: str) -> None:
    body = assert_problem(bearer_client("ops").get(url), 400, "validation_error")
    assert [e.field for e in body.errors] == [field]


def test_valid_list_filter_still_filters() -> None:
    response = bearer_client("ops").get("/api/devices/?status=provisioned")
    assert response.status_code == 200
    assert all(d["provisioning_status"] == "provisioned" for d in response.json()["results"])


def test_data_routes_accept_a_trailing_slash() -> None:
    # Sem `device`: a view responde (400 de validação), não um 404 de rota.
    body = assert_problem(bearer_client("viewer").get("/api/data/latest/"), 400, "validation_error")
    assert [e.field for e in body.errors] == ["device"]
    assert_problem(bearer_client("viewer").get("/api/data/points/"), 400, "validation_error")


def test_get_on_the_command_issue_route_is_404_not_405() -> None:
    body = assert_problem(bearer_client("viewer").get(f"/api/cmd/{uuid.uuid4()}"), 404, "command_not_found")
    assert "?device=" in body.detail


def test_unknown_command_id() -> None:
    assert_problem(bearer_client("viewer").get("/api/cmd/01JAAAAAAAAAAAAAAAAAAAAAAA"), 404, "not_found")


@pytest.mark.parametrize("url", ["/api/devices/", "/api/data/latest", f"/api/dashboards/{uuid.uuid4()}"])
def test_browsable_api_is_off_and_never_500(url: str) -> None:
    client = bearer_client("viewer")
    assert_problem(client.get(url, HTTP_ACCEPT="text/html"), 406, "not_acceptable")
    assert_problem(client.get(url, {"format": "api"}), 404, "not_found")


class _Boom(APIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def get(self, request: Request) -> Response:
        raise RuntimeError("falha inesperada")


class _Throttled(APIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def get(self, request: Request) -> Response:
        raise exceptions.Throttled(wait=7)


def test_unexpected_error_is_a_500_problem_without_internals() -> None:
    response = _Boom.as_view()(APIRequestFactory().get("/x"))
    response.render()
    body = assert_problem(response, 500, "server_error")
    assert "falha inesperada" not in response.content.decode()
    assert body.errors == []


def test_throttling_is_429_with_retry_after() -> None:
    response = _Throttled.as_view()(APIRequestFactory().get("/x"))
    response.render()
    assert_problem(response, 429, "throttled")
    assert response["Retry-After"] == "7"


def test_messages_are_in_portuguese() -> None:
    body = assert_problem(bearer_client("anon").get("/api/devices/"), 401, "not_authenticated")
    assert body.title == "Não autenticado"
    assert "credenciais" in body.detail.lower()
