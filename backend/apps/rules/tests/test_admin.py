"""Admin de alertas, regras e entregas: pelo host do tenant, só dados do próprio tenant; ack pela ação."""

from __future__ import annotations

import pytest
from conftest import TEST_PASSWORD
from django.test import Client

from apps.alerts.models import Alert
from apps.core.db import set_tenant_for_transaction
from apps.rules.tests.test_api import make_device, open_alert, rule_of
from testsupport.tenants import in_tenant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_catalog")]


def _ops() -> Client:
    client = Client()
    assert client.login(username="ops", password=TEST_PASSWORD)
    return client


def test_alert_admin_is_per_tenant_and_ack_action_uses_the_service() -> None:
    alpha_rule = rule_of("alpha", make_device("alpha"), "corrente_total", "threshold")
    beta_rule = rule_of("beta", make_device("beta"), "corrente_total", "threshold")
    alpha_alert = open_alert("alpha", alpha_rule, 201.5)
    open_alert("beta", beta_rule, 333.5)
    client = _ops()
    page = client.get("/admin/alerts/alert/", HTTP_HOST="alpha.localhost")
    assert page.status_code == 200
    assert b"201.5" in page.content
    assert b"333.5" not in page.content
    assert client.get(f"/admin/alerts/alert/{alpha_alert}/change/", HTTP_HOST="alpha.localhost").status_code == 200
    assert client.get(f"/admin/alerts/alert/{alpha_alert}/change/", HTTP_HOST="beta.localhost").status_code == 302
    r = client.post(
        "/admin/alerts/alert/",
        {"action": "acknowledge", "_selected_action": [str(alpha_alert)]},
        HTTP_HOST="alpha.localhost",
    )
    assert r.status_code == 302
    with in_tenant("alpha") as t:
        set_tenant_for_transaction(t.tenant_id)
        alert = Alert.objects.get(id=alpha_alert)
    assert alert.state == "active_ack"
    assert alert.acked_by == "ops"


def test_rules_webhooks_and_deliveries_pages_render_on_tenant_host() -> None:
    make_device("alpha")
    client = _ops()
    for url in ("/admin/rules/rule/", "/admin/rules/webhookendpoint/", "/admin/rules/webhookdelivery/"):
        assert client.get(url, HTTP_HOST="alpha.localhost").status_code == 200, url
    assert b"corrente_total" in client.get("/admin/rules/rule/", HTTP_HOST="alpha.localhost").content
