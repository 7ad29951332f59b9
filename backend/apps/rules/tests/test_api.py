"""API de alertas, regras e webhooks: filtros, ciclo de vida (ack/comentário), resumo, RBAC e isolamento.

Dados criados pelas mesmas ações de serviço da produção (create_device, raise_alert), dentro da transação
de teste; cada request fixa o próprio tenant (ids de outro tenant → 404).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from apps.core.db import set_tenant_for_transaction
from apps.devices.conftest import client_for  # noqa: F401
from apps.devices.services import DeviceSpec, create_device
from apps.rules.models import Rule
from apps.rules.services import raise_alert
from apps.tenancy.models import Tenant
from ingest.live import decode_event, stream_key
from testsupport.tenants import in_tenant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_catalog")]

# XRANGE sem decode_responses: [(id, {campo: valor})] (o redis-py anota só `ResponseT`).
StreamEntries = list[tuple[bytes, dict[bytes | str, bytes | str]]]


def make_device(tenant: str = "alpha", template: str = "chiller_v1") -> uuid.UUID:
    slug = f"api-{uuid.uuid4().hex[:8]}"
    with in_tenant(tenant) as t:
        return create_device(
            tenant=t, spec=DeviceSpec(site_slug="s1", template_slug=template, slug=slug, name=slug)
        ).device.id


def rule_of(tenant: str, device_id: uuid.UUID, point: str, kind: str) -> Rule:
    with in_tenant(tenant):
        return Rule.objects.select_related("device", "point").get(device_id=device_id, point__name=point, kind=kind)


def open_alert(tenant: str, rule: Rule, value: float = 13.0) -> uuid.UUID:
    with in_tenant(tenant) as t, transaction.atomic():
        set_tenant_for_transaction(t.tenant_id)
        alert_id, created = raise_alert(rule=rule, num=value, text=None, at=timezone.now())
    assert created
    return alert_id


@pytest.fixture
def alpha_alert() -> dict[str, Any]:
    device = make_device()
    rule = rule_of("alpha", device, "temp_agua_saida", "threshold")
    return {"device": device, "rule": rule, "alert": open_alert("alpha", rule)}


def test_alert_list_detail_ack_comment_and_summary(
    client_for: Callable[..., APIClient],  # noqa: F811
    alpha_alert: dict[str, Any],
) -> None:
    api = client_for("admin")
    device, alert_id = alpha_alert["device"], alpha_alert["alert"]
    other = rule_of("alpha", device, "corrente_total", "threshold")
    open_alert("alpha", other, 200.0)

    r = api.get(f"/api/alerts?device={device}")
    assert r.status_code == 200, r.content
    assert r.json()["count"] == 2
    assert r.json()["results"][0]["rule_id"] == str(other.id)  # mais novo primeiro
    r = api.get(f"/api/alerts?device={device}&severity=critical")
    assert [a["id"] for a in r.json()["results"]] == [str(r.json()["results"][0]["id"])]
    assert r.json()["results"][0]["severity"] == "critical"
    assert api.get(f"/api/alerts?device={device}&state=cleared_unack").json()["count"] == 0
    assert api.get(f"/api/alerts?device={device}&state=open").json()["count"] == 2
    assert api.get("/api/alerts?state=bogus").status_code == 400
    assert api.get("/api/alerts?from=ontem").status_code == 400
    assert api.get(f"/api/alerts?device={device}&to=2000-01-01T00:00:00Z").json()["count"] == 0

    detail = api.get(f"/api/alerts/{alert_id}").json()
    assert detail["state"] == "active_unack"
    assert detail["message"].startswith(f"{detail['message'].split(':')[0]}:")
    assert [e["kind"] for e in detail["events"]] == ["raised"]

    r = api.post(f"/api/alerts/{alert_id}/ack")
    assert r.status_code == 200
    assert r.json()["state"] == "active_ack"
    assert r.json()["acked_by"] == "alpha-admin"
    r = api.post(f"/api/alerts/{alert_id}/ack")  # idempotente: nenhum evento novo
    assert [e["kind"] for e in r.json()["events"]] == ["raised", "acked"]

    r = api.post(f"/api/alerts/{alert_id}/comment", {"text": "equipe a caminho"}, format="json")
    assert r.status_code == 201
    assert r.json()["detail"] == {"text": "equipe a caminho"}
    assert api.post(f"/api/alerts/{alert_id}/comment", {"text": ""}, format="json").status_code == 400

    summary = api.get("/api/alerts/summary").json()
    assert summary["open_by_severity"]["critical"] >= 1
    assert summary["open_by_severity"]["major"] >= 1
    assert summary["by_state"]["active_ack"] >= 1
    assert summary["open_total"] == sum(summary["open_by_severity"].values())


def test_viewer_reads_alerts_but_cannot_ack_or_comment(
    client_for: Callable[..., APIClient],  # noqa: F811
    alpha_alert: dict[str, Any],
) -> None:
    viewer = client_for("viewer")
    alert_id = alpha_alert["alert"]
    assert viewer.get(f"/api/alerts/{alert_id}").status_code == 200
    assert viewer.post(f"/api/alerts/{alert_id}/ack").status_code == 403
    assert viewer.post(f"/api/alerts/{alert_id}/comment", {"text": "x"}, format="json").status_code == 403
    assert client_for("anonymous").get("/api/alerts").status_code == 401


def test_alerts_of_tenant_a_invisible_to_tenant_b(
    client_for: Callable[..., APIClient],  # noqa: F811
    alpha_alert: dict[str, Any],
) -> None:
    beta = client_for("admin", "beta")
    alert_id = alpha_alert["alert"]
    assert beta.get(f"/api/alerts/{alert_id}").status_code == 404
    assert beta.post(f"/api/alerts/{alert_id}/ack").status_code == 404
    assert beta.get(f"/api/alerts?device={alpha_alert['device']}").json()["count"] == 0
    ids = [a["id"] for a in beta.get("/api/alerts?limit=1000").json()["results"]]
    assert str(alert_id) not in ids


def _allow_limits(slug: str, value: bool) -> None:
    Tenant.objects.filter(slug=slug).update(allow_customer_limit_edits=value)


def test_rules_rbac_and_validation(client_for: Callable[..., APIClient]) -> None:  # noqa: F811
    device = make_device()
    rule = rule_of("alpha", device, "temp_agua_saida", "threshold")
    ops, admin, viewer = client_for("ops"), client_for("admin"), client_for("viewer")

    r = viewer.get(f"/api/rules?device={device}")
    assert r.status_code == 200
    assert {x["kind"] for x in r.json()["results"]} == {"threshold", "no_data", "offline"}
    assert viewer.patch(f"/api/rules/{rule.id}", {"high": 13.0}, format="json").status_code == 403

    _allow_limits("alpha", False)
    assert admin.patch(f"/api/rules/{rule.id}", {"high": 13.0}, format="json").status_code == 403
    _allow_limits("alpha", True)
    r = admin.patch(f"/api/rules/{rule.id}", {"high": 13.0, "enabled": False}, format="json")
    assert r.status_code == 200, r.content
    assert (r.json()["high"], r.json()["enabled"]) == (13.0, False)
    assert admin.patch(f"/api/rules/{rule.id}", {"for_s": 5}, format="json").status_code == 403
    assert admin.patch(f"/api/rules/{rule.id}", {"low": 20.0}, format="json").status_code == 400  # low > high

    r = ops.patch(f"/api/rules/{rule.id}", {"for_s": 5, "severity": "critical"}, format="json")
    assert r.status_code == 200
    assert r.json()["for_s"] == 5

    point = rule.point_id
    body = {"device": str(device), "point": str(point), "kind": "threshold", "operator": "above", "high": 1.0}
    assert ops.post("/api/rules", body, format="json").status_code == 409  # já há threshold nesse ponto
    assert admin.post("/api/rules", {**body, "kind": "state"}, format="json").status_code == 403
    bad = {**body, "kind": "state", "state_value": ""}
    assert ops.post("/api/rules", bad, format="json").status_code == 400
    r = ops.post("/api/rules", {**body, "kind": "no_data", "no_data_s": 60, "point": None}, format="json")
    assert r.status_code == 400  # no_data exige ponto

    r = ops.delete(f"/api/rules/{rule.id}")
    assert r.status_code == 204
    assert ops.get(f"/api/rules/{rule.id}").status_code == 404


def test_rule_ids_of_other_tenant_are_404(client_for: Callable[..., APIClient]) -> None:  # noqa: F811
    device = make_device()
    rule = rule_of("alpha", device, "temp_agua_saida", "threshold")
    beta_ops = client_for("ops", "beta")
    assert beta_ops.get(f"/api/rules/{rule.id}").status_code == 404
    assert beta_ops.patch(f"/api/rules/{rule.id}", {"high": 1.0}, format="json").status_code == 404


def test_webhook_endpoints_rbac_secret_and_private_urls(
    client_for: Callable[..., APIClient],  # noqa: F811
    settings: Any,
) -> None:
    admin, viewer = client_for("admin"), client_for("viewer")
    body = {"name": "plantão", "url": "http://127.0.0.1:9/hook", "event_kinds": ["raised", "cleared"]}
    assert viewer.get("/api/webhooks").status_code == 403
    settings.WEBHOOK_ALLOW_PRIVATE = False
    r = admin.post("/api/webhooks", body, format="json")
    assert r.status_code == 400
    assert "privado" in str(r.json())
    assert admin.post("/api/webhooks", {**body, "url": "file:///etc/passwd"}, format="json").status_code == 400
    settings.WEBHOOK_ALLOW_PRIVATE = True
    assert admin.post("/api/webhooks", {**body, "event_kinds": ["bogus"]}, format="json").status_code == 400
    r = admin.post("/api/webhooks", body, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["secret"].startswith("whsec_")
    listed = admin.get("/api/webhooks").json()["results"]
    assert all("secret" not in e for e in listed)
    assert client_for("admin", "beta").get(f"/api/webhooks/{r.json()['id']}").status_code == 404


def test_device_dashboard_has_an_open_alerts_panel(client_for: Callable[..., APIClient]) -> None:  # noqa: F811
    device = make_device(template="inverter_v1_parsec")
    body = client_for("viewer").get(f"/api/dashboards/{device}").json()
    panels = [p for p in body["panels"] if p["type"] == "alerts"]
    assert panels == [{"type": "alerts", "title": "Alertas abertos", "state": "open", "limit": 10}]


def test_alert_changes_reach_the_tenant_live_stream_and_no_other(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """Issue 14: mudanças de estado de alerta vão para o stream ao vivo do tenant (SSE), nunca para o de outro."""
    device = make_device()
    rule = rule_of("alpha", device, "temp_agua_saida", "threshold")
    alpha, beta = (stream_key(Tenant.objects.get(slug=s).tenant_id) for s in ("alpha", "beta"))
    r = redis.Redis.from_url(settings.REDIS_URL)

    def last_id(key: str) -> bytes:
        newest = cast(StreamEntries, r.xrevrange(key, count=1))
        return newest[0][0] if newest else b"0-0"

    last = {k: last_id(k) for k in (alpha, beta)}
    with django_capture_on_commit_callbacks(execute=True):
        alert_id = open_alert("alpha", rule)

    def alert_events(key: str) -> list[Any]:
        return [
            ev
            for _, fields in cast(StreamEntries, r.xrange(key, min=b"(" + last[key]))
            if (ev := decode_event(fields)).type == "alert" and ev.alert_id == alert_id
        ]

    [event] = alert_events(alpha)
    assert (event.change, event.state, event.device_id) == ("raised", "active_unack", device)
    assert alert_events(beta) == []
