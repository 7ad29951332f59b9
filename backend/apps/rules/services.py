"""Ações de regras e alertas (toda mudança de estado passa por aqui; o avaliador, a API e o admin só chamam estas).

Alertas vivem em `public.alert` e são lidos/gravados pelas views isoladas (`tenant_alert*`): toda função
de alerta exige o tenant fixado na transação (`apps.core.db.set_tenant_for_transaction`). A regra "um
alerta aberto por (dispositivo, regra)" é do banco (índice único parcial): `raise_alert` faz
`INSERT ... ON CONFLICT DO NOTHING` e, se outro avaliador ganhou a corrida, adota o alerta dele.
Cada mudança de estado grava um evento e agenda as notificações (webhooks) para depois do commit.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from apps.alerts.choices import SEVERITY_RANK, AlertEventKind, AlertState
from apps.alerts.models import Alert, AlertEvent
from apps.catalog.models import RuleTemplate
from apps.devices.models import Device, Point
from apps.rules import engine
from apps.rules.choices import Operator, RuleKind
from apps.rules.fields import RULE_FIELDS
from apps.rules.models import Rule, RuleState

log = logging.getLogger(__name__)


class RuleError(ValueError):
    """Regra inválida (mensagem para quem chamou a API)."""


class AlertError(ValueError):
    """Ação de alerta inválida no estado atual."""


# --- regras ------------------------------------------------------------------------------------


def rules_from_templates(*, device: Device, points: Iterable[Point], templates: Iterable[RuleTemplate]) -> list[Rule]:
    """As regras padrão do modelo para um dispositivo, ainda não gravadas (só de pontos contratados; offline
    sempre). `templates` = RuleTemplates do modelo com `point` carregado (o lote os lê uma vez só)."""
    by_name = {p.name: p for p in points if p.is_contracted}
    rules = []
    for tpl in templates:
        point = None
        if tpl.point is not None:
            point = by_name.get(tpl.point.name)
            if point is None:
                continue
        rules.append(Rule(device=device, point=point, **{f: getattr(tpl, f) for f in RULE_FIELDS}))
    return rules


def save_rules(rules: list[Rule]) -> list[Rule]:
    """Grava regras novas e o estado de avaliação de cada uma (em lote)."""
    created = Rule.objects.bulk_create(rules, batch_size=500)
    RuleState.objects.bulk_create([RuleState(rule=r) for r in created], batch_size=1000)
    return created


def create_rules_from_templates(*, device: Device, points: Iterable[Point]) -> list[Rule]:
    """Copia as regras padrão do modelo do dispositivo (só de pontos contratados; offline sempre)."""
    templates = RuleTemplate.objects.filter(device_template_id=device.template_id).select_related("point")
    return save_rules(rules_from_templates(device=device, points=points, templates=templates))


def validate_rule(fields: dict[str, Any], point: Point | None) -> None:
    """Coerência entre tipo, operador, limites e o tipo de valor do ponto (antes de chegar ao CHECK do banco)."""
    kind = fields.get("kind")
    if kind == RuleKind.OFFLINE:
        if point is not None:
            raise RuleError("regra offline é do dispositivo: não informe point")
        return
    if point is None:
        raise RuleError("point é obrigatório para este tipo de regra")
    if kind == RuleKind.THRESHOLD:
        if point.value_type not in ("float", "int"):
            raise RuleError(f"threshold exige ponto numérico; {point.name} é {point.value_type}")
        op, low, high = fields.get("operator"), fields.get("low"), fields.get("high")
        if op == Operator.ABOVE and high is None:
            raise RuleError("operator=above exige high")
        if op == Operator.BELOW and low is None:
            raise RuleError("operator=below exige low")
        if op == Operator.OUTSIDE and (low is None or high is None or low > high):
            raise RuleError("operator=outside exige low <= high")
        if op not in Operator.values:
            raise RuleError(f"operator inválido: {op!r}")
    elif kind == RuleKind.STATE:
        value = str(fields.get("state_value") or "")
        if not value:
            raise RuleError("state exige state_value")
        allowed = (
            [str(v) for v in point.enum_values]
            if point.value_type == "enum"
            else (["true", "false"] if point.value_type == "bool" else None)
        )
        if allowed is not None and value not in allowed:
            raise RuleError(f"state_value {value!r} não é um valor de {point.name} ({allowed})")
    elif kind == RuleKind.NO_DATA:
        if not fields.get("no_data_s"):
            raise RuleError("no_data exige no_data_s >= 1")
    else:
        raise RuleError(f"kind inválido: {kind!r}")
    if (fields.get("clear_hysteresis") or 0) < 0:
        raise RuleError("clear_hysteresis não pode ser negativa")


@transaction.atomic
def create_rule(*, device: Device, point: Point | None, fields: dict[str, Any]) -> Rule:
    validate_rule(fields, point)
    if point is not None and point.device_id != device.id:
        raise RuleError("o ponto não é deste dispositivo")
    rule = Rule.objects.create(device=device, point=point, **fields)
    RuleState.objects.create(rule=rule)
    return rule


@transaction.atomic
def update_rule(*, rule: Rule, changes: dict[str, Any]) -> Rule:
    """Altera campos da regra. A fase persistida continua: o próximo valor é avaliado com os novos limites."""
    merged = {f: getattr(rule, f) for f in RULE_FIELDS} | changes
    validate_rule(merged, rule.point)
    for key, value in changes.items():
        setattr(rule, key, value)
    rule.save()
    if changes.get("enabled") is False:
        # Desligada: ninguém mais avaliaria o alerta aberto; normaliza e zera a fase.
        state = RuleState.objects.select_for_update().filter(rule=rule).first()
        if state is not None:
            if state.alert_id is not None:
                clear_alert(alert_id=state.alert_id, at=timezone.now(), actor="rule_disabled")
            state.phase, state.alert_id = "ok", None
            state.pending_since = state.firing_since = state.resolving_since = None
            state.save()
    return rule


@transaction.atomic
def delete_rule(*, rule: Rule) -> None:
    """Apaga a regra; um alerta aberto dela é normalizado (ninguém mais o fecharia)."""
    state = RuleState.objects.select_for_update().filter(rule=rule).first()
    if state is not None and state.alert_id is not None:
        clear_alert(alert_id=state.alert_id, at=timezone.now(), actor="rule_deleted")
    rule.delete()


# --- alertas -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertChange:
    """Uma mudança de estado de alerta gravada (para notificar depois do commit)."""

    alert_id: uuid.UUID
    event_id: int
    kind: str


def _require_tenant() -> uuid.UUID:
    if not connection.in_atomic_block:
        raise RuntimeError("ação de alerta exige transaction.atomic com o tenant fixado")
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.current_tenant_id()")
        value = cursor.fetchone()[0]
    if value is None:
        raise RuntimeError("ação de alerta sem tenant fixado (set_tenant_for_transaction)")
    return uuid.UUID(str(value))


def render_message(rule: Rule, value: float | str | None) -> str:
    fields = {
        "device": rule.device.name,
        "point": rule.point.label if rule.point else "",
        "value": "" if value is None else (f"{value:g}" if isinstance(value, float) else value),
        "low": "" if rule.low is None else f"{rule.low:g}",
        "high": "" if rule.high is None else f"{rule.high:g}",
        "state_value": rule.state_value,
    }
    template = rule.message_template or _default_message(rule)
    try:
        return template.format_map(fields)[:1000]
    except (KeyError, ValueError, IndexError):
        return template[:1000]


def _default_message(rule: Rule) -> str:
    messages: dict[str, str] = {
        RuleKind.THRESHOLD: "{device}: {point} = {value} fora do limite",
        RuleKind.STATE: "{device}: {point} = {value}",
        RuleKind.NO_DATA: "{device}: {point} sem dados",
        RuleKind.OFFLINE: "{device} offline",
    }
    return messages.get(rule.kind, "{device}: alerta")


def _event(tenant_id: uuid.UUID, alert_id: uuid.UUID, kind: str, actor: str | None, detail: dict[str, Any]) -> int:
    ev = AlertEvent.objects.create(
        tenant_id=tenant_id, alert_id=alert_id, ts=timezone.now(), kind=kind, actor=actor, detail=detail
    )
    return int(ev.id)


def _notify(tenant_id: uuid.UUID, change: AlertChange) -> None:
    """Efeitos de uma mudança de estado, depois do commit: webhooks e o stream ao vivo do tenant (SSE)."""
    from apps.live.producers import publish_alert_change
    from apps.rules.notifications import enqueue_deliveries

    enqueue_deliveries(tenant_id=tenant_id, change=change)
    publish_alert_change(tenant_id, change.alert_id, change.kind)


_INSERT_ALERT = """
INSERT INTO public.tenant_alert
    (id, tenant_id, device_id, point_id, rule_id, rule_kind, state, severity, message, started_at,
     peak_value, last_value, last_text, updated_at)
