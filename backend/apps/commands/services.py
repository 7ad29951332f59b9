"""Ações sobre comandos (toda mudança de estado de um Command passa por aqui).

Fluxo de `issue_command` (a view é não-atômica de propósito: o Command precisa estar COMMITADO antes da
publicação, e a espera pelo ACK não pode segurar uma transação aberta):

1. valida `op` contra os CommandDefinition do modelo do dispositivo e `params` contra o JSON Schema;
2. recusa dispositivo offline (409; nada é gravado nem publicado);
3. grava o Command (`pending`) e faz commit;
4. registra a espera do cmd_id no LISTEN, publica o payload da especificação em QoS 1 e marca `sent`;
5. espera a notificação até o prazo e concilia: `acked_ok`/`acked_error` ou `timed_out`.
Um ACK que chega depois do prazo é conciliado mais tarde e fica marcado com `late_ack`: o LISTEN deste
processo lembra os comandos vencidos e, quando a NOTIFY do ACK chega, enfileira `reconcile_command` no
worker; a tarefa periódica `reconcile_late_acks` cobre o resto (processo reiniciado). GETs só leem.

Só vale o ACK do dispositivo a quem o comando foi enviado: o banco recusa os outros (gatilho
`cmd_ack_guard`, dead letter `ack_device_mismatch`) e a leitura aqui também filtra por `device_id`.
Cada mudança de status também vai para o stream ao vivo do tenant (SSE), depois do COMMIT
(`apps.live.producers.publish_command_status`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from jsonschema import Draft202012Validator
from ulid import ULID

from apps.catalog.models import CommandDefinition
from apps.commands.choices import AWAITING_ACK, CommandStatus
from apps.commands.listener import get_listener
from apps.commands.models import Command
from apps.commands.mqtt import PublishError, get_publisher
from apps.core.db import tenant_cursor
from apps.devices.models import Device
from apps.live.producers import publish_command_status
from apps.tenancy.models import Tenant
from contracts.mqtt import COMMAND_RESERVED_KEYS, CommandPayload

log = logging.getLogger(__name__)

# Chaves do envelope (000 §5): um parâmetro com um destes nomes sobrescreveria o contrato.
RESERVED_KEYS = COMMAND_RESERVED_KEYS


class CommandError(ValueError):
    """Pedido de comando inválido (mensagem para quem chamou a API → 400)."""


class DeviceOffline(CommandError):
    """O dispositivo está offline ou nunca se conectou (→ 409; nada publicado)."""


@dataclass(frozen=True)
class Ack:
    """Linha de `tenant_cmd_ack` gravada pelo ingest."""

    ok: bool
    err: str | None
    ts_exec: datetime | None
    received_at: datetime


def validate_command(device: Device, op: str, params: dict[str, Any]) -> CommandDefinition:
    """Confere `op` no modelo do dispositivo e `params` no esquema do CommandDefinition."""
    definition = CommandDefinition.objects.filter(device_template_id=device.template_id, op=op).first()
    if definition is None:
        known = sorted(
            CommandDefinition.objects.filter(device_template_id=device.template_id).values_list("op", flat=True)
        )
        raise CommandError(f"op {op!r} não existe no modelo deste dispositivo (aceitos: {known or 'nenhum'})")
    if not isinstance(params, dict):
        raise CommandError("params deve ser um objeto JSON")
    reserved = RESERVED_KEYS & params.keys()
    if reserved:
        raise CommandError(f"params não pode usar as chaves reservadas {sorted(reserved)}")
    errors = sorted(Draft202012Validator(definition.params_schema or {}).iter_errors(params), key=str)
    if errors:
        detail = "; ".join(f"{'/'.join(map(str, e.path)) or 'params'}: {e.message}" for e in errors)
        raise CommandError(f"params inválidos para {op}: {detail}")
    return definition


_STATUS_SQL = "SELECT online, last_seen FROM public.tenant_device_status WHERE device_id = %s"


def device_online(tenant: Tenant, device: Device, *, tenant_already_set: bool = False) -> tuple[bool, datetime | None]:
    """(online, last_seen) pela conectividade gravada pelo ingest (tópico state + LWT).

    `tenant_already_set=True`: quem chama está numa transação que já fixou este tenant (a view de envio, na
    transação da autenticação) e a leitura vai direto, sem savepoint nem outro set_config. Se o tenant não
    estivesse fixado, a view isolada devolveria zero linhas: o dispositivo pareceria offline (409), nunca o
    de outro tenant.
    """
    if tenant_already_set:
        if not connection.in_atomic_block:
            raise RuntimeError("tenant_already_set exige a transação que fixou o tenant")
        with connection.cursor() as cur:
            cur.execute(_STATUS_SQL, [device.id])
            row = cur.fetchone()
    else:
        with tenant_cursor(tenant.tenant_id) as cur:
            cur.execute(_STATUS_SQL, [device.id])
            row = cur.fetchone()
    if row is None:
        return False, None
    return bool(row[0]), row[1]


def command_payload(command: Command) -> bytes:
    """Payload exato da especificação: {"schema":"v1","cmd_id","op",<params no topo>,"by"} (contracts.mqtt)."""
    doc = CommandPayload.build(
        cmd_id=command.cmd_id, op=command.op, params=command.params, by=str(command.requested_by_id)
    ).to_wire()
    return json.dumps(doc, separators=(",", ":")).encode()


def resolve_timeout(requested: float | None) -> float:
    if requested is None:
        return float(settings.CMD_ACK_TIMEOUT_SECONDS)
    if requested <= 0:
        raise CommandError("timeout deve ser positivo")
    return min(float(requested), float(settings.CMD_ACK_TIMEOUT_MAX_SECONDS))


def check_command(
    *,
    tenant: Tenant,
    device: Device,
    op: str,
    params: dict[str, Any],
    timeout_s: float | None = None,
    tenant_already_set: bool = False,
) -> float:
    """Passos 1 e 2: valida op/params e recusa dispositivo offline; devolve o prazo do ACK. Só lê."""
    validate_command(device, op, params)
    timeout = resolve_timeout(timeout_s)
    online, last_seen = device_online(tenant, device, tenant_already_set=tenant_already_set)
    if not online:
        seen = f"visto por último em {last_seen.isoformat()}" if last_seen else "nunca se conectou"
        raise DeviceOffline(f"dispositivo {device.slug} está offline ({seen}); comando não enviado")
    return timeout


def issue_command(
    *,
    tenant: Tenant,
    device: Device,
    op: str,
    params: dict[str, Any],
    user: Any,
    timeout_s: float | None = None,
) -> Command:
    """Registra, publica e espera o ACK de um comando; devolve o Command no estado final da espera."""
    timeout = check_command(tenant=tenant, device=device, op=op, params=params, timeout_s=timeout_s)
    return send_command(tenant=tenant, device=device, op=op, params=params, user=user, timeout=timeout)


def send_command(
    *,
    tenant: Tenant,
    device: Device,
    op: str,
    params: dict[str, Any],
    user: Any,
    timeout: float,
) -> Command:
    """Passos 3 a 5, para um pedido que já passou por `check_command`: grava, publica e espera o ACK."""
    if connection.in_atomic_block:
        raise RuntimeError("issue_command precisa rodar fora de transação (o Command é commitado antes de publicar)")

    listener = get_listener()
    if not listener.wait_ready(settings.CMD_PUBLISH_TIMEOUT_SECONDS):
        raise PublishError("LISTEN de ACKs indisponível (banco)")
    command = Command.objects.create(
        cmd_id=str(ULID()),
        device=device,
        op=op,
        params=params,
        requested_by_id=user.pk,
        requested_by_username=user.get_username(),
        timeout_s=timeout,
    )
    publish_command_status(tenant.tenant_id, command)
    with listener.waiting(command.cmd_id) as acked:
        try:
            get_publisher().publish(
                f"{device.topic_base}/cmd", command_payload(command), timeout_s=settings.CMD_PUBLISH_TIMEOUT_SECONDS
            )
        except PublishError as exc:
            Command.objects.filter(pk=command.pk).update(status=CommandStatus.PUBLISH_FAILED, error=str(exc))
            command.refresh_from_db()
            publish_command_status(tenant.tenant_id, command)
            log.error("comando %s não publicado: %s", command.cmd_id, exc)
            return command
        if Command.objects.filter(pk=command.pk, status=CommandStatus.PENDING).update(
            status=CommandStatus.SENT, sent_at=timezone.now()
        ):
            publish_command_status(tenant.tenant_id, command, status=CommandStatus.SENT)
        if not acked.wait(timeout):
            # Sem ACK no prazo: um ACK tardio será conciliado pelo worker quando a NOTIFY chegar.
            listener.watch_late(command.cmd_id, tenant.schema_name)
    return finalize(tenant, command.pk, deadline_passed=True)


def _fetch_acks(cur: CursorWrapper, commands: list[Command]) -> dict[str, Ack]:
    """ACKs gravados para estes comandos, só do dispositivo de destino de cada um (tenant já fixado)."""
    cur.execute(
        "SELECT a.cmd_id, a.ok, a.err, a.ts_exec, a.received_at FROM public.tenant_cmd_ack a "
        "JOIN unnest(%s::text[], %s::uuid[]) AS c(cmd_id, device_id) "
        "ON a.cmd_id = c.cmd_id AND a.device_id = c.device_id",
        [[c.cmd_id for c in commands], [c.device_id for c in commands]],
    )
    return {r[0]: Ack(ok=r[1], err=r[2], ts_exec=r[3], received_at=r[4]) for r in cur.fetchall()}


def _apply(command: Command, ack: Ack) -> None:
    late = command.status == CommandStatus.TIMED_OUT
    command.status = CommandStatus.ACKED_OK if ack.ok else CommandStatus.ACKED_ERROR
    command.ack_ok, command.ack_err, command.ts_exec, command.acked_at = ack.ok, ack.err, ack.ts_exec, ack.received_at
    command.late_ack = late
    command.save(update_fields=["status", "ack_ok", "ack_err", "ts_exec", "acked_at", "late_ack"])


def finalize(tenant: Tenant, cmd_id: str, *, deadline_passed: bool) -> Command:
    """Concilia um comando com o ACK gravado; sem ACK e com o prazo vencido, vira `timed_out`."""
    with tenant_cursor(tenant.tenant_id) as cur:
        command = Command.objects.select_for_update().get(pk=cmd_id)
        if command.status in AWAITING_ACK:
            ack = _fetch_acks(cur, [command]).get(command.cmd_id)
            if ack is not None:
                _apply(command, ack)
                publish_command_status(tenant.tenant_id, command)
            elif deadline_passed and command.status == CommandStatus.SENT:
                command.status, command.timed_out_at = CommandStatus.TIMED_OUT, timezone.now()
                command.save(update_fields=["status", "timed_out_at"])
                publish_command_status(tenant.tenant_id, command)
    return command


def reconcile(tenant: Tenant, commands: list[Command]) -> int:
    """Concilia ACKs tardios (e comandos `sent` órfãos, cujo processo morreu) numa lista; devolve quantos mudaram.

    Chamada pelo worker (tarefa disparada pelo LISTEN e tarefa periódica), nunca por um GET. Exige o schema
    do tenant.
    """
    awaiting = [c.cmd_id for c in commands if c.status in AWAITING_ACK]
    if not awaiting:
        return 0
    changed = 0
    now = timezone.now()
    with tenant_cursor(tenant.tenant_id) as cur:
        acks = _fetch_acks(cur, [c for c in commands if c.status in AWAITING_ACK])
        locked = Command.objects.select_for_update().filter(pk__in=awaiting, status__in=AWAITING_ACK)
        for command in locked:
            if command.cmd_id in acks:
                _apply(command, acks[command.cmd_id])
                publish_command_status(tenant.tenant_id, command)
                changed += 1
            elif (
                command.status == CommandStatus.SENT
                and command.sent_at
                and (command.sent_at + timedelta(seconds=command.timeout_s + 60) < now)
            ):
                # O processo que esperava morreu antes de concluir: o prazo já passou há muito.
                command.status, command.timed_out_at = CommandStatus.TIMED_OUT, now
                command.save(update_fields=["status", "timed_out_at"])
                publish_command_status(tenant.tenant_id, command)
                changed += 1
    if changed:
        fresh = {c.pk: c for c in Command.objects.filter(pk__in=awaiting)}
        for c in commands:
            if c.pk in fresh:
                c.__dict__.update({k: v for k, v in fresh[c.pk].__dict__.items() if not k.startswith("_")})
    return changed
