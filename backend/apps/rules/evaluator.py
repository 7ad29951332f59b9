"""Avaliador de regras: consome os streams de avaliação (Redis) e varre o tempo (ADR-005).

Um processo Django de longa duração (`manage.py run_evaluator`), não uma tarefa Celery: precisa de um laço
bloqueante em `XREADGROUP` com grupo de consumidores e de uma varredura periódica própria.

- Entrada: `{prefixo}:{partição}` (ver ingest/events.py). Cada entrada é um dispositivo: o avaliador
  trava (`SELECT ... FOR UPDATE`, em ordem de id) os estados das regras atingidas, aplica a máquina de
  estados (`apps.rules.engine`) e grava estado + alerta na MESMA transação; só então faz `XACK`. Cair no
  meio → a entrada continua pendente no grupo e é relida na volta (`XREADGROUP ... 0`) ou tomada por outro
  avaliador (`XAUTOCLAIM` depois de `CLAIM_IDLE_MS`). Reprocessar é inofensivo: valor com ts <= last_ts
  é ignorado.
- Varredura (a cada TS_EVAL_SWEEP_SECONDS, no máximo 10 s): regras `pending` cujo `for_s` venceu disparam,
  `resolving` cujo `keep_firing_for_s` venceu normalizam, `no_data` sem valor há `no_data_s` disparam —
  mesmo sem nenhuma mensagem chegando. Linhas travadas por outro avaliador são puladas (SKIP LOCKED).
- Dois avaliadores ao mesmo tempo: as travas por linha serializam o mesmo dispositivo e o índice único
  parcial de `public.alert` garante um alerta aberto por (dispositivo, regra).
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

import redis
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.core.db import set_tenant_for_transaction
from apps.rules import engine
from apps.rules.choices import Phase, RuleKind
from apps.rules.models import Rule, RuleState
from apps.rules.services import apply_decision, spec_of, state_of
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant

log = logging.getLogger("rules.evaluator")

# Resposta do XREADGROUP: [(stream, [(id, {campo: valor})])]; o redis-py anota só `ResponseT` (Awaitable | Any).
XReadReply = list[tuple[Any, list[tuple[Any, Any]]]]

CLAIM_IDLE_MS = 60_000
# Passos mais lentos que isto vão para o log: enquanto duram, nenhum valor novo é avaliado (benchmark de latência).
SLOW_STEP_S = 0.25
STATE_FIELDS = [
    "phase",
    "pending_since",
    "firing_since",
    "resolving_since",
    "last_ts",
    "last_num",
    "last_text",
    "alert_id",
    "updated_at",
]
TRANSIENT = (OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError)


def sample_from_point(item: list[Any]) -> tuple[uuid.UUID, engine.Sample] | None:
    """[point_id, ts, v_num, v_bool, v_text] → amostra normalizada (bool vira 'true'/'false' e 1/0)."""
    point_id, ts_raw, num, flag, text = item
    ts = parse_datetime(ts_raw)
    if ts is None:
        return None
    if flag is not None:
        return uuid.UUID(point_id), engine.Sample(ts, 1.0 if flag else 0.0, "true" if flag else "false")
    if text is not None:
        return uuid.UUID(point_id), engine.Sample(ts, None, str(text))
    return uuid.UUID(point_id), engine.Sample(ts, None if num is None else float(num), None)


def sample_from_status(item: list[Any]) -> engine.Sample | None:
    online, ts_raw = item
    ts = parse_datetime(ts_raw)
    return None if ts is None else engine.Sample(ts, None, "online" if online else "offline")


class Evaluator:
    def __init__(
        self,
        client: redis.Redis,
        *,
        consumer: str | None = None,
        prefix: str | None = None,
        partitions: int | None = None,
        group: str | None = None,
        sweep_s: float | None = None,
        batch: int = 500,
    ) -> None:
        self.redis = client
        self.prefix = prefix or settings.EVAL_STREAM_PREFIX
        self.streams = [f"{self.prefix}:{i}" for i in range(partitions or settings.EVAL_PARTITIONS)]
        self.group = group or settings.EVAL_GROUP
        self.consumer = consumer or f"{socket.gethostname()}-evaluator"
        self.sweep_s = min(sweep_s or settings.EVAL_SWEEP_SECONDS, 10.0)
        self.batch = batch
        self._tenants: dict[str, Tenant] = {}

    # --- laço ------------------------------------------------------------------------------------

    def ensure_groups(self) -> None:
        for stream in self.streams:
            try:
                # id "0": um grupo novo também avalia o que já está no stream (nada publicado se perde).
                self.redis.xgroup_create(stream, self.group, id="0", mkstream=True)
            except redis.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    def run(self, stop: threading.Event) -> None:
        self.ensure_groups()
        backlog = True  # na partida, primeiro o que este consumidor leu e não confirmou
        next_sweep = 0.0
        log.info("avaliador iniciado", extra={"consumer": self.consumer, "streams": self.streams})
        while not stop.is_set():
            try:
                if time.monotonic() >= next_sweep:
                    started = time.monotonic()
                    self.sweep(timezone.now())
                    self.claim_abandoned()
                    _log_if_slow("varredura lenta", started)
                    next_sweep = time.monotonic() + self.sweep_s
                block_ms = max(1, int((next_sweep - time.monotonic()) * 1000))
                got = self.read(backlog=backlog, block_ms=min(block_ms, 1000))
                if backlog and got == 0:
                    backlog = False
            except TRANSIENT as exc:
                log.warning("banco ou Redis indisponível; tentando de novo", extra={"error": str(exc)})
                connections.close_all()
                backlog = True
                stop.wait(1.0)
        log.info("avaliador encerrado", extra={"consumer": self.consumer})

    def read(self, *, backlog: bool, block_ms: int) -> int:
        start = "0" if backlog else ">"
        resp = cast(
            XReadReply | None,
            self.redis.xreadgroup(
                self.group,
                self.consumer,
                dict.fromkeys(self.streams, start),
                count=self.batch,
                block=None if backlog else block_ms,
            ),
        )
        started = time.monotonic()
        # Todas as partições lidas numa passada viram UMA transação por tenant (não uma por partição): o custo
        # fixo de cada transação (tenant, trava, UPDATE, commit) pesava na latência sob carga (benchmark).
        n = self.handle_streams([(stream, entries) for stream, entries in resp or []])
        if n:
            _log_if_slow("lote lento", started, entries=n)
        return n

    def claim_abandoned(self) -> None:
        """Entradas lidas por um avaliador que morreu (ociosas há CLAIM_IDLE_MS) passam para este."""
        for stream in self.streams:
            resp = self.redis.xautoclaim(stream, self.group, self.consumer, CLAIM_IDLE_MS, "0-0", count=self.batch)
            entries = resp[1] if resp else []
            if entries:
                log.info("entradas abandonadas assumidas", extra={"stream": stream, "count": len(entries)})
                self.handle(stream, entries)

    def handle(self, stream: Any, entries: list[tuple[Any, Any]]) -> int:
        return self.handle_streams([(stream, entries)])

    def handle_streams(self, batches: list[tuple[Any, list[tuple[Any, Any]]]]) -> int:
        """Avalia as entradas lidas (de uma ou mais partições) numa transação por tenant e só então confirma
        (XACK). Um dispositivo está sempre numa só partição, então juntar partições não muda a ordem dele."""
        ids: dict[Any, list[Any]] = defaultdict(list)
        docs = []
        for stream, entries in batches:
            for entry_id, fields in entries:
                ids[stream].append(entry_id)
                if not fields:  # entrada aparada pelo MAXLEN chega vazia: só confirma
                    continue
                try:
                    docs.append(json.loads(fields.get(b"e") or fields.get("e")))
                except (ValueError, TypeError):
                    log.exception("entrada de avaliação ilegível descartada", extra={"entry": str(entry_id)})
        by_tenant: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for doc in docs:
            if isinstance(doc, dict) and "t" in doc:
                by_tenant[str(doc["t"])].append(doc)
        for tenant_id, items in by_tenant.items():
            try:
                self.process(tenant_id, items)
            except TRANSIENT:
                raise
            except (ValueError, KeyError, TypeError, DatabaseError):
                # Um documento ruim não pode travar a partição: refaz um a um e descarta só o culpado.
                tenant_connection().set_schema_to_public()
                for doc in items:
                    try:
                        self.process(tenant_id, [doc])
                    except TRANSIENT:
                        raise
                    except (ValueError, KeyError, TypeError, DatabaseError):
                        log.exception("entrada de avaliação descartada", extra={"device": str(doc.get("d"))})
                        tenant_connection().set_schema_to_public()
        for stream, stream_ids in ids.items():
            self.redis.xack(stream, self.group, *stream_ids)
        return sum(len(v) for v in ids.values())

    # --- avaliação de valores ----------------------------------------------------------------------

    def _tenant(self, tenant_id: str) -> Tenant | None:
        tenant = self._tenants.get(tenant_id)
        if tenant is None:
            tenant_connection().set_schema_to_public()
            tenant = Tenant.objects.filter(tenant_id=tenant_id).first()
            if tenant is not None:
                self._tenants[tenant_id] = tenant
        return tenant

    def process(self, tenant_id: str, docs: list[dict[str, Any]]) -> None:
        """Aplica os valores de vários dispositivos de um tenant: uma leitura travada (regra + estado), um UPDATE."""
        tenant = self._tenant(tenant_id)
        if tenant is None:
            log.warning("tenant desconhecido na entrada de avaliação", extra={"tenant": tenant_id})
            return
        # Chave anulável: regras de offline não têm ponto (point_id None) e são filtradas pelo kind abaixo.
        by_point: dict[uuid.UUID | None, list[engine.Sample]] = defaultdict(list)
        statuses: dict[uuid.UUID, list[engine.Sample]] = defaultdict(list)
        for doc in docs:
            device_id = uuid.UUID(doc["d"])
            for item in doc.get("p", []):
                parsed = sample_from_point(item)
                if parsed is not None:
                    by_point[parsed[0]].append(parsed[1])
            for item in doc.get("s", []):
                sample = sample_from_status(item)
                if sample is not None:
                    statuses[device_id].append(sample)
        tenant_connection().set_tenant(tenant)
        try:
            with transaction.atomic():
                set_tenant_for_transaction(tenant.tenant_id)
                states = lock_hit_states(points=[p for p in by_point if p is not None], status_devices=list(statuses))
                changed = [
                    rs
                    for rs in states
                    if self._apply_samples(
                        rs.rule,
                        rs,
                        statuses[rs.rule.device_id] if rs.rule.kind == RuleKind.OFFLINE else by_point[rs.rule.point_id],
                    )
                ]
                if changed:
                    save_states(changed)
        finally:
            tenant_connection().set_schema_to_public()

    @staticmethod
    def _apply_samples(rule: Rule, rs: RuleState, samples: Iterable[engine.Sample]) -> bool:
        spec = spec_of(rule)
        changed = False
        for sample in sorted(samples, key=lambda s: s.ts):
            decision = engine.on_sample(spec, state_of(rs), sample)
            changed = apply_decision(rule, rs, decision, sample) or changed
        return changed

    # --- varredura do tempo --------------------------------------------------------------------------

    def sweep(self, now: datetime) -> None:
        tenant_connection().set_schema_to_public()
        tenants = list(Tenant.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME))
        for tenant in tenants:
            tenant_connection().set_tenant(tenant)
            try:
                self._sweep_tenant(tenant, now)
            finally:
                tenant_connection().set_schema_to_public()

    def _sweep_tenant(self, tenant: Tenant, now: datetime) -> None:
        with transaction.atomic():
            set_tenant_for_transaction(tenant.tenant_id)
            missing = Rule.objects.filter(state__isnull=True)
            if missing.exists():
                RuleState.objects.bulk_create([RuleState(rule=r) for r in missing], ignore_conflicts=True)
            due = (
                RuleState.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("rule", "rule__device", "rule__point")
                .filter(rule__enabled=True)
                .filter(
                    Q(phase__in=[Phase.PENDING, Phase.RESOLVING])
                    | Q(rule__kind=RuleKind.NO_DATA, phase__in=[Phase.OK, Phase.PENDING])
                )
            )
            for rs in due:
                rule = rs.rule
                if rule.kind == RuleKind.NO_DATA:
                    newest = latest_measure_ts(rule, after=rs.last_ts)
                    if newest is not None:
                        # O banco tem dado mais novo que o estado (ex.: Redis esteve fora): há dados.
                        rs.last_ts = newest
                        rs.save(update_fields=["last_ts", "updated_at"])
                        continue
                decision = engine.on_tick(spec_of(rule), state_of(rs), now)
                if apply_decision(rule, rs, decision, None):
                    rs.save()


def _log_if_slow(what: str, started: float, **extra: Any) -> None:
    elapsed = time.monotonic() - started
    if elapsed > SLOW_STEP_S:
        log.info(what, extra={"seconds": round(elapsed, 3), **extra})


_SAVE_STATES = f"""
UPDATE {RuleState._meta.db_table} AS s SET
    phase = v.phase, pending_since = v.pending_since, firing_since = v.firing_since,
    resolving_since = v.resolving_since, last_ts = v.last_ts, last_num = v.last_num, last_text = v.last_text,
    alert_id = v.alert_id, updated_at = now()
