"""Admin de regras, webhooks e entregas (schema do tenant: abra pelo host do tenant).

Toda mudança passa pelas funções de serviço (a mesma validação da API); entregas são só leitura, com a
ação "Reenviar".
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from apps.core.admin import ReadOnlyAdmin
from apps.devices.admin import TenantSchemaOnlyAdmin
from apps.rules.fields import RULE_FIELDS
from apps.rules.models import Rule, RuleState, WebhookDelivery, WebhookEndpoint
from apps.rules.notifications import WebhookUrlRefused, check_url, new_secret, resend_delivery
from apps.rules.services import RuleError, update_rule
from apps.tenancy.connection import tenant_connection


class RuleStateInline(admin.StackedInline):
    model = RuleState
    can_delete = False
    readonly_fields = ("phase", "pending_since", "firing_since", "resolving_since", "last_ts", "last_num", "last_text")
    fields = readonly_fields
    verbose_name_plural = "estado da avaliação"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rule)
class RuleAdmin(TenantSchemaOnlyAdmin):
    list_display = ["device", "point", "kind", "operator", "low", "high", "for_s", "severity", "enabled"]
    list_filter = ["kind", "severity", "enabled"]
    list_editable = ["enabled"]
    search_fields = ["device__slug", "point__name"]
    readonly_fields = ["device", "point", "kind", "created_at", "updated_at"]
    inlines = [RuleStateInline]

    def save_model(self, request: HttpRequest, obj: Rule, form: ModelForm, change: bool) -> None:
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in RULE_FIELDS}
        fresh = Rule.objects.select_related("point").get(pk=obj.pk)
        try:
            update_rule(rule=fresh, changes=changes)
        except RuleError as exc:
            self.message_user(request, f"Regra não alterada: {exc}", messages.ERROR)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(TenantSchemaOnlyAdmin):
    list_display = ["name", "url", "event_kinds", "min_severity", "enabled"]
    list_filter = ["enabled"]
    readonly_fields = ["secret", "created_at"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super(TenantSchemaOnlyAdmin, self).has_add_permission(request)

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form: ModelForm, change: bool) -> None:
        try:
            check_url(obj.url)
        except WebhookUrlRefused as exc:
            self.message_user(request, f"URL recusada: {exc}", messages.ERROR)
            return
        if not obj.secret:
            obj.secret = new_secret()
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "endpoint", "event_kind", "status", "attempts", "last_status_code", "delivered_at"]
    list_filter = ["status", "event_kind", "endpoint"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["resend"]

    def has_module_permission(self, request: HttpRequest) -> bool:

        return tenant_connection().schema_name != "public" and super().has_module_permission(request)

    @admin.action(description="Reenviar as entregas selecionadas")
    def resend(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery in queryset:
            resend_delivery(delivery)
        self.message_user(request, f"{queryset.count()} entrega(s) reenfileirada(s).", messages.SUCCESS)
