"""Webhooks ponta a ponta: worker Celery real entregando a um receptor HTTP real (local) no padrão Standard
Webhooks — assinatura verificada, uma entrega por mudança de estado, nova tentativa após 500/429 e falha
definitiva guardada (visível na API) e reenviável."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from apps.core.db import set_tenant_for_transaction
from apps.devices.services import DeviceSpec, create_device
from apps.rules.models import Rule, WebhookDelivery, WebhookEndpoint
from apps.rules.services import clear_alert, raise_alert
from apps.rules.tests.conftest import wait_until
from testsupport.tenants import bearer_client, in_tenant

TENANT = "beta"


class Receiver:
    """Servidor HTTP local que guarda cada requisição e responde conforme `script` (o último se repete)."""

    def __init__(self, script: list[tuple[int, dict[str, str]]]) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.requests.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                code, headers = receiver.script[min(len(receiver.requests), len(receiver.script)) - 1]
                self.send_response(code)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(b"ok" if code < 300 else b"erro do receptor")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def verify(secret: str, req: dict[str, Any]) -> bool:
    """Verificação como o receptor faria (Standard Webhooks v1)."""
    h = req["headers"]
    signed = f"{h['webhook-id']}.{h['webhook-timestamp']}.".encode() + req["body"]
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(sig == f"v1,{expected}" for sig in h["webhook-signature"].split(" "))


@pytest.fixture
def setup(live_db: None, celery_worker_process: Any) -> Iterator[Any]:
    made: list[tuple[Receiver, str]] = []

    def make(script: list[tuple[int, dict[str, str]]], **extra: Any) -> tuple[Receiver, dict[str, Any]]:
        rx = Receiver(script)
        r = bearer_client("admin", TENANT).post(
            "/api/webhooks", {"name": f"rx-{uuid.uuid4().hex[:6]}", "url": rx.url, **extra}, format="json"
        )
        assert r.status_code == 201, r.content
        made.append((rx, r.json()["id"]))
        return rx, r.json()

    yield make
    with in_tenant(TENANT):
        WebhookEndpoint.objects.filter(id__in=[i for _, i in made]).update(enabled=False)
    for rx, _ in made:
        rx.close()


def new_rule() -> Rule:
    slug = f"wh-{uuid.uuid4().hex[:8]}"
    with in_tenant(TENANT) as t:
        device = create_device(
            tenant=t, spec=DeviceSpec(site_slug="s1", template_slug="inverter_v1_parsec", slug=slug, name=slug)
        ).device
        return Rule.objects.select_related("device", "point").get(device=device, kind="state")


def change(fn: Any, **kwargs: Any) -> Any:
    with in_tenant(TENANT) as t, transaction.atomic():
        set_tenant_for_transaction(t.tenant_id)
        return fn(**kwargs)


def deliveries(endpoint_id: str) -> list[WebhookDelivery]:
    with in_tenant(TENANT):
        return list(WebhookDelivery.objects.filter(endpoint_id=uuid.UUID(endpoint_id)).order_by("created_at"))


def test_one_signed_delivery_per_state_change(setup: Any) -> None:
    rx, ep = setup([(200, {})])
    rule = new_rule()
    alert_id, _ = change(raise_alert, rule=rule, num=None, text="FAULT", at=timezone.now())
    wait_until(lambda: len(rx.requests) == 1, "entrega do disparo")
    r = bearer_client("admin", TENANT).post(f"/api/alerts/{alert_id}/ack")
    assert r.status_code == 200
    wait_until(lambda: len(rx.requests) == 2, "entrega do reconhecimento")
    change(clear_alert, alert_id=alert_id, at=timezone.now())
    wait_until(lambda: len(rx.requests) == 3, "entrega da normalização")
    time.sleep(1.5)  # nada mais chega (nem duplicata)
    assert len(rx.requests) == 3
    assert all(verify(ep["secret"], req) for req in rx.requests)
    bodies = [json.loads(req["body"]) for req in rx.requests]
    assert [b["type"] for b in bodies] == ["alert.raised", "alert.acked", "alert.cleared"]
    assert [b["data"]["state"] for b in bodies] == ["active_unack", "active_ack", "cleared_ack"]
    assert {b["data"]["id"] for b in bodies} == {str(alert_id)}
    assert len({req["headers"]["webhook-id"] for req in rx.requests}) == 3
    # Uma assinatura adulterada não confere.
    tampered = {**rx.requests[0], "body": rx.requests[0]["body"].replace(b"FAULT", b"RUN")}
    assert not verify(ep["secret"], tampered)
    wait_until(lambda: all(d.status == "delivered" for d in deliveries(ep["id"])), "entregas registradas")
    detail = bearer_client("admin", TENANT).get(f"/api/alerts/{alert_id}").json()
    assert [e["kind"] for e in detail["events"]].count("notified") == 3


def test_event_filter_only_sends_selected_changes(setup: Any) -> None:
    rx, _ = setup([(200, {})], event_kinds=["cleared"])
    rule = new_rule()
    alert_id, _ = change(raise_alert, rule=rule, num=None, text="FAULT", at=timezone.now())
    change(clear_alert, alert_id=alert_id, at=timezone.now())
    wait_until(lambda: len(rx.requests) == 1, "só a normalização")
    time.sleep(1.0)
    assert [json.loads(r["body"])["type"] for r in rx.requests] == ["alert.cleared"]


def test_retried_after_500_and_429_with_same_webhook_id(setup: Any) -> None:
    rx, ep = setup([(500, {}), (429, {"Retry-After": "1"}), (200, {})])
    rule = new_rule()
    change(raise_alert, rule=rule, num=None, text="FAULT", at=timezone.now())
    wait_until(lambda: len(rx.requests) == 3, "três tentativas")
    assert len({r["headers"]["webhook-id"] for r in rx.requests}) == 1
    assert all(verify(ep["secret"], r) for r in rx.requests)
    wait_until(lambda: deliveries(ep["id"])[0].status == "delivered", "entregue na terceira")
    d = deliveries(ep["id"])[0]
    assert (d.attempts, d.last_status_code) == (3, 200)


def test_permanently_failing_endpoint_ends_failed_visible_and_resendable(setup: Any) -> None:
    rx, ep = setup([(503, {})])
    rule = new_rule()
    change(raise_alert, rule=rule, num=None, text="FAULT", at=timezone.now())
    wait_until(lambda: deliveries(ep["id"]) and deliveries(ep["id"])[0].status == "failed", "falha definitiva")
    d = deliveries(ep["id"])[0]
    assert d.attempts == 3  # TS_WEBHOOK_MAX_ATTEMPTS dos testes
    assert d.last_status_code == 503
    assert d.last_response == "erro do receptor"
    assert len(rx.requests) == 3
    api = bearer_client("admin", TENANT)
    listed = api.get(f"/api/webhook-deliveries?endpoint={ep['id']}&status=failed").json()["results"]
    assert [x["id"] for x in listed] == [d.id]
    rx.script = [(200, {})]
    r = api.post(f"/api/webhook-deliveries/{d.id}/resend")
    assert r.status_code == 202
    wait_until(lambda: deliveries(ep["id"])[0].status == "delivered", "reenviada e entregue")
    assert rx.requests[-1]["headers"]["webhook-id"] == d.id
