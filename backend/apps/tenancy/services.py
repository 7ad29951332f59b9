"""Ações de tenancy (toda mudança de estado passa por aqui; views e comandos só chamam estas funções).

Criar tenant cria um schema e roda migrações: exige o papel dono do banco (ADR-001).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from apps.tenancy.choices import TenantRole
from apps.tenancy.models import Domain, Tenant, TenantMembership, User

PUBLIC_DOMAINS = ("localhost", "127.0.0.1", "api")
_SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,62}$")


class TenancyError(ValueError):
    """Erro de entrada nas ações de tenancy (mensagem pensada para o operador)."""


@dataclass(frozen=True)
class MemberSpec:
    """Usuário a criar/vincular junto com o tenant."""

    username: str
    password: str
    role: TenantRole


def schema_name_for(slug: str) -> str:
    """Schema PostgreSQL do tenant: o slug com hífens trocados (identificador sem aspas)."""
    return "t_" + slug.replace("-", "_")


@transaction.atomic
def ensure_public_tenant() -> Tenant:
    """O tenant 'public' e seus domínios internos (o protótipo aprendeu: `api` precisa existir)."""
    tenant: Tenant
    tenant, _ = Tenant.objects.get_or_create(
        schema_name=settings.PUBLIC_SCHEMA_NAME,
        defaults={"slug": "public", "name": "TrakSense (público)"},
    )
    for i, host in enumerate(PUBLIC_DOMAINS):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": tenant, "is_primary": i == 0})
    return tenant


def create_tenant(
    *,
    slug: str,
    name: str,
    domain: str | None = None,
    members: list[MemberSpec] | None = None,
) -> Tenant:
    """Cria (ou devolve, se já existir) um tenant com schema migrado, domínio e membros."""
    if not _SLUG_RE.match(slug) or slug == "public":
        raise TenancyError(f"Slug inválido: {slug!r} (minúsculas, dígitos e hífen; 2–63 caracteres).")
    ensure_public_tenant()
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is None:
        # save() cria o schema e roda as migrações dos TENANT_APPS (fora de transaction.atomic de propósito:
        # o django-tenants gerencia a própria transação de criação do schema).
        tenant = Tenant(slug=slug, name=name, schema_name=schema_name_for(slug))
        tenant.save()
    with transaction.atomic():
        host = domain or f"{slug}.localhost"
        Domain.objects.get_or_create(domain=host, defaults={"tenant": tenant, "is_primary": True})
        for member in members or []:
            add_member(tenant=tenant, username=member.username, password=member.password, role=member.role)
    return tenant


@transaction.atomic
def add_member(*, tenant: Tenant, username: str, password: str, role: TenantRole) -> User:
    """Cria o usuário se preciso e fixa seu papel no tenant (idempotente)."""
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    TenantMembership.objects.update_or_create(user=user, tenant=tenant, defaults={"role": role})
    return user


@transaction.atomic
def ensure_internal_ops_user(*, username: str, password: str) -> User:
    """Usuário da equipe interna (is_staff + superuser do admin)."""
    user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True, "is_superuser": True})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user
