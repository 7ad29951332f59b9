"""`GET /api/fleet/summary` contra o banco real, com os papéis reais.

Os dispositivos são criados pela função de serviço da produção (`create_device`) na transação do teste; a
conectividade (`device_status`), as amostras (`ts_measure`) e os alertas (`alert`) são gravados pelo papel dono,
como o ingest e o avaliador gravam, e apagados no fim. As contagens da API são comparadas com uma consulta
direta (ORM no schema do tenant + tabelas base pelo papel dono, filtradas por tenant_id), e os valores dos
dispositivos deste teste também são conferidos um a um.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.devices.models import Device, Point
from apps.devices.services import DeviceSpec, create_device, decommission_device
from apps.tenancy.cache import clear_tenant_cache
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant
from contracts.api import FleetSummary
from testsupport.tenants import bearer_client, in_tenant, unique_slug

URL = "/api/fleet/summary"
T0 = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture
def public_rows(owner_url: str) -> Iterator[Callable[..., None]]:
    """Grava linhas nas tabelas base (papel dono) e apaga tudo no fim, pelos device_id usados."""
    devices: set[uuid.UUID] = set()

    def write(sql: str, params: list[Any], device_id: uuid.UUID) -> None:
        devices.add(device_id)
        with psycopg.connect(owner_url) as conn:
            conn.execute(sql, params)

    yield write
    with psycopg.connect(owner_url) as conn:
        for table in ("ts_measure", "device_status", "alert"):
            conn.execute(f"DELETE FROM public.{table} WHERE device_id = ANY(%s)", [list(devices)])


def _status(write: Callable[..., None], tenant: Tenant, device: Device, online: bool) -> None:
    write(
        "INSERT INTO public.device_status (tenant_id, device_id, online, last_seen) VALUES (%s, %s, %s, now())",
        [tenant.tenant_id, device.id, online],
        device.id,
    )


def _sample(write: Callable[..., None], tenant: Tenant, device: Device, point: str, at: datetime, **value: Any) -> None:
    point_id = Point.objects.get(device=device, name=point).id
    write(
        "INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num, v_text) VALUES (%s,%s,%s,%s,%s,%s)",
        [tenant.tenant_id, device.id, point_id, at, value.get("v_num"), value.get("v_text")],
        device.id,
    )


def _alert(write: Callable[..., None], tenant: Tenant, device: Device, severity: str, *, cleared: bool = False) -> None:
    write(
        "INSERT INTO public.alert (id, tenant_id, device_id, rule_id, rule_kind, state, severity, message, "
        "started_at, cleared_at) VALUES (%s, %s, %s, %s, 'threshold', %s, %s, 'teste', now(), %s)",
        [
            uuid.uuid4(),
            tenant.tenant_id,
            device.id,
            uuid.uuid4(),
            "cleared_unack" if cleared else "active_unack",
            severity,
            timezone.now() if cleared else None,
        ],
        device.id,
    )


def _direct(owner_url: str, tenant: Tenant) -> dict[str, Any]:
    """O resumo calculado sem o código da API: ORM no schema do tenant e tabelas base pelo papel dono."""
    with in_tenant(tenant.slug):
        devices = list(Device.objects.select_related("site", "template"))
        enum_points = list(
            Point.objects.filter(value_type="enum", is_contracted=True, device__decommissioned_at__isnull=True)
        )
    with psycopg.connect(owner_url) as conn:
        status: dict[uuid.UUID, bool] = dict(
            conn.execute(
                "SELECT device_id, online FROM public.device_status WHERE tenant_id = %s", [tenant.tenant_id]
            ).fetchall()
        )
        alerts: dict[str, int] = dict(
            conn.execute(
                "SELECT severity, count(*) FROM public.alert WHERE tenant_id = %s AND cleared_at IS NULL "
                "GROUP BY severity",
                [tenant.tenant_id],
            ).fetchall()
        )
        latest: dict[uuid.UUID, tuple[Any, Any]] = {}
        for p in enum_points:
            row = conn.execute(
                "SELECT v_text, v_num FROM public.ts_measure WHERE tenant_id = %s AND device_id = %s AND point_id = %s "
                "ORDER BY ts DESC LIMIT 1",
                [tenant.tenant_id, p.device_id, p.id],
            ).fetchone()
            if row is not None:
                latest[p.id] = row

    def counts(group: list[Device]) -> dict[str, int]:
        active = [d for d in group if d.decommissioned_at is None]
        online = sum(1 for d in active if status.get(d.id) is True)
        return {
            "devices": len(group),
            "active": len(active),
            "decommissioned": len(group) - len(active),
            "online": online,
            "offline": len(active) - online,
            "never_seen": sum(1 for d in active if d.id not in status),
        }

    states: dict[str, Counter[str]] = {}
    no_data: Counter[str] = Counter()
    for p in enum_points:
        states.setdefault(p.name, Counter())
        if p.id not in latest:
            no_data[p.name] += 1
            continue
        v_text, v_num = latest[p.id]
        states[p.name][v_text if v_text is not None else p.enum_values[int(v_num)]] += 1
    return {
        "totals": counts(devices),
        "by_site": {s: counts([d for d in devices if d.site.slug == s]) for s in {d.site.slug for d in devices}},
        "by_template": {
            t: counts([d for d in devices if d.template.slug == t]) for t in {d.template.slug for d in devices}
        },
        "states": {name: (dict(c), no_data[name]) for name, c in states.items()},
        "alerts_open": {s: alerts.get(s, 0) for s in ("critical", "major", "minor", "warning")},
    }


def _as_comparable(body: dict[str, Any]) -> dict[str, Any]:
    strip = ("slug", "name")
    return {
        "totals": body["totals"],
        "by_site": {g["slug"]: {k: v for k, v in g.items() if k not in strip} for g in body["by_site"]},
        "by_template": {g["slug"]: {k: v for k, v in g.items() if k not in strip} for g in body["by_template"]},
        "states": {s["point"]: (s["counts"], s["no_data"]) for s in body["states"]},
        "alerts_open": {k: v for k, v in body["alerts_open"].items() if k != "total"},
    }


def _summary(role: str, tenant: str) -> dict[str, Any]:
    response = bearer_client(role, tenant).get(URL)
    tenant_connection().set_schema_to_public()
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    FleetSummary.model_validate(body)
    return body


def _make(tenant: Tenant, site: str, template: str) -> Device:
    spec = DeviceSpec(site_slug=site, template_slug=template, slug=unique_slug(), name="frota")
    return create_device(tenant=tenant, spec=spec).device


def test_summary_counts_match_direct_query(db: None, owner_url: str, public_rows: Callable[..., None]) -> None:
    site_a, site_b = unique_slug("fa"), unique_slug("fb")
    with in_tenant("alpha") as alpha:
        inv = [_make(alpha, site_a, "inverter_v1_parsec") for _ in range(4)]
        chillers = [_make(alpha, site_b, "chiller_v1") for _ in range(2)]
        retired = _make(alpha, site_b, "inverter_v1_parsec")
        _status(public_rows, alpha, retired, True)
        decommission_device(tenant=alpha, device=retired)
    _status(public_rows, alpha, inv[0], True)
    _status(public_rows, alpha, inv[1], True)
    _status(public_rows, alpha, inv[2], False)
    _status(public_rows, alpha, chillers[0], True)
    with in_tenant("alpha"):
        # device_state: RUN depois FAULT (vale o último), STOP gravado pelo índice (1), RUN; o 4º nunca publicou.
        _sample(public_rows, alpha, inv[0], "device_state", T0, v_text="RUN")
        _sample(public_rows, alpha, inv[0], "device_state", T0 + timedelta(minutes=1), v_text="FAULT")
        _sample(public_rows, alpha, inv[1], "device_state", T0, v_num=1.0)
        _sample(public_rows, alpha, inv[2], "device_state", T0, v_text="RUN")
        _sample(public_rows, alpha, chillers[0], "modo_operacao", T0, v_text="AUTO")
        _sample(public_rows, alpha, retired, "device_state", T0, v_text="FAULT")  # desativado: fora dos estados
    _alert(public_rows, alpha, inv[0], "critical")
    _alert(public_rows, alpha, inv[0], "critical", cleared=True)  # normalizado: não conta
    _alert(public_rows, alpha, chillers[1], "warning")

    body = _summary("viewer", "alpha")
    assert _as_comparable(body) == _direct(owner_url, alpha)
    assert body["alerts_open"]["total"] == sum(_direct(owner_url, alpha)["alerts_open"].values())

    # Os dispositivos deste teste, conferidos um a um.
    sites = {g["slug"]: g for g in body["by_site"]}
    assert sites[site_a] == {
        "slug": site_a,
        "name": site_a,
        "devices": 4,
        "active": 4,
        "decommissioned": 0,
        "online": 2,
        "offline": 2,
        "never_seen": 1,
    }
    assert {
        k: sites[site_b][k] for k in ("devices", "active", "decommissioned", "online", "offline", "never_seen")
    } == {
        "devices": 3,
        "active": 2,
        "decommissioned": 1,
        "online": 1,
        "offline": 1,
        "never_seen": 1,
    }
    assert body["alerts_open"]["critical"] >= 1
    assert body["alerts_open"]["warning"] >= 1


def test_summary_fixed_query_count(db: None, public_rows: Callable[..., None]) -> None:
    """O número de consultas não cresce com a frota (nada de uma consulta por dispositivo)."""
    site = unique_slug("fq")

    def queries() -> int:
        client = bearer_client("viewer", "alpha")
        # Cache de tenants do middleware sempre frio: ele vence por tempo (TS_TENANT_CACHE_SECONDS), e uma medição
        # com cache e outra sem difeririam em 2 queries (SET search_path + SELECT do tenant) que nada têm a ver com
        # o tamanho da frota.
        clear_tenant_cache()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        tenant_connection().set_schema_to_public()
        assert response.status_code == 200
        return len(ctx.captured_queries)

    with in_tenant("alpha") as alpha:
        _make(alpha, site, "inverter_v1_parsec")
    few = queries()
    with in_tenant("alpha") as alpha:
        for _ in range(10):
            _make(alpha, site, "inverter_v1_parsec")
    assert queries() == few


def test_summary_is_tenant_isolated(db: None, owner_url: str, public_rows: Callable[..., None]) -> None:
    site = unique_slug("fx")
    with in_tenant("alpha") as alpha:
        mine = _make(alpha, site, "inverter_v1_parsec")
    _status(public_rows, alpha, mine, True)
    with in_tenant("alpha"):
        _sample(public_rows, alpha, mine, "device_state", T0, v_text="FAULT")
    _alert(public_rows, alpha, mine, "major")
    beta = Tenant.objects.get(slug="beta")

    body = _summary("admin", "beta")
    assert site not in {g["slug"] for g in body["by_site"]}
    assert _as_comparable(body) == _direct(owner_url, beta)
    alpha_body = _summary("admin", "alpha")
    assert site in {g["slug"] for g in alpha_body["by_site"]}
    assert alpha_body["alerts_open"]["major"] >= 1

    # Usuário de outro tenant não lê o resumo do alpha; sem token, 401.
    intruder = bearer_client("viewer", "beta", header_tenant="alpha")
    assert intruder.get(URL).status_code == 403
    assert bearer_client("anonymous", "alpha").get(URL).status_code == 401
    tenant_connection().set_schema_to_public()
