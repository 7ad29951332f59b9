"""Bases da API: escopo de tenant e RBAC vivem aqui, uma vez (como o BaseViewSet.initial do NetBox).

Toda view de tenant herda `TenantScopedMixin`: exige um tenant resolvido (hostname ou X-Tenant), um papel
do usuário nesse tenant e fixa `app.tenant_id` na transação do request (ATOMIC_REQUESTS), de modo que a
telemetria lida pela view passa pelo caminho isolado do banco (ADR-001).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from apps.core.db import set_tenant_for_transaction
from apps.core.models import ApiToken
from apps.tenancy.choices import INTERNAL_OPS, TenantRole
from apps.tenancy.models import Tenant, TenantMembership


def role_in_tenant(user: Any, tenant: Tenant) -> str | None:
    """`internal_ops` para a equipe interna; senão o papel do vínculo; None sem acesso."""
    if not user or not user.is_authenticated:
        return None
    if getattr(user, "is_internal_ops", False):
        return INTERNAL_OPS
    membership = TenantMembership.objects.filter(user=user, tenant=tenant).only("role").first()
    return membership.role if membership else None


NUL_MESSAGE = "Caractere NUL (0x00) não é permitido em parâmetros."


def reject_unsafe_query_params(request: Request) -> None:
    """Recusa (400) parâmetros de consulta com byte NUL, antes de qualquer filtro chegar ao banco.

    O PostgreSQL não aceita NUL em campos de texto (o psycopg falharia com 500 em qualquer `?q=a%00b`).
    A chave do erro é o nome do parâmetro com o NUL escapado, para a resposta continuar legível.
    """
    bad = sorted(
        {
            key.replace("\x00", "\\x00")
            for key, values in request.query_params.lists()
            if "\x00" in key or any("\x00" in value for value in values)
        }
    )
    if bad:
        raise ValidationError({key: [NUL_MESSAGE] for key in bad})


_QS = TypeVar("_QS", bound=QuerySet[Any])


class Pagination(LimitOffsetPagination):
    """Paginação das listas da API (`?limit=&offset=`): a mesma em todos os recursos."""

    default_limit = 100
    max_limit = 1000


def uuid_param(value: str | None, name: str) -> str | None:
    """Parâmetro (de consulta ou de rota) que precisa ser um UUID: ausente → None; inválido → 400 no campo."""
    if not value:
        return None
    try:
        uuid.UUID(value)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValidationError({name: "uuid inválido"}) from exc
    return value


def filter_by_uuid_params(queryset: _QS, params: Mapping[str, str], **fields: str) -> _QS:
    """`?<parâmetro>=<uuid>` → `queryset.filter(<campo>=uuid)` para cada `parâmetro=campo` dado; ausente não
    filtra, inválido → 400 no parâmetro (uuid_param)."""
    for name, field in fields.items():
        if value := uuid_param(params.get(name), name):
            queryset = queryset.filter(**{field: value})
    return queryset


class TenantScopedMixin(APIView):
    """Resolve tenant e papel antes de qualquer handler; fixa o tenant no banco para a transação.

    Handlers leem `self.tenant` e `self.tenant_role` (tipados), nunca atributos soltos no request.
    """

    _tenant: Tenant | None = None
    _tenant_role: str | None = None

    @property
    def tenant(self) -> Tenant:
        """O tenant do request, já com o papel conferido (resolvido em check_permissions)."""
        if self._tenant is None:
            raise RuntimeError("tenant lido antes de check_permissions (initial) resolver o escopo do request")
        return self._tenant

    @property
    def tenant_role(self) -> str:
        """Papel do usuário no tenant do request: `internal_ops`, `customer_admin` ou `viewer`."""
        if self._tenant_role is None:
            raise RuntimeError("papel lido antes de check_permissions (initial) resolver o escopo do request")
        return self._tenant_role

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Parâmetros validados antes de autenticação, tenant e handler: nada com NUL chega ao banco.
        reject_unsafe_query_params(request)
        super().initial(request, *args, **kwargs)

    def check_permissions(self, request: Request) -> None:
        # O DRF chama check_permissions dentro de initial(), depois da autenticação: é aqui que tenant e
        # papel precisam estar resolvidos para que as classes de permissão (IsInternalOps, ...) os vejam.
        if request.user and request.user.is_authenticated:
            self._resolve_tenant(request)
        super().check_permissions(request)  # sem usuário: 401 do IsAuthenticated

    def _resolve_tenant(self, request: Request) -> None:
        tenant = getattr(request._request, "tenant", None)
        if tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME:
            raise NotFound(
                "Tenant não informado: use o hostname do tenant ou o cabeçalho X-Tenant.", code="tenant_required"
            )
        auth = request.auth
        if (
            isinstance(auth, ApiToken)
            and auth.membership_tenant_pk == tenant.pk
            and not getattr(request.user, "is_internal_ops", False)
        ):
            # O papel veio na consulta do token desta requisição (apps.core.tokens.find_token): mesma regra de
            # role_in_tenant, sem outra ida ao banco.
            role = auth.membership_role
        else:
            role = role_in_tenant(request.user, tenant)
        if role is None:
            raise PermissionDenied("Você não tem acesso a este tenant.")
        self._tenant = tenant
        self._tenant_role = role
        set_tenant_for_transaction(tenant.tenant_id)


def tenant_role_of(view: APIView) -> str | None:
    """Papel resolvido pela view escopada por tenant (para as classes de permissão); None fora delas ou
    antes da resolução (request sem autenticação, que o IsAuthenticated recusa com 401)."""
    return view._tenant_role if isinstance(view, TenantScopedMixin) else None


class IsInternalOps(BasePermission):
    """Somente a equipe interna (criação de dispositivos, templates, provisionamento)."""

    message = "Somente internal_ops pode executar esta ação."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return tenant_role_of(view) == INTERNAL_OPS


class ReadOnlyUnlessInternalOps(BasePermission):
    """Leitura para qualquer papel do tenant; escrita só para internal_ops."""

    message = "Seu papel permite apenas leitura."

    def has_permission(self, request: Request, view: APIView) -> bool:
        role = tenant_role_of(view)
        if request.method in SAFE_METHODS:
            return role is not None
        return role == INTERNAL_OPS


class CustomerAdminWhereTenantAllows(BasePermission):
    """Leitura para todos do tenant; escrita para internal_ops e, para customer_admin, só quando o tenant
    liga a chave `tenant_flag`. Viewer nunca escreve. Subclasses definem a chave e a mensagem."""

    tenant_flag: str

    def has_permission(self, request: Request, view: APIView) -> bool:
        role = tenant_role_of(view)
        if request.method in SAFE_METHODS:
            return role is not None
        if role == INTERNAL_OPS:
            return True
        return (
            role == TenantRole.CUSTOMER_ADMIN
            and isinstance(view, TenantScopedMixin)
            and bool(getattr(view.tenant, self.tenant_flag))
        )


class CanEditPointLimits(CustomerAdminWhereTenantAllows):
    """Ajuste de limites de ponto (`allow_customer_limit_edits`)."""

    tenant_flag = "allow_customer_limit_edits"
    message = "Seu papel não permite ajustar limites neste tenant."


class CanSendCommands(CustomerAdminWhereTenantAllows):
    """Envio de comandos (`allow_customer_commands`); a auditoria (GET) é aberta a todos do tenant."""

    tenant_flag = "allow_customer_commands"
    message = "Seu papel não permite enviar comandos neste tenant."
