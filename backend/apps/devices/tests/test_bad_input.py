"""Entrada hostil nas listas de dispositivos, pontos e comandos (issue 11): 400 claro, nunca 500.

`?q=a%00b` chegava ao PostgreSQL ("text fields cannot contain NUL") e virava 500 em HTML. O fuzz
(Hypothesis) manda parâmetros arbitrários às listas e só aceita 2xx/4xx.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

LISTS = ["/api/devices/", "/api/points/", "/api/cmd/"]


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/devices/", "q"),
        ("/api/devices/", "site"),
        ("/api/devices/", "status"),
        ("/api/devices/", "template"),
        ("/api/points/", "name"),
        ("/api/points/", "device"),
        ("/api/cmd/", "status"),
    ],
)
def test_nul_byte_in_list_filter_is_400(client_for: Callable[..., APIClient], url: str, param: str) -> None:
    resp = client_for("viewer").get(f"{url}?{param}=a%00b")
    assert resp.status_code == 400, resp.content
    assert resp["Content-Type"].startswith("application/problem+json")
    messages = [e["message"] for e in resp.json()["errors"] if e["field"] == param]
    assert "NUL" in " ".join(messages), resp.json()


def test_nul_byte_in_parameter_name_is_400(client_for: Callable[..., APIClient]) -> None:
    resp = client_for("viewer").get("/api/devices/?q%00x=1")
    assert resp.status_code == 400, resp.content
    assert "NUL" in str(resp.json())


_text = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=st.sampled_from(LISTS),
    params=st.dictionaries(
        st.one_of(
            st.sampled_from(["q", "site", "status", "template", "name", "device", "is_contracted", "limit", "offset"]),
            _text,
        ),
        st.one_of(_text, st.lists(_text, max_size=3)),
        max_size=4,
    ),
)
def test_fuzz_list_endpoints_never_5xx(client_for: Callable[..., APIClient], url: str, params: dict[str, Any]) -> None:
    resp = client_for("ops").get(url, params)
    assert resp.status_code in {200, 400, 404}, (url, params, resp.status_code, resp.content[:300])
