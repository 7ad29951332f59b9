"""Bases do admin compartilhadas entre apps."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.core.models import ApiToken


class ReadOnlyAdmin(admin.ModelAdmin):
    """Admin só de leitura: dados que só mudam pelas funções de serviço (ou pelo ingest)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens sem o segredo (nem o hash): internal_ops vê quem tem acesso e pode revogar (apagar)."""

    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "expires_at"]
    list_filter = ["expires_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Token se emite pelo login (o segredo só aparece na resposta); o admin não tem como mostrá-lo.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
