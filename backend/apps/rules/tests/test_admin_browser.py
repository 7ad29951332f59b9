"""O admin (Jazzmin) num navegador de verdade: Chromium do Debian dirigido pelo Playwright contra um gunicorn real.

Loga como internal_ops no host do tenant, abre regras, alertas, endpoints de webhook, entregas e a lista de
dispositivos, confere os rótulos em pt-BR e as colunas de conectividade/alertas/credencial, cadastra um endpoint
e reconhece um alerta pela ação do admin. Os dados são criados pelas funções de serviço e commitados (o servidor
é outro processo); os dispositivos são provisionados no broker de teste por um worker Celery real.

O Chromium vem do apt (`scripts/dev.sh test` instala como root); o Playwright não baixa navegador nenhum.
"""

from __future__ import annotations

import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import TEST_PASSWORD
from django.db import transaction
from django.utils import timezone

from apps.core.db import set_tenant_for_transaction
from apps.devices.choices import ProvisioningStatus
from apps.devices.models import Device
from apps.devices.services import DeviceSpec, create_device, revoke_device
from apps.rules.models import Rule, WebhookEndpoint
from apps.rules.services import raise_alert
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant
from testsupport.api import running_api
from testsupport.mqtt import wait_until
from testsupport.tenants import in_tenant

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("seeded_catalog")]

REPO = Path(__file__).resolve().parents[4]
CHROMIUM = Path("/usr/bin/chromium")
# As flags pedidas para rodar isolado e offline numa máquina compartilhada (o perfil vazio vai no user_data_dir).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class AdminData:
    """O que o teste criou no tenant alpha (commitado) e precisa conferir/limpar."""

    faulted: Device
    revoked: Device
    alert_id: uuid.UUID
    endpoint_name: str


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium do Debian ausente ({CHROMIUM}): `scripts/dev.sh test` instala com apt-get como root")
    return CHROMIUM


