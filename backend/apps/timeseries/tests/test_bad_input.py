"""Entrada hostil na API de dados (issue 11): todo parâmetro é validado antes do banco e do renderizador.

Cada caso abaixo derrubava a request com 500 (OverflowError, DataError do PostgreSQL, TypeError do orjson ou
"text fields cannot contain NUL"). Agora: 400 com mensagem por campo. O fuzz (Hypothesis) cobre o resto:
qualquer combinação de parâmetros responde 2xx/4xx, nunca 5xx.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from apps.timeseries.tests.conftest import Device

URL = "/api/data/points"
LATEST = "/api/data/latest"
T0 = datetime(2026, 8, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def device(make_device: Callable[..., Device], write_telemetry: Callable[..., None]) -> Device:
    dev = make_device("alpha")
    write_telemetry(dev, [("temp_agua", T0 + timedelta(minutes=i), 1.0 + i) for i in range(5)])
    return dev


@pytest.fixture
def viewer(client_for: Callable[[str, str], APIClient]) -> APIClient:
    return client_for("alpha-viewer", "alpha")


def _query(device: Device, **extra: str) -> str:
    """Query string crua (sem codificar `+`/`%00` de novo): é o que um cliente hostil manda."""
    params = {
        "device": str(device.device_id),
        "point": "temp_agua",
        "from": quote(T0.isoformat()),
        "to": quote((T0 + timedelta(hours=1)).isoformat()),
        "agg": "1m",
    }
    params.update(extra)
    return "&".join(f"{k}={v}" for k, v in params.items())


def _assert_400(resp: Any, field: str, fragment: str) -> None:
    assert resp.status_code == 400, resp.content
    assert resp["Content-Type"].startswith("application/problem+json")
    body = resp.json()
    messages = [e["message"] for e in body["errors"] if e["field"] == field]
    assert messages, body
    assert fragment in " ".join(messages), body


@pytest.mark.parametrize(
    ("extra", "field", "fragment"),
    [
        # Elemento vazio na lista de pontos (TypeError "Dict key must be str" no renderizador).
        ({"point": "temp_agua&point="}, "point", "Elemento vazio"),
        ({"point": "&point=temp_agua"}, "point", "Elemento vazio"),
        ({"point": "temp_agua,,rpm"}, "point", "Elemento vazio"),
        ({"point": ""}, "point", "ao menos um ponto"),
        # Datas nos limites do datetime (OverflowError ao converter de fuso).
        ({"from": "0001-01-01T00:00:00Z"}, "from", "fora da faixa"),
        ({"from": quote("0001-01-01T00:00:00+01:00")}, "from", "fora da faixa"),
        ({"to": "9999-12-31T23:59:59Z"}, "to", "fora da faixa"),
        ({"to": quote("9999-12-31T23:59:59-05:00")}, "to", "fora da faixa"),
        # Deslocamento que o Python aceita e o PostgreSQL recusa (DataError).
        ({"from": quote("2025-01-01T00:00:00+23:59")}, "from", "±14:00"),
        ({"to": quote("2026-08-03T13:00:00-14:01")}, "to", "±14:00"),
        # NUL em qualquer parâmetro.
        ({"point": "temp%00agua"}, "point", "NUL"),
        ({"tz": "UTC%00"}, "tz", "NUL"),
    ],
)
def test_hostile_parameters_are_400_not_500(
    device: Device, viewer: APIClient, extra: dict[str, str], field: str, fragment: str
) -> None:
    _assert_400(viewer.get(f"{URL}?{_query(device, **extra)}"), field, fragment)


def test_extreme_offsets_inside_the_limit_still_work(device: Device, viewer: APIClient) -> None:
    """±14:00 é deslocamento real (Pacific/Kiritimati) e continua aceito."""
    start = T0.astimezone(UTC).replace(tzinfo=None)
    query = _query(
        device,
        **{
            "from": quote((start + timedelta(hours=14)).isoformat() + "+14:00"),
            "to": quote((start + timedelta(hours=1) - timedelta(hours=12)).isoformat() + "-12:00"),
        },
    )
    resp = viewer.get(f"{URL}?{query}")
    assert resp.status_code == 200, resp.content


def test_nul_in_latest_is_400(device: Device, viewer: APIClient) -> None:
    _assert_400(viewer.get(f"{LATEST}?device={device.device_id}&tz=UTC%00x"), "tz", "NUL")


# --- fuzz ------------------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8"), max_size=40)
_dates = st.one_of(
    _text,
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01T00:00:00Z", "9999-12-31T23:59:59+00:00", "2026-08-03T12:00:00+23:59"]),
)
_points = st.lists(st.one_of(_text, st.sampled_from(["temp_agua", "rpm", "compressor_1_on", ""])), max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    point=_points,
    start=_dates,
    end=_dates,
    agg=st.one_of(_text, st.sampled_from(["raw", "1m", "5m", "15m", "1h", "1d"])),
    tz=st.one_of(_text, st.sampled_from(["UTC", "Asia/Kolkata", "Pacific/Kiritimati", "America/Sao_Paulo"])),
    extra=st.dictionaries(_text, _text, max_size=2),
)
def test_fuzz_points_never_5xx(
    device: Device,
    viewer: APIClient,
    point: list[str],
    start: str,
    end: str,
    agg: str,
    tz: str,
    extra: dict[str, str],
) -> None:
    params: dict[str, Any] = {**extra, "device": str(device.device_id), "point": point, "from": start, "to": end}
    params.update(agg=agg, tz=tz)
    resp = viewer.get(URL, params)
    assert resp.status_code < 500, (params, resp.content)
    assert resp.status_code in {200, 400, 404}, (params, resp.status_code, resp.content)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(device_ref=st.one_of(_text, st.uuids().map(str)), tz=_text)
def test_fuzz_latest_never_5xx(viewer: APIClient, device_ref: str, tz: str) -> None:
    resp = viewer.get(LATEST, {"device": device_ref, "tz": tz})
    assert resp.status_code in {200, 400, 404}, (device_ref, tz, resp.status_code, resp.content)