FROM unnest(%s::uuid[], %s::text[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[],
            %s::float8[], %s::text[], %s::uuid[])
    AS v(rule_id, phase, pending_since, firing_since, resolving_since, last_ts, last_num, last_text, alert_id)
WHERE s.rule_id = v.rule_id
"""


def save_states(states: list[RuleState]) -> None:
    """Um UPDATE para o lote inteiro (unnest de arrays): o `bulk_update` do Django monta um CASE por linha e
    por coluna e domina o custo com milhares de regras por lote (benchmark)."""
    columns = [[getattr(rs, f) for rs in states] for f in STATE_FIELDS[:-1]]
    with connection.cursor() as cursor:
        cursor.execute(_SAVE_STATES, [[rs.rule_id for rs in states], *columns])


def lock_hit_states(*, points: list[uuid.UUID], status_devices: list[uuid.UUID]) -> list[RuleState]:
    """Estados das regras ativas atingidas pelo lote, com a regra, travados em ordem de regra (sem deadlock entre
    avaliadores), numa query só; cria os estados que faltam.

    Dispositivo e ponto não vêm junto: só a mensagem de um alerta novo os usa (lidos então, um a um). Montar
    quatro objetos do ORM por regra em cada lote era o maior custo do avaliador (perfil do benchmark de latência).
    """
    if not points and not status_devices:
        return []
    # Os ids vão como dois arrays (= ANY): um IN com centenas de parâmetros custava mais para montar que a query.
    args: list[Any] = [[str(p) for p in points], str(RuleKind.OFFLINE), [str(d) for d in status_devices]]

    def locked() -> list[RuleState]:
        return list(
            RuleState.objects.select_for_update(of=("self",))
            .select_related("rule")
            # Só o que a máquina de estados usa; a mensagem (e o nome do dispositivo/ponto) só se lê ao abrir alerta.
            .defer("updated_at", "rule__message_template", "rule__updated_at", "rule__enabled")
            .extra(where=[f"{_RULE}.enabled AND ({_HIT})"], params=args)  # noqa: S610 — SQL fixo, valores por parâmetro
            .order_by("rule_id")
        )

    states = locked()
    with connection.cursor() as cursor:
        cursor.execute(_MISSING_STATES, args)
        missing = [row[0] for row in cursor.fetchall()]
    if missing:
        RuleState.objects.bulk_create([RuleState(rule_id=i) for i in missing], ignore_conflicts=True)
        states = locked()
    return states


_RULE = Rule._meta.db_table
_HIT = f"{_RULE}.point_id = ANY(%s::uuid[]) OR ({_RULE}.kind = %s AND {_RULE}.device_id = ANY(%s::uuid[]))"
_MISSING_STATES = f"""
SELECT {_RULE}.id FROM {_RULE}
LEFT JOIN {RuleState._meta.db_table} AS s ON s.rule_id = {_RULE}.id
WHERE s.rule_id IS NULL AND {_RULE}.enabled AND ({_HIT})
"""


def latest_measure_ts(rule: Rule, *, after: datetime | None) -> datetime | None:
    """Última medição do ponto no banco mais nova que `after` (pela view isolada do tenant)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(ts) FROM public.tenant_ts_measure WHERE device_id = %s AND point_id = %s"
            " AND (%s::timestamptz IS NULL OR ts > %s::timestamptz)",
            [rule.device_id, rule.point_id, after, after],
        )
        row = cursor.fetchone()
    return row[0] if row else None
