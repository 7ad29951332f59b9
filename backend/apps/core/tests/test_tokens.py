"""Tokens de API (issue 11): vários por usuário, só o hash no banco, listagem e revogação, expiração."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import TEST_PASSWORD
from django.conf import settings
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from apps.core.models import ApiToken
from apps.core.tokens import token_digest

pytestmark = pytest.mark.django_db


def login(username: str = "alpha-viewer", name: str | None = None) -> dict[str, Any]:
    body: dict[str, str] = {"username": username, "password": TEST_PASSWORD}
    if name is not None:
        body["name"] = name
    resp = APIClient().post("/api/auth/token/", body, format="json")
    assert resp.status_code == 201, resp.content
    return dict(resp.json())


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_TENANT="alpha")
    return client


def works(token: str) -> bool:
    return bearer(token).get("/api/auth/tokens/").status_code == 200


def test_each_login_is_a_new_token_and_the_others_keep_working() -> None:
    laptop = login(name="laptop")
    phone = login(name="celular")
    assert laptop["token"] != phone["token"]
    assert works(laptop["token"])
    assert works(phone["token"])
    # Um cliente fazendo logout não derruba o outro.
    assert bearer(laptop["token"]).delete("/api/auth/token/").status_code == 204
    assert not works(laptop["token"])
    assert works(phone["token"])


def test_token_is_stored_only_as_a_hash() -> None:
    issued = login(name="navegador")
    raw = issued["token"]
    assert ApiToken.objects.filter(pk=issued["id"], digest=token_digest(raw)).exists()
    # O que o papel da API (a conexão do Django nos testes) lê do banco não autentica: nem o hash, nem o
    # prefixo; e a tabela de tokens em claro do DRF não existe mais.
    with connection.cursor() as cur:
        cur.execute("SELECT current_user")
        assert cur.fetchone() == (settings.TS_DB_API_ROLE,)
        cur.execute("SELECT * FROM public.core_apitoken WHERE id = %s", [issued["id"]])
        row = cur.fetchone()
        assert row is not None
        assert all(raw not in str(value) for value in row)
        cur.execute("SELECT digest, prefix FROM public.core_apitoken WHERE id = %s", [issued["id"]])
        digest, prefix = cur.fetchone() or ("", "")
        cur.execute("SELECT to_regclass('public.authtoken_token')")
        assert cur.fetchone() == (None,)
    for stolen in (digest, prefix):
        resp = bearer(stolen).get("/api/auth/tokens/")
        assert resp.status_code == 401
    assert works(raw)


def test_list_shows_my_tokens_without_secret() -> None:
    mine = [login(name="laptop"), login(name="celular")]
    other = login("alpha-admin", name="alheio")
    resp = bearer(mine[0]["token"]).get("/api/auth/tokens/")
    assert resp.status_code == 200
    listed = {t["id"]: t for t in resp.json()}
    assert {m["id"] for m in mine} <= set(listed)
    assert other["id"] not in listed
    first = listed[mine[0]["id"]]
    assert first["name"] == "laptop"
    assert first["current"] is True
    assert listed[mine[1]["id"]]["current"] is False
    assert set(first) == {"id", "name", "prefix", "created_at", "last_used_at", "expires_at", "current"}
    assert first["last_used_at"]  # a própria listagem usou o token
    assert mine[0]["token"] not in resp.content.decode()


def test_revoke_one_and_all() -> None:
    a, b, c = login(name="a"), login(name="b"), login(name="c")
    other = login("alpha-admin")
    client = bearer(a["token"])
    # De outro usuário: 404, e o token dele continua valendo.
    assert client.delete(f"/api/auth/tokens/{other['id']}/").status_code == 404
    assert works(other["token"])
    assert client.delete(f"/api/auth/tokens/{b['id']}/").status_code == 204
    assert not works(b["token"])
    assert works(a["token"])
    assert works(c["token"])
    resp = client.delete("/api/auth/tokens/")
    assert resp.status_code == 200
    assert resp.json()["revoked"] >= 2
    assert not works(a["token"])
    assert not works(c["token"])
    assert works(other["token"])


def test_tokens_expire_after_the_configured_ttl(settings: Any) -> None:
    settings.API_TOKEN_TTL_SECONDS = 0
    issued = login()
    resp = bearer(issued["token"]).get("/api/auth/tokens/")
    assert resp.status_code == 401
    assert "expirado" in resp.json()["detail"]


def test_admin_lists_tokens_without_the_secret() -> None:
    issued = login(name="laptop-do-admin")
    client = Client()
    assert client.login(username="ops", password=TEST_PASSWORD)
    page = client.get("/admin/core/apitoken/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "laptop-do-admin" in html
    assert issued["token"][:12] in html  # prefixo identifica
    assert issued["token"] not in html
    assert token_digest(issued["token"]) not in html
    detail = client.get(f"/admin/core/apitoken/{issued['id']}/change/").content.decode()
    assert issued["token"] not in detail
    assert token_digest(issued["token"]) not in detail


def test_expired_tokens_are_purged_by_the_periodic_task() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from apps.core.tasks import purge_expired_tokens

    old, fresh = login(name="velho"), login(name="novo")
    ApiToken.objects.filter(pk=old["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert purge_expired_tokens() >= 1
    assert not ApiToken.objects.filter(pk=old["id"]).exists()
    assert works(fresh["token"])
