"""Ações do catálogo: gravar um modelo de equipamento completo (pontos, dashboard, comandos) de uma vez."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from pydantic import ValidationError

from apps.catalog.models import CommandDefinition, DashboardTemplate, DeviceTemplate, PointTemplate, RuleTemplate
from contracts.dashboard import validate_dashboard


class CatalogError(ValueError):
    """Modelo de equipamento inconsistente (mensagem para o operador)."""


@transaction.atomic
def upsert_device_template(spec: dict[str, Any]) -> DeviceTemplate:
    """Cria ou atualiza um modelo a partir de uma especificação (idempotente; usado pela semente).

    O dashboard é validado pelo contrato v1 e só pode citar pontos e comandos do próprio modelo.
    Pontos/comandos que saíram da especificação são removidos.
    """
    template, _ = DeviceTemplate.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"],
            "adapter": spec["adapter"],
            "description": spec.get("description", ""),
        },
    )
    point_names = []
    for position, point in enumerate(spec["points"]):
        fields = {k: v for k, v in point.items() if k != "name"}
        PointTemplate.objects.update_or_create(
            device_template=template,
            name=point["name"],
            defaults={**fields, "position": position},
        )
        point_names.append(point["name"])
    template.points.exclude(name__in=point_names).delete()

    ops = []
    for command in spec.get("commands", []):
        CommandDefinition.objects.update_or_create(
            device_template=template,
            op=command["op"],
            defaults={"label": command["label"], "params_schema": command.get("params_schema", {})},
        )
        ops.append(command["op"])
    template.commands.exclude(op__in=ops).delete()

    _upsert_rule_templates(template, spec.get("rules", []))

    try:
        dashboard = validate_dashboard(spec["dashboard"])
    except ValidationError as exc:
        raise CatalogError(f"dashboard de {template.slug} inválido: {exc}") from exc
    if not dashboard.panels:
        raise CatalogError(f"dashboard de {template.slug} sem painéis")
    unknown_points = dashboard.referenced_points() - set(point_names)
    unknown_ops = dashboard.referenced_ops() - set(ops)
    if unknown_points or unknown_ops:
        raise CatalogError(
            f"dashboard de {template.slug} cita pontos {sorted(unknown_points)} / comandos {sorted(unknown_ops)} "
            "que o modelo não tem"
        )
    DashboardTemplate.objects.update_or_create(device_template=template, defaults={"config": dashboard.to_json()})
    return template


def _upsert_rule_templates(template: DeviceTemplate, rules: list[dict[str, Any]]) -> None:
    """Regras padrão do modelo (uma por ponto e tipo); as que saíram da especificação são removidas."""
    points = {p.name: p for p in template.points.all()}
    keep = []
    for rule in rules:
        point_name = rule.get("point")
        point = None
        if point_name is not None:
            point = points.get(point_name)
            if point is None:
                raise CatalogError(f"regra de {template.slug} cita o ponto {point_name!r}, que o modelo não tem")
        fields = {k: v for k, v in rule.items() if k not in ("point", "kind")}
        obj, _ = RuleTemplate.objects.update_or_create(
            device_template=template, point=point, kind=rule["kind"], defaults=fields
        )
        keep.append(obj.pk)
    template.rule_templates.exclude(pk__in=keep).delete()
