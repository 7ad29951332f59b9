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

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from pydantic import ValidationError

from apps.broker.models import MqttCredential
from apps.broker.sealing import seal
from apps.broker.services import (
    create_device_credential,
    device_username,
    reactivate_credential,
    rename_credential,
    revoke_credential,
    rotate_credential_password,
)
from apps.catalog.models import DeviceTemplate, PointFields
from apps.devices.choices import ProvisioningStatus
from apps.devices.models import DashboardConfig, Device, Point
from apps.registry.models import DeviceRoute, PointRoute
from apps.rules.services import create_rules_from_templates
from apps.sites.models import Site
from apps.tenancy.models import Tenant
from contracts.dashboard import validate_dashboard
from contracts.topics import topic_base as contract_topic_base

log = logging.getLogger(__name__)

# Segmento de tópico MQTT seguro: sem '/', '+', '#', '.' (o ponto separa o usuário MQTT).
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class DeviceError(ValueError):
    """Pedido inválido numa ação de dispositivo (mensagem para quem chamou a API)."""


class DeviceConflict(DeviceError):
    """Já existe um dispositivo com este endereço (site + slug)."""


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
    if connection.schema_name != tenant.schema_name:
        raise RuntimeError(
            f"ação de dispositivo exige o schema {tenant.schema_name}, conexão em {connection.schema_name}"
        )


def _enqueue_provision(username: str, password: str, password_hash: str) -> None:
    """Agenda a aplicação no broker após o commit. Falha ao enfileirar não desfaz nada: fica `pending`."""
    sealed = seal(password)

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


def create_device(
    *, tenant: Tenant, spec: DeviceSpec, provision_batch: list[tuple[str, str, str]] | None = None
) -> DeviceWithSecret:
    """Cria Device, Points, credencial + ACL, DashboardConfig e o registro do ingest numa transação.

    Com `provision_batch`, o pedido ao broker (usuário, senha selada, hash) é acumulado ali em vez de virar
    uma tarefa por dispositivo: quem chamou (provisionamento em massa) manda um lote só.
    """
    _require_tenant_schema(tenant)
    for label, value in (("site", spec.site_slug), ("slug", spec.slug)):
        if not _SLUG_RE.match(value):
            raise DeviceError(f"{label} inválido: {value!r} (minúsculas, dígitos, '-' e '_'; até 63)")
    template = (
        DeviceTemplate.objects.filter(slug=spec.template_slug)
        .select_related("dashboard")
        .prefetch_related("points", "commands")
        .first()
    )
    if template is None:
        raise DeviceError(f"modelo de equipamento desconhecido: {spec.template_slug!r}")
    template_points = list(template.points.all())
    names = [p.name for p in template_points]
    contracted = set(names) if spec.contracted_points is None else set(spec.contracted_points)
    unknown = contracted - set(names)
    if unknown:
        raise DeviceError(f"pontos {sorted(unknown)} não existem no modelo {template.slug} (tem {names})")

    try:
        with transaction.atomic():
            site, _ = Site.objects.get_or_create(
                slug=spec.site_slug, defaults={"name": spec.site_name or spec.site_slug}
            )
            topic_base = contract_topic_base(tenant.slug, site.slug, spec.slug)
            username = device_username(tenant.slug, site.slug, spec.slug)
            device = Device.objects.create(
                site=site,
                template=template,
                slug=spec.slug,
                name=spec.name,
                topic_base=topic_base,
                mqtt_username=username,
            )
            points = Point.objects.bulk_create(
                Point(
                    device=device,
                    **{field: getattr(pt, field) for field in PointFields.COPIED_FIELDS},
                    is_contracted=pt.name in contracted,
                    low_limit=pt.default_low_limit,
                    high_limit=pt.default_high_limit,
                    hysteresis=pt.default_hysteresis,
                )
                for pt in template_points
            )
            credential, password = create_device_credential(
                tenant_id=tenant.uuid, device_id=device.id, username=username, topic_base=topic_base
            )
            dashboard = validate_dashboard(template.dashboard.config).filtered(
                points=contracted, ops=[c.op for c in template.commands.all()]
            )
            DashboardConfig.objects.create(device=device, config=dashboard.to_json())
            create_rules_from_templates(device=device, points=points)
            route = DeviceRoute.objects.create(
                device_id=device.id,
                tenant_id=tenant.uuid,
                tenant_slug=tenant.slug,
                site_slug=site.slug,
                device_slug=device.slug,
                adapter=template.adapter,
            )
            PointRoute.objects.bulk_create(
                PointRoute(
                    point_id=p.id,
                    device=route,
                    name=p.name,
                    value_type=p.value_type,
                    unit=p.unit,
                    enum_values=p.enum_values,
                )
                for p in points
                if p.is_contracted
            )
            if provision_batch is None:
                _enqueue_provision(username, password, credential.password_hash)
            else:
                provision_batch.append((username, seal(password), credential.password_hash))
    except IntegrityError as exc:
        raise DeviceConflict(f"já existe um dispositivo {spec.slug!r} no site {spec.site_slug!r}") from exc
    except (ValidationError, DashboardConfig.DoesNotExist, DeviceTemplate.dashboard.RelatedObjectDoesNotExist) as exc:
        raise DeviceError(f"dashboard do modelo {template.slug} inválido: {exc}") from exc
    return DeviceWithSecret(device, password)


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
