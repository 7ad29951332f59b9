"""CORS para o frontend SPA em outra origem (TS_CORS_ALLOWED_ORIGINS) e documentação servida sem CDN."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from apps.devices.services import DeviceSpec, create_device
from contracts import api
from testsupport.tenants import bearer_client, in_tenant, unique_slug

pytestmark = pytest.mark.django_db

SPA = "https://app.traksense.example"


@pytest.fixture
def cors_origin(settings: Any) -> str:
    settings.CORS_ALLOWED_ORIGINS = [SPA]
    return SPA


def test_preflight_from_allowed_origin(cors_origin: str) -> None:
    response = Client().options(
        "/api/devices/",
        HTTP_ORIGIN=cors_origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, x-tenant",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == cors_origin
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "x-tenant"} <= allowed
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


def test_preflight_from_other_origin_gets_no_cors_headers(cors_origin: str) -> None:
    response = Client().options(
        "/api/devices/",
        HTTP_ORIGIN="https://malicioso.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in response


def test_actual_request_carries_cors_headers_even_on_errors(cors_origin: str) -> None:
    # O navegador só entrega o corpo do erro ao frontend se o CORS vier também na resposta de erro.
    response = Client().get("/api/devices/", HTTP_ORIGIN=cors_origin, HTTP_X_TENANT="alpha")
    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == cors_origin
    assert "WWW-Authenticate" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_are_served_offline(path: str) -> None:
    client = Client()
    page = client.get(path, HTTP_X_TENANT="alpha")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    assets = re.findall(r'(?:src|href)="(/static/drf_spectacular_sidecar/[^"]+)"', html)
    assert assets, html[:500]
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_openapi_declares_tenant_errors_and_tags() -> None:
    schema = Client().get("/api/schema/", {"format": "json"}, HTTP_X_TENANT="alpha").json()
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "patch", "put", "delete"}:
                continue
            assert op["tags"], (path, method)
            assert op["tags"] != ["api"], (path, method)
            if path != "/api/auth/token/":
                assert any(p["name"] == "X-Tenant" for p in op.get("parameters", [])), (path, method)
            for code, response in op["responses"].items():
                if code[0] in "45" and not (path.startswith("/api/cmd/") or path == "/ingest"):
                    ref = response["content"]["application/problem+json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Problem", (path, method, code)
    token = schema["paths"]["/api/auth/token/"]["post"]["responses"]
    assert "201" in token
    assert "200" not in token
    created = schema["paths"]["/api/devices/"]["post"]["responses"]["201"]["content"]["application/json"]
    assert created["schema"]["$ref"] == "#/components/schemas/DeviceWithCredentials"
    assert "mqtt" in schema["components"]["schemas"]["DeviceWithCredentials"]["properties"]
    for path in ("/api/data/points", "/api/data/latest", "/api/dashboards/{device_id}"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in ok, path


@pytest.mark.usefixtures("seeded_catalog")
def test_list_responses_are_the_contract_dtos() -> None:
    """Os serializers do DRF e os DTOs de `contracts.api` (fonte dos tipos TS) descrevem o mesmo corpo."""
    with in_tenant("alpha") as tenant:
        create_device(
            tenant=tenant,
            spec=DeviceSpec(
                site_slug="dto",
                site_name="DTO",
                template_slug="chiller_v1",
                slug=unique_slug(),
                name="DTO",
                contracted_points=None,
            ),
        )
    client = bearer_client("ops")
    devices = client.get("/api/devices/").json()["results"]
    points = client.get("/api/points/").json()["results"]
    assert devices
    assert points
    for device in devices:
        api.Device.model_validate(device)
    for point in points:
        api.Point.model_validate(point)
