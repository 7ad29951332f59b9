"""Admin (Jazzmin) de tenancy para internal_ops. Tenants são criados por `setup_tenant` (papel dono)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from apps.tenancy.models import Domain, Tenant, TenantMembership, User


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class MembershipInline(admin.TabularInline):
    model = TenantMembership
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "schema_name", "tenant_id", "allow_customer_commands", "allow_customer_limit_edits"]
    search_fields = ["slug", "name"]
    readonly_fields = ["tenant_id", "schema_name", "created_at"]
    inlines = [DomainInline, MembershipInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Criar schema exige o papel dono do banco; a API roda sem ele (ADR-001). Use `setup_tenant`.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    search_fields = ["domain"]


admin.site.register(User, UserAdmin)
