"""Freio de login (issue 11) com o Redis real: falhas por usuário e por IP → 429 com Retry-After."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from conftest import TEST_PASSWORD
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
URL = "/api/auth/token/"


@pytest.fixture(autouse=True)
def clean_throttle_keys() -> Iterator[None]:
    """Apaga só as chaves do freio (o Redis de teste também serve a fila do Celery)."""

    def clean() -> None:
        r = redis.Redis.from_url(os.environ["REDIS_URL"])
        for key in r.scan_iter("*throttle_login_*"):
            r.delete(key)

    clean()
    yield
    clean()


def attempt(username: str, password: str, ip: str) -> Any:
    return APIClient(REMOTE_ADDR=ip).post(URL, {"username": username, "password": password}, format="json")


def test_failures_per_username_are_throttled_even_with_the_right_password() -> None:
    for i in range(5):
        # Cada falha vem de um IP diferente: é o freio por usuário que precisa agir.
        assert attempt("alpha-viewer", "errada", f"10.1.0.{i}").status_code == 401
    blocked = attempt("alpha-viewer", TEST_PASSWORD, "10.1.0.99")
    assert blocked.status_code == 429, blocked.content
    assert int(blocked["Retry-After"]) > 0
    # Outro usuário, de outro IP, segue entrando.
    assert attempt("alpha-admin", TEST_PASSWORD, "10.1.0.100").status_code == 201


def test_failures_per_ip_are_throttled_across_usernames(settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login_username": "1000/min", "login_ip": "4/min"},
    }
    for i in range(4):
        assert attempt(f"nao-existe-{i}", "x", "10.2.0.1").status_code == 401
    blocked = attempt("alpha-viewer", TEST_PASSWORD, "10.2.0.1")
    assert blocked.status_code == 429
    assert "Retry-After" in blocked
    # X-Forwarded-For forjado não muda o IP (TS_NUM_PROXIES=0).
    forged = APIClient(REMOTE_ADDR="10.2.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").post(
        URL, {"username": "alpha-viewer", "password": TEST_PASSWORD}, format="json"
    )
    assert forged.status_code == 429
    assert attempt("alpha-viewer", TEST_PASSWORD, "10.2.0.2").status_code == 201


def test_successful_logins_do_not_consume_the_quota() -> None:
    for _ in range(8):
        assert attempt("beta-viewer", TEST_PASSWORD, "10.3.0.1").status_code == 201


def test_failed_login_is_logged_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    secret = "senha-errada-que-nao-pode-ir-ao-log"
    with caplog.at_level(logging.WARNING, logger="apps.core.auth"):
        assert attempt("alpha-admin", secret, "10.4.0.1").status_code == 401
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "alpha-admin" in text
    assert "10.4.0.1" in text
    assert secret not in caplog.text