@pytest.fixture(scope="module")
def admin_server(api_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """gunicorn real no banco de teste como `traksense_api` (o mesmo papel da API em produção); devolve a porta."""
    with running_api(api_url, tmp_path_factory.mktemp("admin-browser") / "gunicorn.log") as base:
        yield int(base.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def admin_data(
    django_db_blocker: Any, owner_url: str, celery_worker_process: subprocess.Popen[bytes]
) -> Iterator[AdminData]:
    """Dois inversores provisionados no broker de teste; um em falha (alerta crítico, offline), outro revogado."""
    tag = uuid.uuid4().hex[:6]
    with django_db_blocker.unblock():
        tenant = Tenant.objects.get(slug="alpha")
        devices = []
        with in_tenant("alpha"):
            for name in ("falha", "revogado"):
                spec = DeviceSpec(
                    site_slug="navegador",
                    site_name="Navegador",
                    template_slug="inverter_v1_parsec",
                    slug=f"{name}-{tag}",
                    name=f"Inversor {name}",
                )
                devices.append(create_device(tenant=tenant, spec=spec).device)

        def provisioned() -> bool:
            with in_tenant("alpha"):
                statuses = set(
                    Device.objects.filter(pk__in=[d.pk for d in devices]).values_list("provisioning_status", flat=True)
                )
            return statuses == {ProvisioningStatus.PROVISIONED}

        wait_until(provisioned, "dispositivos provisionados no broker pelo worker Celery", timeout=60)
        faulted, revoked = devices
        with in_tenant("alpha"):
            revoke_device(tenant=tenant, device=Device.objects.get(pk=revoked.pk))
            rule = Rule.objects.select_related("device", "point").get(
                device=faulted, point__name="device_state", kind="state"
            )
            with transaction.atomic():
                set_tenant_for_transaction(tenant.tenant_id)
                alert_id, created = raise_alert(rule=rule, num=None, text="FAULT", at=timezone.now())
            assert created
        tenant_connection().set_schema_to_public()
    # Conectividade como o ingest grava (tabela base; a API só lê a view isolada).
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO public.device_status (tenant_id, device_id, online, last_seen) VALUES (%s, %s, false, %s)",
            [tenant.tenant_id, faulted.id, datetime(2026, 12, 1, 12, 30, tzinfo=UTC)],
        )
    data = AdminData(faulted=faulted, revoked=revoked, alert_id=alert_id, endpoint_name=f"Ops {tag}")
    yield data
    # Nada disto pode pesar em outros testes do alpha: alerta apagado (papel dono), regras desligadas.
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("DELETE FROM public.alert WHERE id = %s", [alert_id])
        conn.execute("DELETE FROM public.device_status WHERE device_id = %s", [faulted.id])
    with django_db_blocker.unblock():
        with in_tenant("alpha"):
            Rule.objects.filter(device_id__in=[faulted.id, revoked.id]).update(enabled=False)
            WebhookEndpoint.objects.filter(name=data.endpoint_name).delete()
        tenant_connection().set_schema_to_public()


def _header_texts(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#result_list thead th").all_inner_texts() if t.strip()]


def test_admin_in_a_real_browser(chromium: Path, admin_server: int, admin_data: AdminData) -> None:
    from playwright.sync_api import sync_playwright

    base = f"http://alpha.localhost:{admin_server}"  # o Chromium resolve *.localhost para o loopback
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            # O login aberto direto (sem ?next=) tem de levar ao admin (LOGIN_REDIRECT_URL).
            page.goto(f"{base}/admin/login/")
            page.fill("input[name=username]", "ops")
            page.fill("input[name=password]", TEST_PASSWORD)
            page.click("[type=submit]")
            page.wait_for_load_state()
            assert page.url == f"{base}/admin/", (page.url, page.inner_text("body")[:2000])
            index = page.content()
            for label in ("Dispositivos", "Alertas", "Regras", "Endpoints de webhook", "Entregas de webhook"):
                assert label in index, label
            for english in ("Devices", "Mqtt credentials", "Dashboard configs", "Webhook endpoints"):
                assert english not in index, english

            # Regras: colunas em pt-BR e as regras padrão do inversor criado.
            page.goto(f"{base}/admin/rules/rule/?q={admin_data.faulted.slug}")
            headers = _header_texts(page)
            for label in ("Dispositivo", "Ponto", "Tipo", "Operador", "Duração mínima (s)", "Gravidade", "Ativa"):
                assert label in headers, (label, headers)
            assert "device_state" in page.inner_text("#result_list")

            # Endpoint de webhook cadastrado pelo formulário do admin (URL local: os testes a permitem).
            page.goto(f"{base}/admin/rules/webhookendpoint/add/")
            assert "Adicionar endpoint de webhook" in page.content()
            page.fill("input[name=name]", admin_data.endpoint_name)
            page.fill("input[name=url]", "http://127.0.0.1:9/webhook")
            page.click("input[name=_save]")
            page.wait_for_url(f"{base}/admin/rules/webhookendpoint/")
            headers = _header_texts(page)
            for label in ("Nome", "URL", "Eventos", "Gravidade mínima", "Ativo"):
                assert label in headers, (label, headers)
            assert admin_data.endpoint_name in page.inner_text("#result_list")

            # Alertas: o crítico aberto; ack pela ação do admin.
            page.goto(f"{base}/admin/alerts/alert/")
            headers = _header_texts(page)
            for label in ("Início", "Gravidade", "Estado", "Mensagem", "Reconhecido por"):
                assert label in headers, (label, headers)
            row = page.locator("#result_list tbody tr", has=page.locator(f"input[value='{admin_data.alert_id}']"))
            assert "Ativo, não reconhecido" in row.inner_text()
            assert "Crítico" in row.inner_text()
            row.locator("input.action-select").check()
            page.select_option("select[name=action]", "acknowledge")
            assert "Reconhecer os alertas selecionados" in page.inner_text("select[name=action]")
            page.click(".actions button[name=index]")
            page.wait_for_load_state()
            assert "1 alerta(s) reconhecido(s)." in page.content()
            row = page.locator("#result_list tbody tr", has=page.locator(f"input[value='{admin_data.alert_id}']"))
            assert "Ativo, reconhecido" in row.inner_text()
            assert "ops" in row.inner_text()

            # Entregas: o ack gerou exatamente uma entrega para o endpoint cadastrado.
            page.goto(f"{base}/admin/rules/webhookdelivery/")
            headers = _header_texts(page)
            for label in ("Criada em", "Endpoint", "Evento", "Situação", "Tentativas", "Último código HTTP"):
                assert label in headers, (label, headers)
            rows = page.locator("#result_list tbody tr", has_text=admin_data.endpoint_name)
            assert rows.count() == 1
            assert "Reconhecido" in rows.first.inner_text() or "acked" in rows.first.inner_text()

            # Dispositivos: conectividade, alertas abertos e credencial MQTT de relance.
            page.goto(f"{base}/admin/devices/device/?q=navegador")
            headers = _header_texts(page)
            for label in ("Online", "Visto por último", "Alertas abertos", "Credencial MQTT", "Provisionamento"):
                assert label in headers, (label, headers)
            faulted = page.locator("#result_list tbody tr", has_text=admin_data.faulted.topic_base)
            assert faulted.locator("img[alt=False]").count() == 1  # offline pelo LWT/state
            assert "1 (máx.: Crítico)" in faulted.inner_text()
            assert "ativa" in faulted.inner_text()
            assert "1 de dezembro de 2026" in faulted.inner_text().lower()  # formato pt-BR do Django
            revoked = page.locator("#result_list tbody tr", has_text=admin_data.revoked.topic_base)
            assert "revogada" in revoked.inner_text()
            assert "nunca" in revoked.inner_text()
        finally:
            browser.close()
