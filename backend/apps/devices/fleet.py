"""Visão de frota de um tenant (`GET /api/fleet/summary`): quantos dispositivos, onde, de que modelo, quantos
conectados, em que estado e quantos alertas abertos.

Um caminho de consulta, de tamanho fixo (3 consultas agregadas, nunca uma por dispositivo):
1. dispositivos agrupados por (site, modelo) com a conectividade de `public.tenant_device_status` (a mesma fonte
   de `/api/data/latest`: `online` do tópico state/LWT; sem linha = nunca publicou state);
2. estado atual dos pontos `enum` contratados: a última amostra de cada ponto por `tenant_ts_latest` (uma
   chamada, um acesso ao índice por ponto; ver timeseries/sql/050_data_api.sql), contada por valor no banco;
3. alertas abertos (`cleared_at IS NULL`) por gravidade, pela view isolada `public.tenant_alert`.

Dispositivos e pontos vêm do schema do tenant (search_path da conexão); conectividade, amostras e alertas das
views/funções filtradas por `app.tenant_id`, fixado na transação pelo TenantScopedMixin (ADR-001).
Dispositivos desativados (`decommissioned_at`) contam no total e por grupo, mas não em conectividade nem em
estados: o broker já os recusa e o último `online` deles não diz nada.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection
from django.utils import timezone

from apps.alerts.choices import Severity

_DEVICES_SQL = """
    SELECT s.slug, s.name, t.slug, t.name,
           count(*) AS devices,
           count(*) FILTER (WHERE d.decommissioned_at IS NOT NULL) AS decommissioned,
           count(*) FILTER (WHERE d.decommissioned_at IS NULL AND st.online) AS online,
           count(*) FILTER (WHERE d.decommissioned_at IS NULL AND st.device_id IS NULL) AS never_seen
    FROM devices_device AS d
    JOIN sites_site AS s ON s.id = d.site_id
    JOIN public.catalog_devicetemplate AS t ON t.id = d.template_id
    LEFT JOIN public.tenant_device_status AS st ON st.device_id = d.id
    GROUP BY s.slug, s.name, t.slug, t.name
"""

# Estado vigente = última amostra do ponto. O enum pode ter sido gravado pelo nome (v_text) ou pelo índice em
# enum_values (v_num); a tradução do índice é feita aqui mesmo, para a contagem sair pronta do banco.
_STATES_SQL = """
    WITH enum_points AS (
        SELECT p.id, p.device_id, p.name, p.enum_values
        FROM devices_point AS p
        JOIN devices_device AS d ON d.id = p.device_id
        WHERE p.value_type = 'enum' AND p.is_contracted AND d.decommissioned_at IS NULL
    ), latest AS (
        SELECT l.point_id, l.ts, l.v_num, l.v_text
        FROM public.tenant_ts_latest(
            (SELECT array_agg(device_id) FROM enum_points), (SELECT array_agg(id) FROM enum_points)
        ) AS l
    )
    SELECT p.name,
           CASE
               WHEN l.ts IS NULL THEN NULL
               WHEN l.v_text IS NOT NULL THEN l.v_text
               WHEN l.v_num IS NOT NULL AND l.v_num = trunc(l.v_num)
                    AND l.v_num >= 0 AND l.v_num < jsonb_array_length(p.enum_values)
                   THEN p.enum_values ->> l.v_num::int
               ELSE l.v_num::text
           END AS value,
           count(*)
    FROM enum_points AS p
    LEFT JOIN latest AS l ON l.point_id = p.id
    GROUP BY 1, 2
"""

_ALERTS_SQL = """
    SELECT severity, count(*) FROM public.tenant_alert WHERE cleared_at IS NULL GROUP BY severity
"""


def _counts() -> dict[str, int]:
    return {"devices": 0, "active": 0, "decommissioned": 0, "online": 0, "offline": 0, "never_seen": 0}


def _add(target: dict[str, int], devices: int, decommissioned: int, online: int, never_seen: int) -> None:
    active = devices - decommissioned
    target["devices"] += devices
    target["active"] += active
    target["decommissioned"] += decommissioned
    target["online"] += online
    target["offline"] += active - online
    target["never_seen"] += never_seen


def fleet_summary() -> dict[str, Any]:
    """Resumo da frota do tenant da transação (formato de `contracts.api.FleetSummary`)."""
    totals = _counts()
    sites: dict[str, dict[str, Any]] = {}
    templates: dict[str, dict[str, Any]] = {}
    states: dict[str, dict[str, Any]] = {}
    alerts = {s.value: 0 for s in Severity}
    with connection.cursor() as cursor:
        cursor.execute(_DEVICES_SQL)
        for site_slug, site_name, tpl_slug, tpl_name, devices, decommissioned, online, never_seen in cursor.fetchall():
            _add(totals, devices, decommissioned, online, never_seen)
            for groups, slug, name in ((sites, site_slug, site_name), (templates, tpl_slug, tpl_name)):
                group = groups.setdefault(slug, {"slug": slug, "name": name, **_counts()})
                _add(group, devices, decommissioned, online, never_seen)
        cursor.execute(_STATES_SQL)
        for point, value, count in cursor.fetchall():
            entry = states.setdefault(point, {"point": point, "counts": defaultdict(int), "no_data": 0})
            if value is None:
                entry["no_data"] += count
            else:
                entry["counts"][value] += count
        cursor.execute(_ALERTS_SQL)
        for severity, count in cursor.fetchall():
            alerts[severity] = count
    return {
        "generated_at": timezone.now(),
        "totals": totals,
        "by_site": [sites[k] for k in sorted(sites)],
        "by_template": [templates[k] for k in sorted(templates)],
        "states": [{**states[k], "counts": dict(sorted(states[k]["counts"].items()))} for k in sorted(states)],
        "alerts_open": {**alerts, "total": sum(alerts.values())},
    }
