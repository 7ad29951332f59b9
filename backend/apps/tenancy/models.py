"""Modelos compartilhados (schema public): tenants, domínios, usuários e papéis."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

from apps.tenancy.cache import clear_tenant_cache
from apps.tenancy.choices import TenantRole


class TenantQuerySet(models.QuerySet["Tenant"]):
    """`update()` em massa não dispara post_save: limpa o cache de tenants do processo (apps.tenancy.cache)."""

    def update(self, **kwargs: object) -> int:
        updated = super().update(**kwargs)
        clear_tenant_cache()
        return updated


class Tenant(TenantMixin):
    """Um cliente da TrakSense. Seus metadados vivem no schema `schema_name`; sua telemetria, em
    `public.ts_measure` com `tenant_id = Tenant.tenant_id`, isolada pelo banco (ADR-001).

    `tenant_id` é sempre este UUID (colunas `tenant_id` de public.*, `app.tenant_id`, contratos). A pk inteira
    só serve às FKs do Django (Domain, TenantMembership): no código, use `tenant=`/`tenant.pk`, nunca o
    atributo `tenant_id` dessas FKs.
    """

    tenant_id = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        # A coluna continua `uuid`: o gatilho de 040_device_streams.sql e as consultas cruas a leem por esse nome.
        db_column="uuid",
        help_text="tenant_id usado em public.ts_measure e nas views isoladas.",
    )
    slug = models.SlugField(
        max_length=63,
        unique=True,
        help_text="Identificador no tópico MQTT (traksense/{tenant}/...) e no cabeçalho X-Tenant.",
    )
    name = models.CharField(
        max_length=200,
    )
    allow_customer_commands = models.BooleanField(
        default=False,
        help_text="customer_admin pode enviar comandos aos dispositivos.",
    )
    allow_customer_limit_edits = models.BooleanField(
        default=False,
        help_text="customer_admin pode ajustar limites de pontos.",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )

    # O schema é criado por um comando executado com o papel dono (nunca pelo papel da API).
    auto_create_schema = True
    auto_drop_schema = False

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"


class Domain(DomainMixin):
    """Hostname que resolve para um tenant (django-tenants)."""

    def __str__(self) -> str:
        return str(self.domain)


class User(AbstractUser):
    """Usuário da plataforma. `is_staff` marca a equipe interna (`internal_ops`), que atua em qualquer
    tenant; clientes têm papéis por tenant em `TenantMembership`."""

    @property
    def is_internal_ops(self) -> bool:
        return bool(self.is_active and self.is_staff)


class TenantMembership(models.Model):
    """Vínculo de um usuário de cliente a um tenant, com o papel que ele exerce lá."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        max_length=32,
        choices=TenantRole.choices,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tenant"], name="tenancy_membership_user_tenant_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.tenant.slug}: {self.role}"
