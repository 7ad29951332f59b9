"""Ações sobre dispositivos (toda mudança de estado passa por aqui; views e comandos só chamam estas funções).

Cada ação roda numa transação que cobre o schema do tenant (Device/Point/DashboardConfig), o schema
public (credencial, ACL e o registro de roteamento do ingest) e agenda o efeito no broker para DEPOIS
do commit (`transaction.on_commit` → tarefa Celery com retry). Se o broker falhar, o dispositivo fica
visivelmente `pending`/`failed`; o banco nunca fica pela metade.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import psycopg.errors
from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import ValidationError

from apps.broker.models import MqttAcl, MqttCredential
from apps.broker.sealing import seal
from apps.broker.services import (
    build_device_credential,
    device_username,
    reactivate_credential,
    rename_credential,
    revoke_credential,
    rotate_credential_password,
)
from apps.catalog.models import DeviceTemplate, PointFields, PointTemplate, RuleTemplate
from apps.devices.choices import ProvisioningStatus
from apps.devices.models import DashboardConfig, Device, Point
from apps.registry.models import DeviceRoute, PointRoute
from apps.rules.models import Rule
from apps.rules.services import rules_from_templates, save_rules
from apps.sites.models import Site
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant
from contracts.dashboard import DashboardV1, validate_dashboard
from contracts.topics import topic_base as contract_topic_base

log = logging.getLogger(__name__)

# Segmento de tópico MQTT seguro: sem '/', '+', '#', '.' (o ponto separa o usuário MQTT).
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class DeviceError(ValueError):
    """Pedido inválido numa ação de dispositivo (mensagem para quem chamou a API)."""


class DeviceConflict(DeviceError):
    """Já existe um dispositivo com este endereço (site + slug)."""


def _raise_if_not_duplicate(exc: IntegrityError) -> None:
    """Só violação de unicidade é "dispositivo já existe" (site+slug, e o que deriva dele: usuário MQTT, tópico,
    rota). Violação de CHECK/FK é dado inconsistente do lado do servidor (ex.: um modelo com limites
    inválidos): sobe como está, com o nome da constraint no log, em vez de virar um 409 enganoso."""
    if not isinstance(exc.__cause__, psycopg.errors.UniqueViolation):
        raise exc


@dataclass(frozen=True)
class DeviceSpec:
    """Pedido de criação de um dispositivo."""

    site_slug: str
    template_slug: str
    slug: str
    name: str
    site_name: str = ""
    # None = todos os pontos do modelo contratados.
    contracted_points: list[str] | None = None


@dataclass(frozen=True)
class DeviceWithSecret:
    """Um dispositivo e a senha MQTT em texto, que existe só nesta resposta (nunca é gravada)."""

    device: Device
    mqtt_password: str = field(repr=False)


def _require_tenant_schema(tenant: Tenant) -> None:
    if tenant_connection().schema_name != tenant.schema_name:
        raise RuntimeError(
            f"ação de dispositivo exige o schema {tenant.schema_name}, conexão em {tenant_connection().schema_name}"
        )


def _enqueue_provision(username: str, password: str, password_hash: str) -> None:
    """Agenda a aplicação no broker após o commit. Falha ao enfileirar não desfaz nada: fica `pending`."""
    _enqueue_sealed_provision(username, seal(password), password_hash)


def _enqueue_sealed_provision(username: str, sealed: str, password_hash: str) -> None:
    def send() -> None:
        from apps.broker.tasks import provision_device

        provision_device.delay(username, sealed, password_hash)

    transaction.on_commit(send, robust=True)


def _enqueue_revoke(username: str) -> None:
    def send() -> None:
        from apps.broker.tasks import revoke_device_in_broker

        revoke_device_in_broker.delay(username)

    transaction.on_commit(send, robust=True)


def _enqueue_retire(username: str) -> None:
    def send() -> None:
        from apps.broker.tasks import retire_broker_client

        retire_broker_client.delay(username)

    transaction.on_commit(send, robust=True)


@dataclass(frozen=True)
class TemplateBundle:
    """Um modelo do catálogo com tudo o que a criação de dispositivos lê dele (lido uma vez por lote)."""

    template: DeviceTemplate
    points: list[PointTemplate]
    dashboard: DashboardV1
    ops: list[str]
    rules: list[RuleTemplate]


class TemplateCache:
    """Modelos por slug, carregados na primeira vez que um lote os pede (4 consultas por modelo, não por linha)."""

    def __init__(self) -> None:
        self._by_slug: dict[str, TemplateBundle | None] = {}

    def get(self, slug: str) -> TemplateBundle:
        if slug not in self._by_slug:
            template = DeviceTemplate.objects.filter(slug=slug).select_related("dashboard").first()
            if template is None:
                self._by_slug[slug] = None
            else:
                try:
                    dashboard = validate_dashboard(template.dashboard.config)
                except (ValidationError, DeviceTemplate.dashboard.RelatedObjectDoesNotExist) as exc:
                    raise DeviceError(f"dashboard do modelo {template.slug} inválido: {exc}") from exc
                self._by_slug[slug] = TemplateBundle(
                    template=template,
                    points=list(template.points.all()),
                    dashboard=dashboard,
                    ops=[c.op for c in template.commands.all()],
                    rules=list(RuleTemplate.objects.filter(device_template=template).select_related("point")),
                )
        bundle = self._by_slug[slug]
        if bundle is None:
            raise DeviceError(f"modelo de equipamento desconhecido: {slug!r}")
        return bundle


@dataclass(frozen=True)
class PlannedDevice:
    """Um pedido de criação já validado contra o catálogo (nada gravado ainda)."""

    spec: DeviceSpec
    bundle: TemplateBundle
    contracted: frozenset[str]


def plan_device(spec: DeviceSpec, templates: TemplateCache) -> PlannedDevice:
    """Valida slugs, modelo e pontos contratados; DeviceError com a mensagem para quem pediu."""
    for label, value in (("site", spec.site_slug), ("slug", spec.slug)):
        if not _SLUG_RE.match(value):
            raise DeviceError(f"{label} inválido: {value!r} (minúsculas, dígitos, '-' e '_'; até 63)")
    bundle = templates.get(spec.template_slug)
    names = [p.name for p in bundle.points]
    contracted = set(names) if spec.contracted_points is None else set(spec.contracted_points)
    unknown = contracted - set(names)
    if unknown:
        raise DeviceError(f"pontos {sorted(unknown)} não existem no modelo {bundle.template.slug} (tem {names})")
    return PlannedDevice(spec, bundle, frozenset(contracted))


def create_device(
    *, tenant: Tenant, spec: DeviceSpec, provision_batch: list[tuple[str, str, str]] | None = None
) -> DeviceWithSecret:
    """Cria Device, Points, credencial + ACL, DashboardConfig, regras e o registro do ingest numa transação."""
    _require_tenant_schema(tenant)
    (made,) = create_devices(tenant=tenant, plans=[plan_device(spec, TemplateCache())], provision_batch=provision_batch)
    return made


def create_devices(
    *, tenant: Tenant, plans: list[PlannedDevice], provision_batch: list[tuple[str, str, str]] | None = None
) -> list[DeviceWithSecret]:
    """Cria os dispositivos planejados numa transação, com um INSERT em lote por tabela (não por dispositivo).

    Cada dispositivo: Device, Points, credencial + ACL, DashboardConfig (só pontos contratados), regras padrão
    do modelo e o registro do ingest (DeviceRoute/PointRoute). Sites ausentes são criados. Com `provision_batch`
    os pedidos ao broker (usuário, senha selada, hash) vão para a lista, e quem chamou manda um lote só; sem ela,
    uma tarefa por dispositivo após o commit. Endereço (site, slug) já usado → DeviceConflict (nada gravado).
    """
    _require_tenant_schema(tenant)
    made: list[DeviceWithSecret] = []
    pending: list[tuple[str, str, str]] = []
    try:
        with transaction.atomic():
            wanted = {p.spec.site_slug: p.spec.site_name for p in plans}
            sites = {site.slug: site for site in Site.objects.filter(slug__in=list(wanted))}
            missing = [Site(slug=slug, name=name or slug) for slug, name in wanted.items() if slug not in sites]
            Site.objects.bulk_create(missing)
            sites |= {site.slug: site for site in missing}
            devices: list[Device] = []
            points: list[Point] = []
            credentials: list[MqttCredential] = []
            acls: list[MqttAcl] = []
            dashboards: list[DashboardConfig] = []
            rules: list[Rule] = []
            routes: list[DeviceRoute] = []
            point_routes: list[PointRoute] = []
            filtered: dict[tuple[str, frozenset[str]], dict[str, Any]] = {}
            for plan in plans:
                site = sites[plan.spec.site_slug]
                topic_base = contract_topic_base(tenant.slug, site.slug, plan.spec.slug)
                username = device_username(tenant.slug, site.slug, plan.spec.slug)
                device = Device(
                    site=site,
                    template=plan.bundle.template,
                    slug=plan.spec.slug,
                    name=plan.spec.name,
                    topic_base=topic_base,
                    mqtt_username=username,
                )
                device_points = [
                    Point(
                        device=device,
                        **{field: getattr(pt, field) for field in PointFields.COPIED_FIELDS},
                        is_contracted=pt.name in plan.contracted,
                        low_limit=pt.default_low_limit,
                        high_limit=pt.default_high_limit,
                        hysteresis=pt.default_hysteresis,
                    )
                    for pt in plan.bundle.points
                ]
                credential, password, credential_acls = build_device_credential(
                    tenant_id=tenant.tenant_id, device_id=device.id, username=username, topic_base=topic_base
                )
                key = (plan.bundle.template.slug, plan.contracted)
                if key not in filtered:
                    dashboard = plan.bundle.dashboard.filtered(points=plan.contracted, ops=plan.bundle.ops)
                    filtered[key] = dashboard.to_json()
                route = DeviceRoute(
                    device_id=device.id,
                    tenant_id=tenant.tenant_id,
                    tenant_slug=tenant.slug,
                    site_slug=site.slug,
                    device_slug=device.slug,
                    adapter=plan.bundle.template.adapter,
                )
                devices.append(device)
                points += device_points
                credentials.append(credential)
                acls += credential_acls
                dashboards.append(DashboardConfig(device=device, config=filtered[key]))
                rules += rules_from_templates(device=device, points=device_points, templates=plan.bundle.rules)
                routes.append(route)
                point_routes += [
                    PointRoute(
                        point_id=p.id,
                        device=route,
                        name=p.name,
                        value_type=p.value_type,
                        unit=p.unit,
                        enum_values=p.enum_values,
                    )
                    for p in device_points
                    if p.is_contracted
                ]
                pending.append((username, seal(password), credential.password_hash))
                made.append(DeviceWithSecret(device, password))
            Device.objects.bulk_create(devices, batch_size=500)
            Point.objects.bulk_create(points, batch_size=500)
            MqttCredential.objects.bulk_create(credentials, batch_size=500)
            MqttAcl.objects.bulk_create(acls, batch_size=1000)
            DashboardConfig.objects.bulk_create(dashboards, batch_size=500)
            save_rules(rules)
            DeviceRoute.objects.bulk_create(routes, batch_size=500)
            PointRoute.objects.bulk_create(point_routes, batch_size=1000)
            if provision_batch is not None:
                provision_batch.extend(pending)
            else:
                for username, sealed, password_hash in pending:
                    _enqueue_sealed_provision(username, sealed, password_hash)
    except IntegrityError as exc:
        _raise_if_not_duplicate(exc)
        if len(plans) == 1:
            spec = plans[0].spec
            raise DeviceConflict(f"já existe um dispositivo {spec.slug!r} no site {spec.site_slug!r}") from exc
        raise DeviceConflict(f"algum dispositivo do lote já existe: {exc}") from exc
    except ValidationError as exc:
        raise DeviceError(f"dashboard inválido: {exc}") from exc
    return made


@transaction.atomic
def rotate_device_password(*, tenant: Tenant, device: Device) -> DeviceWithSecret:
    """Nova senha MQTT (a antiga deixa de valer quando o broker aplica; a sessão atual é derrubada)."""
    _require_tenant_schema(tenant)
    credential = MqttCredential.objects.select_for_update().get(username=device.mqtt_username)
    if not credential.is_active:
        raise DeviceError("dispositivo revogado: crie outro em vez de rotacionar")
    password = rotate_credential_password(credential)
    Device.objects.filter(pk=device.pk).update(provisioning_status=ProvisioningStatus.PENDING, provisioning_error="")
    _enqueue_provision(credential.username, password, credential.password_hash)
    device.refresh_from_db()
    return DeviceWithSecret(device, password)


@transaction.atomic
def revoke_device(*, tenant: Tenant, device: Device) -> Device:
    """Revoga a credencial (EMQX recusa na hora), tira o dispositivo do roteamento e o desconecta do broker."""
    _require_tenant_schema(tenant)
    credential = MqttCredential.objects.select_for_update().get(username=device.mqtt_username)
    if credential.is_active:
        revoke_credential(credential)
    DeviceRoute.objects.filter(device_id=device.id).update(is_active=False)
    Device.objects.filter(pk=device.pk).update(provisioning_status=ProvisioningStatus.REVOKING, provisioning_error="")
    _enqueue_revoke(credential.username)
    device.refresh_from_db()
    return device


@transaction.atomic
def decommission_device(*, tenant: Tenant, device: Device) -> Device:
    """Desativa de vez: revoga a credencial (broker recusa e derruba a conexão) e o ingest passa a mandar a
    telemetria tardia para a dead letter `device_decommissioned`. Pontos e histórico ficam (consultáveis em
    /api/data/*). Idempotente; `reactivate_device` desfaz.
    """
    _require_tenant_schema(tenant)
    device = Device.objects.select_for_update().get(pk=device.pk)
    credential = MqttCredential.objects.select_for_update().get(username=device.mqtt_username)
    if credential.is_active:
        revoke_credential(credential)
    DeviceRoute.objects.filter(device_id=device.id).update(is_active=False, is_decommissioned=True)
    fields: dict[str, object] = {"decommissioned_at": device.decommissioned_at or timezone.now()}
    if device.provisioning_status != ProvisioningStatus.REVOKED:
        fields |= {"provisioning_status": ProvisioningStatus.REVOKING, "provisioning_error": ""}
        _enqueue_revoke(credential.username)
    Device.objects.filter(pk=device.pk).update(**fields)
    device.refresh_from_db()
    return device


@transaction.atomic
def reactivate_device(*, tenant: Tenant, device: Device) -> DeviceWithSecret:
    """Volta um dispositivo revogado ou desativado à operação com credencial NOVA (senha mostrada uma vez).

    O mesmo `device_id` e os mesmos pontos: a série histórica continua de onde parou.
    """
    _require_tenant_schema(tenant)
    device = Device.objects.select_for_update().get(pk=device.pk)
    credential = MqttCredential.objects.select_for_update().get(username=device.mqtt_username)
    if credential.is_active and device.decommissioned_at is None:
        raise DeviceError("dispositivo já está ativo: use rotate-credentials para trocar a senha")
    password = reactivate_credential(credential, topic_base=device.topic_base)
    DeviceRoute.objects.filter(device_id=device.id).update(is_active=True, is_decommissioned=False)
    Device.objects.filter(pk=device.pk).update(
        decommissioned_at=None, provisioning_status=ProvisioningStatus.PENDING, provisioning_error=""
    )
    _enqueue_provision(credential.username, password, credential.password_hash)
    device.refresh_from_db()
    return DeviceWithSecret(device, password)


@dataclass(frozen=True)
class MovedDevice:
    """Resultado de uma mudança de site: a senha nova existe só se a credencial estava ativa."""

    device: Device
    mqtt_password: str | None = field(repr=False)


def move_device(*, tenant: Tenant, device: Device, site_slug: str, site_name: str = "") -> MovedDevice:
    """Muda o dispositivo de site sem perder histórico.

    `device_id` e `point_id` não mudam (são as chaves de public.ts_measure e do registro do ingest); mudam o
    tópico `traksense/{tenant}/{site}/{device}`, o usuário MQTT `<tenant>.<site>.<device>` e a ACL. Como o
    equipamento precisa ser reconfigurado para o tópico novo de qualquer jeito, ele recebe credencial nova
    (mostrada uma vez); o usuário antigo é apagado do broker após o commit. O site de destino é criado se
    não existir. Dispositivo desativado muda de endereço e continua desativado.
    """
    _require_tenant_schema(tenant)
    if not _SLUG_RE.match(site_slug):
        raise DeviceError(f"site inválido: {site_slug!r} (minúsculas, dígitos, '-' e '_'; até 63)")
    try:
        with transaction.atomic():
            device = Device.objects.select_for_update().select_related("site").get(pk=device.pk)
            if device.site.slug == site_slug:
                raise DeviceError(f"dispositivo já está no site {site_slug!r}")
            site, _ = Site.objects.get_or_create(slug=site_slug, defaults={"name": site_name or site_slug})
            old_username = device.mqtt_username
            credential = MqttCredential.objects.select_for_update().get(username=old_username)
            topic_base = f"traksense/{tenant.slug}/{site.slug}/{device.slug}"
            username = device_username(tenant.slug, site.slug, device.slug)
            Device.objects.filter(pk=device.pk).update(site=site, topic_base=topic_base, mqtt_username=username)
            password = rename_credential(credential, username=username, topic_base=topic_base)
            DeviceRoute.objects.filter(device_id=device.id).update(site_slug=site.slug)
            _enqueue_retire(old_username)
            if password is not None:
                Device.objects.filter(pk=device.pk).update(
                    provisioning_status=ProvisioningStatus.PENDING, provisioning_error=""
                )
                _enqueue_provision(username, password, credential.password_hash)
    except IntegrityError as exc:
        _raise_if_not_duplicate(exc)
        raise DeviceConflict(f"já existe um dispositivo {device.slug!r} no site {site_slug!r}") from exc
    device.refresh_from_db()
    return MovedDevice(device, password)


@transaction.atomic
def update_point_limits(
    *, point: Point, low_limit: float | None, high_limit: float | None, hysteresis: float | None
) -> Point:
    """Ajusta limites de alarme e histerese de um ponto (quem pode é decidido na API)."""
    if low_limit is not None and high_limit is not None and low_limit > high_limit:
        raise DeviceError("low_limit não pode ser maior que high_limit")
    if hysteresis is not None and hysteresis < 0:
        raise DeviceError("hysteresis não pode ser negativa")
    point.low_limit, point.high_limit, point.hysteresis = low_limit, high_limit, hysteresis
    point.save(update_fields=["low_limit", "high_limit", "hysteresis"])
    return point
