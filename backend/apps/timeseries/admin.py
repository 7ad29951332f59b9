"""Admin só-leitura da telemetria e das dead letters do tenant do host (`<tenant>.dominio/admin/`).

O admin roda com o papel da API: a consulta passa pelas views isoladas com o tenant do host fixado na
transação do request, então nunca mostra dados de outro tenant (e, no host público, nada).
"""

from typing import Any, cast

from django.conf import settings
from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from apps.core.admin import ReadOnlyAdmin
from apps.core.db import set_tenant_for_transaction
from apps.timeseries.models import TenantIngestError, TenantMeasurement

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """Conta no máximo COUNT_CAP linhas: contar uma hypertable inteira a cada página seria caro."""

    @cached_property
    def count(self) -> int:
        # O admin pagina um QuerySet (o stub tipa object_list só como "paginável"): conta no banco.
        rows = cast(QuerySet[Any], self.object_list)
        return int(rows[: COUNT_CAP + 1].count())


class TenantViewAdmin(ReadOnlyAdmin):
    """Base: fixa o tenant do host na transação e proíbe qualquer escrita."""

    paginator = CappedCountPaginator
    show_full_result_count = False
    list_per_page = 100

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        tenant = getattr(request, "tenant", None)
        if tenant is not None and tenant.schema_name != settings.PUBLIC_SCHEMA_NAME:
            set_tenant_for_transaction(tenant.tenant_id)
        return super().get_queryset(request)


@admin.register(TenantMeasurement)
class TenantMeasurementAdmin(TenantViewAdmin):
    list_display = ["ts", "device_id", "point_id", "v_num", "v_bool", "v_text", "unit", "qual"]
    list_display_links = None
    date_hierarchy = None


@admin.register(TenantIngestError)
class TenantIngestErrorAdmin(TenantViewAdmin):
    list_display = ["received_at", "reason", "topic", "detail"]
    list_display_links = None
    list_filter = ["reason"]
