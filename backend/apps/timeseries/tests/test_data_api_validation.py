"""API de dados: isolamento por tenant em cada parâmetro (404, nunca dado), papéis e 400s claros."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from apps.timeseries.services import MAX_POINTS_PER_CALL, RAW_MAX_RANGE_HOURS
from apps.timeseries.tests.conftest import Device

URL = "/api/data/points"
LATEST = "/api/data/latest"
T0 = datetime(2026, 8, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def devices(make_device: Callable[..., Device], write_telemetry: Callable[..., None]) -> dict[str, Device]:
    """Um dispositivo em cada tenant, ambos com dados no mesmo intervalo."""
    out = {"alpha": make_device("alpha"), "beta": make_device("beta")}
    for device in out.values():
        write_telemetry(
            device,
            [("temp_agua", T0 + timedelta(minutes=i), 1.0 + i) for i in range(10)] + [("compressor_1_on", T0, True)],
        )
    return out


def _params(device: Device, **extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "device": device.device_id,
        "point": "temp_agua",
        "from": T0.isoformat(),
        "to": (T0 + timedelta(hours=1)).isoformat(),
        "agg": "raw",
    }
    params.update(extra)
    return params


def test_own_tenant_reads_data(devices: dict[str, Device], client_for: Callable[[str, str], APIClient]) -> None:
    resp = client_for("alpha-viewer", "alpha").get(URL, _params(devices["alpha"]))
    assert resp.status_code == 200, resp.content
    assert len(resp.json()["series"][0]["data"]) == 10


@pytest.mark.parametrize("agg", ["raw", "1m", "1d"])
def test_other_tenant_device_is_404(
    devices: dict[str, Device], client_for: Callable[[str, str], APIClient], agg: str
) -> None:
    client = client_for("alpha-admin", "alpha")
    beta = devices["beta"]
    resp = client.get(URL, _params(beta, agg=agg, point=str(beta.points["temp_agua"])))
    assert resp.status_code == 404
    assert "Dispositivo não encontrado" in resp.json()["detail"]
    # Por nome também: o dispositivo já é 404 antes de olhar os pontos.
    assert client.get(URL, _params(beta, agg=agg)).status_code == 404
    assert client.get(LATEST, {"device": str(beta.device_id)}).status_code == 404


@pytest.mark.parametrize("agg", ["raw", "1m", "1h"])
@pytest.mark.parametrize("point_name", ["temp_agua", "compressor_1_on"])
def test_other_tenant_point_on_own_device_is_404(
    devices: dict[str, Device], client_for: Callable[[str, str], APIClient], agg: str, point_name: str
) -> None:
    alpha, beta = devices["alpha"], devices["beta"]
    client = client_for("alpha-admin", "alpha")
    # Sozinho, e misturado com um ponto legítimo: a chamada inteira é 404, nenhum dado sai.
    for point in (str(beta.points[point_name]), f"temp_agua,{beta.points[point_name]}"):
        resp = client.get(URL, _params(alpha, agg=agg, point=point))
        assert resp.status_code == 404, resp.content
        assert "series" not in resp.json()


def test_internal_ops_reads_any_tenant_but_only_through_its_scope(
    devices: dict[str, Device], client_for: Callable[[str, str], APIClient]
) -> None:
    ops_beta = client_for("ops", "beta")
    assert ops_beta.get(URL, _params(devices["beta"])).status_code == 200
    # Falando com o tenant beta, o dispositivo de alpha não existe.
    assert ops_beta.get(URL, _params(devices["alpha"])).status_code == 404
    assert ops_beta.get(LATEST, {"device": str(devices["alpha"].device_id)}).status_code == 404


def test_user_of_another_tenant_is_forbidden(
    devices: dict[str, Device], client_for: Callable[[str, str], APIClient]
) -> None:
    client = client_for("beta-viewer", "alpha")
    assert client.get(URL, _params(devices["alpha"])).status_code == 403
    assert client.get(LATEST, {"device": str(devices["alpha"].device_id)}).status_code == 403


def test_anonymous_is_rejected(devices: dict[str, Device]) -> None:
    client = APIClient()
    resp = client.get(URL, _params(devices["alpha"]), HTTP_X_TENANT="alpha")
    assert resp.status_code == 401


def test_point_of_another_device_in_same_tenant_is_404(
    make_device: Callable[..., Device], devices: dict[str, Device], client_for: Callable[[str, str], APIClient]
) -> None:
    other = make_device("alpha")
    resp = client_for("alpha-viewer", "alpha").get(URL, _params(devices["alpha"], point=str(other.points["rpm"])))
    assert resp.status_code == 404


def field_messages(problem: dict[str, Any], field: str) -> list[str]:
    """Mensagens de um campo no corpo de erro (problem details: `errors` = [{field, message, code}])."""
    return [e["message"] for e in problem["errors"] if e["field"] == field]


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"device": None}, "device", ""),
        ({"device": "not-a-uuid"}, "device", ""),
        ({"point": None}, "point", ""),
        ({"point": ","}, "point", "ao menos um ponto"),
        ({"point": "nao_existe,temp_agua"}, "point", "nao_existe"),
        ({"from": None}, "from", ""),
        ({"from": "2026-08-03T12:00:00"}, "from", "fuso"),
        ({"from": "ontem"}, "from", "inválida"),
        ({"to": "2026-08-03T11:00:00Z"}, "to", "posterior"),
        ({"to": "2026-08-03T12:00:00+00:00"}, "to", "posterior"),
        ({"agg": None}, "agg", ""),
        ({"agg": "2m"}, "agg", ""),
        ({"tz": "Mars/Olympus"}, "tz", "desconhecido"),
        ({"form": "x"}, "form", "desconhecido"),
        ({"to": "2026-08-04T12:00:01Z"}, "to", "raw"),
        ({"agg": "1m", "to": "2026-09-03T12:00:00Z"}, "agg", "buckets"),
        ({"point": "compressor_1_on", "agg": "1h", "to": "2026-10-03T12:00:00Z"}, "to", "dias"),
        ({"point": ",".join(f"p{i}" for i in range(MAX_POINTS_PER_CALL + 1))}, "point", "No máximo"),
    ],
)
def test_bad_parameters_are_400_with_clear_message(
    devices: dict[str, Device],
    client_for: Callable[[str, str], APIClient],
    override: dict[str, Any],
    field: str,
    fragment: str,
) -> None:
    params = _params(devices["alpha"])
    for key, value in override.items():
        if value is None:
            params.pop(key)
        else:
            params[key] = value
    resp = client_for("alpha-viewer", "alpha").get(URL, params)
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert body["code"] == "validation_error", body
    messages = field_messages(body, field)
    assert messages, body
    assert fragment in " ".join(messages)


def test_unencoded_plus_offset_is_accepted(
    devices: dict[str, Device], client_for: Callable[[str, str], APIClient]
) -> None:
    """`+03:00` sem codificação chega como espaço na query string; é aceito como deslocamento positivo."""
    client = client_for("alpha-viewer", "alpha")
    query = (
        f"device={devices['alpha'].device_id}&point=temp_agua&agg=raw"
        "&from=2026-08-03T15:00:00+03:00&to=2026-08-03T16:00:00+03:00"
    )
    resp = client.get(f"{URL}?{query}")
    assert resp.status_code == 200, resp.content
    assert len(resp.json()["series"][0]["data"]) == 10


def test_latest_validation(devices: dict[str, Device], client_for: Callable[[str, str], APIClient]) -> None:
    client = client_for("alpha-viewer", "alpha")
    assert client.get(LATEST, {}).status_code == 400
    assert field_messages(client.get(LATEST, {"device": "x"}).json(), "device")
    assert field_messages(client.get(LATEST, {"device": str(devices["alpha"].device_id), "foo": "1"}).json(), "foo")


def test_limits_are_documented_in_openapi_schema(client_for: Callable[[str, str], APIClient]) -> None:
    resp = client_for("alpha-viewer", "alpha").get("/api/schema/", {"format": "json"})
    assert resp.status_code == 200
    paths = resp.json()["paths"]
    points_doc = paths["/api/data/points"]["get"]
    assert f"até {MAX_POINTS_PER_CALL} pontos por chamada" in points_doc["description"]
    assert f"`raw` até {RAW_MAX_RANGE_HOURS} h" in points_doc["description"]
    params = {p["name"]: p for p in points_doc["parameters"]}
    assert {"device", "point", "from", "to", "agg", "tz"} <= set(params)
    assert set(params["agg"]["schema"]["enum"]) == {"raw", "1m", "5m", "15m", "1h", "1d"}
    assert "/api/data/latest" in paths