VALUES (%s, %s, %s, %s, %s, %s, 'active_unack', %s, %s, %s, %s, %s, %s, now())
ON CONFLICT (tenant_id, device_id, rule_id) WHERE cleared_at IS NULL DO NOTHING
RETURNING id
"""


def raise_alert(*, rule: Rule, num: float | None, text: str | None, at: datetime) -> tuple[uuid.UUID, bool]:
    """Abre o alerta da regra (ou devolve o já aberto). Devolve (id, criado_agora)."""
    tenant_id = _require_tenant()
    alert_id = uuid.uuid4()
    message = render_message(rule, num if num is not None else text)
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_ALERT,
            [
                alert_id,
                tenant_id,
                rule.device_id,
                rule.point_id,
                rule.id,
                rule.kind,
                rule.severity,
                message,
                at,
                num,
                num,
                text,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        existing = Alert.objects.filter(rule_id=rule.id, device_id=rule.device_id, cleared_at__isnull=True).first()
        if existing is None:  # fechado entre o conflito e a leitura: tenta de novo uma vez
            return raise_alert(rule=rule, num=num, text=text, at=at)
        return existing.id, False
    value = num if num is not None else text
    event_id = _event(tenant_id, alert_id, AlertEventKind.RAISED, "evaluator", {"value": value})
    _notify(tenant_id, AlertChange(alert_id, event_id, AlertEventKind.RAISED))
    return alert_id, True


def touch_alert(*, alert_id: uuid.UUID, rule: Rule, num: float | None, text: str | None) -> None:
    """Alerta continua aberto: último valor, pico (o mais longe do limite) e escalada se a regra ficou mais grave."""
    tenant_id = _require_tenant()
    alert = Alert.objects.filter(id=alert_id, cleared_at__isnull=True).first()
    if alert is None:
        return
    updates: dict[str, Any] = {"last_value": num, "last_text": text, "updated_at": timezone.now()}
    if num is not None:
        peak = alert.peak_value
        if peak is None:
            updates["peak_value"] = num
        elif rule.operator == Operator.BELOW or (
            rule.operator == Operator.OUTSIDE and rule.low is not None and num < rule.low
        ):
            updates["peak_value"] = min(peak, num)
        else:
            updates["peak_value"] = max(peak, num)
    escalated = SEVERITY_RANK.get(rule.severity, 9) < SEVERITY_RANK.get(alert.severity, 9)
    if escalated:
        updates["severity"] = rule.severity
    Alert.objects.filter(id=alert_id).update(**updates)
    if escalated:
        event_id = _event(
            tenant_id, alert_id, AlertEventKind.ESCALATED, "evaluator", {"from": alert.severity, "to": rule.severity}
        )
        _notify(tenant_id, AlertChange(alert_id, event_id, AlertEventKind.ESCALATED))


def clear_alert(*, alert_id: uuid.UUID, at: datetime, actor: str = "evaluator", value: Any = None) -> bool:
    """Normaliza o alerta aberto (active_unack → cleared_unack, active_ack → cleared_ack)."""
    tenant_id = _require_tenant()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE public.tenant_alert SET cleared_at = %s, updated_at = now(),"
            " state = CASE state WHEN 'active_ack' THEN 'cleared_ack' ELSE 'cleared_unack' END"
            " WHERE id = %s AND cleared_at IS NULL RETURNING id",
            [at, alert_id],
        )
        if cursor.fetchone() is None:
            return False
    event_id = _event(tenant_id, alert_id, AlertEventKind.CLEARED, actor, {"value": value})
    _notify(tenant_id, AlertChange(alert_id, event_id, AlertEventKind.CLEARED))
    return True


@transaction.atomic
def ack_alert(*, alert: Alert, username: str) -> Alert:
    """Reconhece o alerta (idempotente: reconhecer de novo não gera evento)."""
    tenant_id = _require_tenant()
    transitions: dict[str, str] = {
        AlertState.ACTIVE_UNACK: AlertState.ACTIVE_ACK,
        AlertState.CLEARED_UNACK: AlertState.CLEARED_ACK,
    }
    new_state = transitions.get(alert.state)
    if new_state is not None:
        now = timezone.now()
        changed = Alert.objects.filter(id=alert.id, state=alert.state).update(
            state=new_state, acked_at=now, acked_by=username, updated_at=now
        )
        if changed:
            event_id = _event(tenant_id, alert.id, AlertEventKind.ACKED, username, {})
            _notify(tenant_id, AlertChange(alert.id, event_id, AlertEventKind.ACKED))
    return Alert.objects.get(id=alert.id)


@transaction.atomic
def comment_alert(*, alert: Alert, username: str, text: str) -> AlertEvent:
    tenant_id = _require_tenant()
    text = text.strip()
    if not text:
        raise AlertError("comentário vazio")
    event_id = _event(tenant_id, alert.id, AlertEventKind.COMMENTED, username, {"text": text[:2000]})
    return AlertEvent.objects.get(id=event_id)


# --- estado de avaliação -------------------------------------------------------------------------


def spec_of(rule: Rule) -> engine.Spec:
    return engine.Spec(
        kind=rule.kind,
        operator=rule.operator,
        low=rule.low,
        high=rule.high,
        hysteresis=rule.clear_hysteresis,
        state_value=rule.state_value,
        no_data_s=rule.no_data_s,
        for_s=rule.for_s,
        keep_firing_for_s=rule.keep_firing_for_s,
        created_at=rule.created_at,
    )


def state_of(rs: RuleState) -> engine.State:
    return engine.State(
        phase=rs.phase,
        pending_since=rs.pending_since,
        firing_since=rs.firing_since,
        resolving_since=rs.resolving_since,
        last_ts=rs.last_ts,
        last_num=rs.last_num,
        last_text=rs.last_text,
    )


def run_action(
    rule: Rule | Callable[[], Rule],
    alert_id: uuid.UUID | None,
    decision: engine.Decision,
    sample: engine.Sample | None,
) -> uuid.UUID | None:
    """Executa a ação da decisão sobre o alerta e devolve o `alert_id` do estado depois dela.

    `rule` pode vir como função que a carrega: o avaliador só lê a regra (com dispositivo e ponto, para a
    mensagem) quando há alerta a abrir, normalizar ou atualizar — o caso raro por valor."""
    action = decision.action
    if action is engine.Action.NONE or (action is engine.Action.TOUCH and (alert_id is None or sample is None)):
        return alert_id
    st = decision.state
    num = sample.num if sample else st.last_num
    text = sample.text if sample else st.last_text
    if action is engine.Action.CLEAR:
        assert decision.at is not None
        if alert_id is not None:
            clear_alert(alert_id=alert_id, at=decision.at, value=num if num is not None else text)
        return None
    loaded = rule() if callable(rule) else rule
    if action is engine.Action.FIRE:
        assert decision.at is not None
        return raise_alert(rule=loaded, num=num, text=text, at=decision.at)[0]
    assert alert_id is not None
    touch_alert(alert_id=alert_id, rule=loaded, num=num, text=text)
    return alert_id


def stored_text(text: str | None) -> str | None:
    """`last_text` como a coluna guarda (100 caracteres)."""
    return None if text is None else text[:100]


def apply_decision(rule: Rule, rs: RuleState, decision: engine.Decision, sample: engine.Sample | None) -> bool:
    """Executa a ação da decisão (alerta) e copia o novo estado para `rs`. Devolve se `rs` mudou."""
    st = decision.state
    rs.alert_id = run_action(rule, rs.alert_id, decision, sample)
    before = state_of(rs)
    rs.phase = st.phase
    rs.pending_since = st.pending_since
    rs.firing_since = st.firing_since
    rs.resolving_since = st.resolving_since
    rs.last_ts = st.last_ts
    rs.last_num = st.last_num
    rs.last_text = stored_text(st.last_text)
    return before != st or decision.action is not engine.Action.NONE
