"""API de dispositivos, pontos e dashboards: cada endpoint × papel, isolamento entre tenants e o contrato.

Banco real (papel da API). Dentro do fixture `db` nada é commitado, então os efeitos no broker (on_commit)
não disparam aqui — eles são testados com broker e worker reais em test_broker.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from apps.broker.hashing import PasswordRecord, verify_password
from apps.broker.models import MqttAcl, MqttCredential
from apps.devices.models import DashboardConfig, Device, Point
from apps.devices.services import DeviceSpec, _raise_if_not_duplicate, create_device
from apps.registry.models import DeviceRoute, PointRoute
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant
from contracts.api import DeviceWithCredentials
from contracts.dashboard import validate_dashboard
from testsupport.tenants import in_tenant, unique_slug

pytestmark = pytest.mark.django_db

Client = Callable[..., APIClient]
WRITE_DENIED = {"admin": 403, "viewer": 403, "anonymous": 401}


def make_device(tenant: str = "alpha", template: str = "inverter_v1_parsec", **kw: Any) -> Device:
    with in_tenant(tenant) as t:
        spec = DeviceSpec(
            site_slug=kw.pop("site", "planta-1"),
            template_slug=template,
            slug=kw.pop("slug", unique_slug()),
            name="Equipamento",
            **kw,
        )
        return create_device(tenant=t, spec=spec).device


def create_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "site": "planta-1",
        "template": "inverter_v1_parsec",
        "slug": unique_slug(),
        "name": "Inversor 1",
        "contracted_points": ["status", "device_state"],
    }
    return {**body, **overrides}


# --- POST /api/devices/ ----------------------------------------------------------------------------


def test_ops_creates_device_with_everything_in_one_transaction(client_for: Client) -> None:
    body = create_body()
    resp = client_for("ops").post("/api/devices/", body, format="json")
    assert resp.status_code == 201, resp.content
    data = resp.json()
    # A resposta é exatamente o DTO do contrato (contracts.api), bloco `mqtt` incluído.
    DeviceWithCredentials.model_validate(data)
    tenant = Tenant.objects.get(slug="alpha")
    topic_base = f"traksense/alpha/planta-1/{body['slug']}"
    assert data["topic_base"] == topic_base
    assert data["provisioning_status"] == "pending"
    mqtt = data["mqtt"]
    assert mqtt["username"] == mqtt["client_id"] == f"alpha.planta-1.{body['slug']}"
    password = mqtt["password"]
    assert len(password) >= 40

    # Só o hash é guardado, e ele confere com a senha devolvida.
    cred = MqttCredential.objects.get(username=mqtt["username"])
    assert verify_password(password, PasswordRecord(cred.password_hash, cred.salt, cred.iterations))
    assert password not in {cred.password_hash, cred.salt}
    assert cred.tenant_id == tenant.tenant_id
    assert str(cred.device_id) == data["id"]

    acl = set(MqttAcl.objects.filter(credential=cred).values_list("permission", "action", "topic"))
    assert acl == {("allow", "publish", f"{topic_base}/{s}") for s in ("state", "telem", "event", "alarm", "ack")} | {
        ("allow", "subscribe", f"{topic_base}/cmd")
    }

    with in_tenant("alpha"):
        device = Device.objects.get(id=data["id"])
        contracted = dict(Point.objects.filter(device=device).values_list("name", "is_contracted"))
        assert contracted == {"status": True, "fault": False, "device_state": True}
        dashboard = validate_dashboard(DashboardConfig.objects.get(device=device).config)
        # Painéis que citam `fault` (não contratado) saem; o botão de comando fica.
        assert dashboard.referenced_points() == {"device_state"}
        assert dashboard.referenced_ops() == {"reset_fault"}

    route = DeviceRoute.objects.get(device_id=data["id"])
    assert (route.tenant_id, route.topic_base, route.adapter) == (tenant.tenant_id, topic_base, "parsec_v1")
    assert set(PointRoute.objects.filter(device=route).values_list("name", flat=True)) == {"status", "device_state"}


@pytest.mark.parametrize("role", ["admin", "viewer", "anonymous"])
def test_only_ops_creates_devices(client_for: Client, role: str) -> None:
    body = create_body()
    resp = client_for(role).post("/api/devices/", body, format="json")
    assert resp.status_code == WRITE_DENIED[role]
    assert not MqttCredential.objects.filter(username__endswith=body["slug"]).exists()


def test_invalid_request_creates_nothing(client_for: Client) -> None:
    body = create_body(contracted_points=["status", "nao_existe"])
    resp = client_for("ops").post("/api/devices/", body, format="json")
    assert resp.status_code == 400
    assert "nao_existe" in resp.json()["detail"]
    assert not MqttCredential.objects.filter(username__endswith=body["slug"]).exists()
    assert not DeviceRoute.objects.filter(device_slug=body["slug"]).exists()


def test_duplicate_device_is_a_conflict_and_leaves_the_first_intact(client_for: Client) -> None:
    body = create_body()
    client = client_for("ops")
    assert client.post("/api/devices/", body, format="json").status_code == 201
    first = MqttCredential.objects.get(username__endswith=body["slug"])
    resp = client.post("/api/devices/", body, format="json")
    assert resp.status_code == 409
    assert resp["Content-Type"] == "application/problem+json"
    assert resp.json()["code"] == "device_exists"
    assert MqttCredential.objects.get(pk=first.pk).password_hash == first.password_hash


def test_only_unique_violations_become_device_conflicts() -> None:
    """Uma violação de CHECK (dado inconsistente do servidor) não pode virar o 409 "já existe"."""
    device = make_device()
    with in_tenant("alpha"):
        point = Point.objects.filter(device=device).first()
        assert point is not None
        with pytest.raises(IntegrityError) as check, transaction.atomic():
            Point.objects.filter(pk=point.pk).update(hysteresis=-1)
        with pytest.raises(IntegrityError) as unique, transaction.atomic():
            Device.objects.create(
                site=device.site,
                template=device.template,
                slug=device.slug,
                name="dup",
                topic_base=f"{device.topic_base}-x",
                mqtt_username=f"{device.mqtt_username}-x",
            )
    with pytest.raises(IntegrityError):
        _raise_if_not_duplicate(check.value)
    _raise_if_not_duplicate(unique.value)  # unicidade: quem chamou traduz para DeviceConflict


def test_unknown_template_is_rejected(client_for: Client) -> None:
    resp = client_for("ops").post("/api/devices/", create_body(template="nao_existe"), format="json")
    assert resp.status_code == 400


# --- GET /api/devices/ e /api/devices/{id}/ ---------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [("ops", 200), ("admin", 200), ("viewer", 200), ("anonymous", 401)])
def test_device_list_and_detail_by_role(client_for: Client, role: str, expected: int) -> None:
    device = make_device()
    client = client_for(role)
    assert client.get("/api/devices/").status_code == expected
    resp = client.get(f"/api/devices/{device.id}/")
    assert resp.status_code == expected
    if expected == 200:
        assert resp.json()["topic_base"] == device.topic_base
        assert "password" not in resp.content.decode()


def test_device_list_filters(client_for: Client) -> None:
    chiller = make_device(template="chiller_v1", site="site-filtro")
    inverter = make_device(site="site-filtro")
    client = client_for("viewer")
    ids = {d["id"] for d in client.get("/api/devices/?site=site-filtro").json()["results"]}
    assert ids == {str(chiller.id), str(inverter.id)}
    ids = {d["id"] for d in client.get("/api/devices/?site=site-filtro&template=chiller_v1").json()["results"]}
    assert ids == {str(chiller.id)}
    ids = {d["id"] for d in client.get(f"/api/devices/?q={inverter.slug}").json()["results"]}
    assert ids == {str(inverter.id)}
    assert client.get("/api/devices/?status=revoked&site=site-filtro").json()["results"] == []


def test_device_list_query_count_does_not_grow_with_devices(
    client_for: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(6):
        make_device(site="site-queries")
    client = client_for("viewer")
    # 6 comandos (tenant do X-Tenant, token+usuário, vínculo, set_config, count, lista com site e modelo
    # por join) + savepoint/release + o `SET search_path` que o django-tenants emite antes de cada um = 16.
    # Com 6 dispositivos, um N+1 passaria de 16.
    with django_assert_max_num_queries(16):
        resp = client.get("/api/devices/?site=site-queries")
    assert resp.json()["count"] == 6


def test_point_list_query_count(client_for: Client, django_assert_max_num_queries: Any) -> None:
    make_device(template="chiller_v1")
    make_device(template="chiller_v1")
    client = client_for("admin")
    # Mesma conta da lista de dispositivos (16), com 14+ pontos na página.
    with django_assert_max_num_queries(16):
        resp = client.get("/api/points/?limit=50")
    assert resp.status_code == 200
    assert resp.json()["count"] >= 14


@pytest.mark.parametrize("role", ["ops", "admin", "viewer"])
def test_other_tenants_device_is_404(client_for: Client, role: str) -> None:
    beta_device = make_device("beta")
    client = client_for(role, "alpha")
    assert client.get(f"/api/devices/{beta_device.id}/").status_code == 404
    assert client.get(f"/api/dashboards/{beta_device.id}").status_code == 404
    with in_tenant("beta"):
        beta_point = Point.objects.filter(device_id=beta_device.id).first()
    assert beta_point is not None
    assert client.get(f"/api/points/{beta_point.id}/").status_code == 404
    assert client.patch(f"/api/points/{beta_point.id}/", {"low_limit": 1}, format="json").status_code in {403, 404}
    if role == "ops":
        assert client.post(f"/api/devices/{beta_device.id}/revoke/").status_code == 404
        assert client.post(f"/api/devices/{beta_device.id}/rotate-credentials/").status_code == 404
        assert client.patch(f"/api/points/{beta_point.id}/", {"low_limit": 1}, format="json").status_code == 404
    ids = {d["id"] for d in client.get("/api/devices/").json()["results"]}
    assert str(beta_device.id) not in ids


def test_member_of_another_tenant_is_forbidden(client_for: Client) -> None:
    client = client_for("admin", "beta", header_tenant="alpha")
    assert client.get("/api/devices/").status_code == 403


# --- rotate / revoke ------------------------------------------------------------------------------


def test_ops_rotates_credentials(client_for: Client) -> None:
    device = make_device()
    old = MqttCredential.objects.get(username=device.mqtt_username)
    resp = client_for("ops").post(f"/api/devices/{device.id}/rotate-credentials/")
    assert resp.status_code == 200
    new = MqttCredential.objects.get(pk=old.pk)
    password = resp.json()["mqtt"]["password"]
    assert new.password_hash != old.password_hash
    assert new.salt != old.salt
    assert verify_password(password, PasswordRecord(new.password_hash, new.salt, new.iterations))
    assert resp.json()["provisioning_status"] == "pending"


def test_ops_revokes_device(client_for: Client) -> None:
    device = make_device()
    resp = client_for("ops").post(f"/api/devices/{device.id}/revoke/")
    assert resp.status_code == 202
    assert resp.json()["provisioning_status"] == "revoking"
    cred = MqttCredential.objects.get(username=device.mqtt_username)
    assert not cred.is_active
    assert cred.revoked_at is not None
    assert not MqttAcl.objects.filter(credential=cred).exists()
    assert not DeviceRoute.objects.get(device_id=device.id).is_active
    # Revogado não se rotaciona (criar outro dispositivo).
    assert client_for("ops").post(f"/api/devices/{device.id}/rotate-credentials/").status_code == 409


@pytest.mark.parametrize("role", ["admin", "viewer", "anonymous"])
@pytest.mark.parametrize("verb", ["rotate-credentials", "revoke"])
def test_only_ops_rotates_and_revokes(client_for: Client, role: str, verb: str) -> None:
    device = make_device()
    before = MqttCredential.objects.get(username=device.mqtt_username)
    assert client_for(role).post(f"/api/devices/{device.id}/{verb}/").status_code == WRITE_DENIED[role]
    after = MqttCredential.objects.get(pk=before.pk)
    assert (after.password_hash, after.is_active) == (before.password_hash, True)


# --- pontos ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [("ops", 200), ("admin", 200), ("viewer", 200), ("anonymous", 401)])
def test_point_list_and_detail_by_role(client_for: Client, role: str, expected: int) -> None:
    device = make_device(template="chiller_v1")
    client = client_for(role)
    resp = client.get(f"/api/points/?device={device.id}")
    assert resp.status_code == expected
    if expected == 200:
        points = resp.json()["results"]
        assert len(points) == 7
        assert client.get(f"/api/points/{points[0]['id']}/").status_code == 200


def test_point_filters(client_for: Client) -> None:
    device = make_device(contracted_points=["status"])
    client = client_for("viewer")
    names = [p["name"] for p in client.get(f"/api/points/?device={device.id}&is_contracted=true").json()["results"]]
    assert names == ["status"]
    name_set = {p["name"] for p in client.get(f"/api/points/?device={device.id}&is_contracted=false").json()["results"]}
    assert name_set == {"fault", "device_state"}
    assert client.get("/api/points/?device=nao-e-uuid").status_code == 400


def _set_limit_edits(slug: str, allowed: bool) -> None:
    tenant_connection().set_schema_to_public()
    Tenant.objects.filter(slug=slug).update(allow_customer_limit_edits=allowed)


def _chiller_point(name: str = "temp_agua_saida") -> Point:
    device = make_device(template="chiller_v1")
    with in_tenant("alpha"):
        return Point.objects.get(device=device, name=name)


@pytest.mark.parametrize(
    ("role", "allowed", "expected"),
    [
        ("ops", False, 200),
        ("admin", True, 200),
        ("admin", False, 403),
        ("viewer", True, 403),
        ("anonymous", True, 401),
    ],
)
def test_point_limit_patch_by_role(client_for: Client, role: str, allowed: bool, expected: int) -> None:
    _set_limit_edits("alpha", allowed)
    point = _chiller_point()
    resp = client_for(role).patch(f"/api/points/{point.id}/", {"high_limit": 9.5}, format="json")
    assert resp.status_code == expected, resp.content
    with in_tenant("alpha"):
        point.refresh_from_db()
    assert point.high_limit == (9.5 if expected == 200 else 12.0)
    assert point.low_limit == 4.0  # campo omitido não muda


def test_point_patch_validates_and_only_touches_limits(client_for: Client) -> None:
    point = _chiller_point()
    client = client_for("ops")
    assert client.patch(f"/api/points/{point.id}/", {"low_limit": 20}, format="json").status_code == 400
    assert client.patch(f"/api/points/{point.id}/", {"is_contracted": False}, format="json").status_code == 400
    assert client.patch(f"/api/points/{point.id}/", {"hysteresis": -1}, format="json").status_code == 400
    assert client.put(f"/api/points/{point.id}/", {"low_limit": 1}, format="json").status_code == 405
    assert client.patch(f"/api/points/{point.id}/", {"low_limit": None}, format="json").status_code == 200


# --- dashboards ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [("ops", 200), ("admin", 200), ("viewer", 200), ("anonymous", 401)])
def test_dashboard_by_role(client_for: Client, role: str, expected: int) -> None:
    device = make_device(template="chiller_v1", contracted_points=["temp_agua_saida", "compressor_1_on"])
    resp = client_for(role).get(f"/api/dashboards/{device.id}")
    assert resp.status_code == expected
    if expected == 200:
        body = resp.json()
        assert body["schema"] == "v1"
        assert body["layout"] == "cards-2col"
        dashboard = validate_dashboard(body)
        assert dashboard.referenced_points() == {"temp_agua_saida", "compressor_1_on"}
        # O painel de duas séries perdeu a de entrada (não contratada) e manteve a de saída.
        temps = next(p for p in body["panels"] if p["title"] == "Temperatura da água")
        assert temps["points"] == ["temp_agua_saida"]


def test_dashboard_of_unknown_device_is_404(client_for: Client) -> None:
    assert client_for("viewer").get(f"/api/dashboards/{uuid.uuid4()}").status_code == 404


def test_unknown_tenant_header_is_404(client_for: Client) -> None:
    client = client_for("ops", header_tenant="gama")
    assert client.get("/api/devices/").status_code == 404
