"""`POST /ingest` (protótipo 003): mesma validação do ingest MQTT, grava pelo caminho isolado do tenant e
guarda toda mensagem recusada em ingest_errors — com a resposta 4xx dizendo o motivo."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from apps.core.db import set_tenant_for_transaction
from apps.registry.models import DeviceRoute, PointRoute
from apps.tenancy.models import Tenant
from apps.timeseries.http_ingest import LIMITS, MAX_BODY_BYTES, STORED_BODY_BYTES

pytestmark = pytest.mark.django_db
TOKEN = "segredo-de-teste-ingest"
TOPIC = "traksense/alpha/planta/chiller-http/telem"


@pytest.fixture(autouse=True)
def _token(settings: Any) -> None:
    settings.TS_HTTP_INGEST_TOKEN = TOKEN


@pytest.fixture
def device() -> DeviceRoute:
    alpha = Tenant.objects.get(slug="alpha")
    route = DeviceRoute.objects.create(
        device_id=uuid.uuid4(),
        tenant_id=alpha.tenant_id,
        tenant_slug="alpha",
        site_slug="planta",
        device_slug="chiller-http",
        adapter="v1",
    )
    PointRoute.objects.create(point_id=uuid.uuid4(), device=route, name="temp_agua", value_type="float", unit="°C")
    return route


def _post(body: dict[str, Any], token: str | None = TOKEN, **headers: Any) -> Any:
    client = APIClient()
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.post("/ingest", body, format="json", HTTP_HOST="api", **headers)


def _envelope(value: Any = 7.3) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {"schema": "v1", "ts": now, "points": [{"name": "temp_agua", "t": "float", "v": value, "u": "°C"}]}


def _tenant_rows(tenant: uuid.UUID, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with transaction.atomic():
        set_tenant_for_transaction(tenant)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())


def test_valid_telemetry_lands_in_the_tenant_and_is_deduplicated(device: DeviceRoute) -> None:
    body = {"topic": TOPIC, "payload": json.dumps(_envelope()), "clientid": "chiller-http"}
    first = _post(body, HTTP_X_TENANT="alpha")
    assert first.status_code == 202, first.json()
    assert first.json() == {"accepted": 1, "dead_letters": []}
    assert _post(body).status_code == 202  # reentrega: ON CONFLICT DO NOTHING
    rows = _tenant_rows(
        device.tenant_id, "SELECT v_num, unit FROM public.tenant_ts_measure WHERE device_id = %s", [device.device_id]
    )
    assert rows == [(7.3, "°C")]
    beta = Tenant.objects.get(slug="beta").tenant_id
    assert _tenant_rows(
        beta, "SELECT count(*) FROM public.tenant_ts_measure WHERE device_id = %s", [device.device_id]
    ) == [(0,)]


def test_payload_may_come_as_an_object(device: DeviceRoute) -> None:
    response = _post({"topic": TOPIC, "payload": _envelope(8.5)})
    assert response.status_code == 202
    assert response.json()["accepted"] == 1


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("{não é json", "malformed_json"),
        (json.dumps(_envelope("quente")), "wrong_type"),
        (json.dumps({"schema": "v1", "points": []}), "schema_violation"),
    ],
)
def test_bad_payloads_get_422_and_are_dead_lettered(device: DeviceRoute, payload: str, reason: str) -> None:
    response = _post({"topic": TOPIC, "payload": payload})
    assert response.status_code == 422
    assert [d["reason"] for d in response.json()["dead_letters"]] == [reason]
    stored = _tenant_rows(
        device.tenant_id,
        "SELECT reason, source, payload FROM public.tenant_ingest_errors WHERE topic = %s ORDER BY id DESC LIMIT 1",
        [TOPIC],
    )
    assert stored[0][0] == reason
    assert stored[0][1] == "http"
    assert bytes(stored[0][2]) == payload.encode()


def test_tenant_header_must_match_the_topic(device: DeviceRoute) -> None:
    response = _post({"topic": TOPIC, "payload": json.dumps(_envelope())}, HTTP_X_TENANT="beta")
    assert response.status_code == 422
    assert response.json()["dead_letters"][0]["reason"] == "tenant_mismatch"


def test_unknown_tenant_header_is_dead_lettered_not_lost() -> None:
    response = _post({"topic": "traksense/nao-existe/s/d/telem", "payload": "{}"}, HTTP_X_TENANT="nao-existe")
    assert response.status_code == 422
    assert response.json()["dead_letters"][0]["reason"] == "unknown_tenant"


def test_only_telem_goes_through_http(device: DeviceRoute) -> None:
    response = _post({"topic": TOPIC.replace("/telem", "/state"), "payload": "online"})
    assert response.status_code == 422
    assert response.json()["dead_letters"][0]["reason"] == "unsupported_kind"


def test_secret_is_required(device: DeviceRoute, settings: Any) -> None:
    body = {"topic": TOPIC, "payload": json.dumps(_envelope())}
    assert _post(body, token=None).status_code == 401
    assert _post(body, token="errado").status_code == 401
    assert _post({"payload": "{}"}).status_code == 400
    settings.TS_HTTP_INGEST_TOKEN = ""
    assert _post(body).status_code == 503


def _raw_post(body: bytes, **headers: Any) -> Any:
    client = APIClient()
    return client.generic(
        "POST",
        "/ingest",
        # O djangorestframework-stubs anota `data: str`, mas o RequestFactory do Django aceita bytes (force_bytes):
        # o corpo aqui são bytes crus de propósito (tamanho exato, acima do limite).
        body,  # type: ignore[arg-type]
        content_type="application/json",
        HTTP_HOST="api",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
        **headers,
    )


@pytest.mark.parametrize("size", [13 * 1024 * 1024, MAX_BODY_BYTES + 1])
def test_oversize_body_is_dead_lettered_never_a_bare_400(device: DeviceRoute, size: int) -> None:
    """Corpo acima do limite (13 MB passa de DATA_UPLOAD_MAX_MEMORY_SIZE): 413 com dead letter `oversize`
    que guarda o início do corpo (até o teto) e o tamanho, atribuída ao tenant do tópico."""
    head = json.dumps({"topic": TOPIC, "payload": ""}).encode()[:-2]  # abre a string do payload
    body = head + b"x" * (size - len(head) - 2) + b'"}'
    assert len(body) == size
    response = _raw_post(body, HTTP_X_TENANT="alpha")
    assert response.status_code == 413, response.content[:300]
    assert [d["reason"] for d in response.json()["dead_letters"]] == ["oversize"]
    stored = _tenant_rows(
        device.tenant_id,
        "SELECT reason, source, payload, detail FROM public.tenant_ingest_errors WHERE topic = %s ORDER BY id DESC",
        [TOPIC],
    )
    assert len(stored) == 1
    reason, source, payload, detail = stored[0]
    assert (reason, source) == ("oversize", "http")
    assert bytes(payload) == body[:STORED_BODY_BYTES]
    assert f"{size} bytes" in detail
    assert _tenant_rows(
        device.tenant_id, "SELECT count(*) FROM public.tenant_ts_measure WHERE device_id = %s", [device.device_id]
    ) == [(0,)]


def test_oversize_payload_inside_the_body_limit_keeps_the_whole_payload(device: DeviceRoute) -> None:
    """Payload acima de TS_INGEST_MAX_PAYLOAD_BYTES num corpo ainda legível: a mensagem inteira é guardada."""
    payload = json.dumps({**_envelope(), "meta": {"pad": "y" * (LIMITS.max_payload_bytes + 10)}})
    response = _post({"topic": TOPIC, "payload": payload})
    assert response.status_code == 422
    assert [d["reason"] for d in response.json()["dead_letters"]] == ["oversize"]
    stored = _tenant_rows(
        device.tenant_id,
        "SELECT payload FROM public.tenant_ingest_errors WHERE topic = %s AND reason = 'oversize'",
        [TOPIC],
    )
    assert [bytes(r[0]) for r in stored] == [payload.encode()]


def _dead_letters_inserted_in_this_transaction() -> int:
    # O papel da API não lê ingest_errors (só INSERT); a estatística da transação conta o que ela inseriu.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_xact_user_tables"
            " WHERE schemaname = 'public' AND relname = 'ingest_errors'"
        )
        return int(cursor.fetchone()[0])


def test_oversize_body_without_a_readable_topic_is_still_kept() -> None:
    """Sem tópico legível no início do corpo: guardada mesmo assim, sem tenant (só o dono/ops a vê)."""
    before = _dead_letters_inserted_in_this_transaction()
    body = b'{"payload": "' + b"z" * (MAX_BODY_BYTES + 100) + b'"}'
    response = _raw_post(body)
    assert response.status_code == 413
    [letter] = response.json()["dead_letters"]
    assert letter["reason"] == "oversize"
    assert f"{len(body)} bytes" in letter["detail"]
    assert _dead_letters_inserted_in_this_transaction() == before + 1
