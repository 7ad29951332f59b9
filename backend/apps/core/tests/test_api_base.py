"""Bases RBAC: tenant e papel resolvidos antes das classes de permissão, tenant fixado na transação."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from apps.core.api import IsInternalOps, ReadOnlyUnlessInternalOps, TenantScopedMixin
from apps.tenancy.models import Tenant, User

pytestmark = pytest.mark.django_db


class OpsOnlyView(TenantScopedMixin, APIView):
    permission_classes = [IsInternalOps]

    def post(self, request: Request) -> Response:
        return Response({"ok": True})


class CatalogView(TenantScopedMixin, APIView):
    permission_classes = [ReadOnlyUnlessInternalOps]

    def get(self, request: Request) -> Response:
        with connection.cursor() as cursor:
            cursor.execute("SELECT public.current_tenant_id()")
            tenant_in_db = cursor.fetchone()[0]
        return Response({"role": self.tenant_role, "tenant_in_db": str(tenant_in_db)})

    def post(self, request: Request) -> Response:
        return Response({"ok": True})


def _call(view: Any, method: str, username: str | None, tenant_slug: str = "alpha") -> Response:
    factory = APIRequestFactory()
    request = getattr(factory, method)("/x")
    request.tenant = Tenant.objects.get(slug=tenant_slug)
    if username:
        force_authenticate(request, user=User.objects.get(username=username))
    response = view.as_view()(request)
    assert isinstance(response, Response)
    return response


@pytest.mark.parametrize(
    ("username", "status"), [("ops", 200), ("alpha-admin", 403), ("alpha-viewer", 403), ("beta-admin", 403)]
)
def test_internal_ops_permission_sees_the_resolved_role(username: str, status: int) -> None:
    assert _call(OpsOnlyView, "post", username).status_code == status


def test_anonymous_gets_401_not_403() -> None:
    assert _call(OpsOnlyView, "post", None).status_code == 401


@pytest.mark.parametrize(("username", "get_status", "post_status"), [("ops", 200, 200), ("alpha-viewer", 200, 403)])
def test_read_only_unless_internal_ops(username: str, get_status: int, post_status: int) -> None:
    assert _call(CatalogView, "get", username).status_code == get_status
    assert _call(CatalogView, "post", username).status_code == post_status


def test_tenant_is_set_in_the_database_for_the_request() -> None:
    response = _call(CatalogView, "get", "alpha-viewer")
    assert response.data == {"role": "viewer", "tenant_in_db": str(Tenant.objects.get(slug="alpha").tenant_id)}


def test_member_of_another_tenant_is_refused() -> None:
    response = _call(CatalogView, "get", "beta-viewer", tenant_slug="alpha")
    assert response.status_code == 403
    assert "acesso a este tenant" in str(response.data["detail"])
