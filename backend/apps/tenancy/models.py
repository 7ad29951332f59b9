"""Modelos compartilhados (schema public): tenants, domínios, usuários e papéis."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name

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

    # Redeclarado do TenantMixin só para o rótulo em pt-BR (mesma definição).
    schema_name = models.CharField(
        max_length=63,
        unique=True,
        db_index=True,
        validators=[_check_schema_name],
        verbose_name="schema",
    )
    tenant_id = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        # A coluna continua `uuid`: o gatilho de 040_device_streams.sql e as consultas cruas a leem por esse nome.
        db_column="uuid",
        help_text="tenant_id usado em public.ts_measure e nas views isoladas.",
        verbose_name="UUID",
    )
    slug = models.SlugField(
        max_length=63,
        unique=True,
        help_text="Identificador no tópico MQTT (traksense/{tenant}/...) e no cabeçalho X-Tenant.",
        verbose_name="slug",
    )
    name = models.CharField(
        max_length=200,
        verbose_name="nome",
    )
    allow_customer_commands = models.BooleanField(
        default=False,
        help_text="customer_admin pode enviar comandos aos dispositivos.",
        verbose_name="cliente pode enviar comandos",
    )
    allow_customer_limit_edits = models.BooleanField(
        default=False,
        help_text="customer_admin pode ajustar limites de pontos.",
        verbose_name="cliente pode editar limites",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="criado em",
    )

    # O schema é criado por um comando executado com o papel dono (nunca pelo papel da API).
    auto_create_schema = True
    auto_drop_schema = False

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = "tenant"
        verbose_name_plural = "tenants"
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"


class Domain(DomainMixin):
    """Hostname que resolve para um tenant (django-tenants)."""

    # Redeclarados do DomainMixin só para os rótulos em pt-BR (mesmas definições).
    domain = models.CharField(
        max_length=253,
        unique=True,
        db_index=True,
        verbose_name="domínio",
    )
    tenant = models.ForeignKey(
        settings.TENANT_MODEL,
        db_index=True,
        related_name="domains",
        on_delete=models.CASCADE,
        verbose_name="tenant",
    )
    is_primary = models.BooleanField(
        default=True,
        db_index=True,
        verbose_name="principal",
    )

    class Meta:
        verbose_name = "domínio"
        verbose_name_plural = "domínios"

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
        verbose_name="usuário",
    )
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="tenant",
    )
    role = models.CharField(
        max_length=32,
        choices=TenantRole.choices,
        verbose_name="papel",
    )

    class Meta:
        verbose_name = "vínculo com tenant"
        verbose_name_plural = "vínculos com tenants"
        constraints = [
            models.UniqueConstraint(fields=["user", "tenant"], name="tenancy_membership_user_tenant_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.tenant.slug}: {self.role}"
