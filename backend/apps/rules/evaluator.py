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

import functools
import logging
import operator
import re
import socket
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import orjson
import redis
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from apps.core.db import set_tenant_for_transaction
from apps.rules import engine
from apps.rules.choices import Phase, RuleKind
from apps.rules.models import Rule, RuleState
from apps.rules.services import apply_decision, run_action, spec_of, state_of, stored_text
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant

log = logging.getLogger("rules.evaluator")

# Resposta do XREADGROUP: [(stream, [(id, {campo: valor})])]; o redis-py anota só `ResponseT` (Awaitable | Any).
XReadReply = list[tuple[Any, list[tuple[Any, Any]]]]

CLAIM_IDLE_MS = 60_000
# Passos mais lentos que isto vão para o log: enquanto duram, nenhum valor novo é avaliado (benchmark de latência).
SLOW_STEP_S = 0.25
TRANSIENT = (OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError)


def sample_from_point(item: list[Any]) -> tuple[str, engine.Sample] | None:
    """[point_id, ts, v_num, v_bool, v_text] → (point_id em texto, amostra normalizada: bool vira 'true'/'false'
    e 1/0). O ponto fica em texto: é a chave que a query das regras devolve (`point_id::text`)."""
    point_id, ts_raw, num, flag, text = item
    ts = _parse_ts(ts_raw)
    if ts is None:
        return None
    key = _canonical_uuid(point_id)
    if flag is not None:
        return key, engine.Sample(ts, 1.0 if flag else 0.0, "true" if flag else "false")
    if text is not None:
        return key, engine.Sample(ts, None, str(text))
    return key, engine.Sample(ts, None if num is None else float(num), None)


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _canonical_uuid(raw: Any) -> str:
    """UUID na forma de `uuid::text` (minúsculas, com hífens). O ingest já publica assim: o atalho evita montar
    um `uuid.UUID` por valor; qualquer outra forma é normalizada (ou levanta ValueError)."""
    if isinstance(raw, str):
        return _canonical_uuid_text(raw)
    return str(uuid.UUID(str(raw)))


@functools.lru_cache(maxsize=1 << 16)
def _canonical_uuid_text(raw: str) -> str:
    # Os mesmos pontos voltam a cada mensagem: o cache troca a regex por uma consulta de dicionário
    # (erros não entram no cache: a exceção sobe de novo na próxima vez).
    if _CANONICAL_UUID.fullmatch(raw):
        return raw
    return str(uuid.UUID(raw))


def sample_from_status(item: list[Any]) -> engine.Sample | None:
    online, ts_raw = item
    ts = _parse_ts(ts_raw)
    return None if ts is None else engine.Sample(ts, None, "online" if online else "offline")


def _parse_ts(raw: Any) -> datetime | None:
    """ISO 8601 com fuso (o ingest publica `isoformat()`); sem fuso ou ilegível → None (entrada ignorada)."""
    try:
        ts = datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        return None
    return ts if ts.tzinfo is not None else None


@dataclass(slots=True)
class Hit:
    """Uma regra atingida pelo lote com o seu estado travado, sem o ORM (o caminho quente do avaliador).

    `rule()` carrega a `Rule` do ORM (com dispositivo e ponto) só quando um alerta abre, normaliza ou é
    atualizado."""

    rule_id: str
    key: str  # point_id (ou device_id, na regra offline) em texto: a chave das amostras
    spec: engine.Spec
    state: engine.State
    alert_id: uuid.UUID | None
    loaded: engine.State  # o estado como foi lido (save_hits grava só o que mudou)
    loaded_alert_id: uuid.UUID | None

    def rule(self) -> Rule:
        return Rule.objects.select_related("device", "point").get(id=self.rule_id)


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
        batch: int | None = None,
    ) -> None:
        self.redis = client
        self.prefix = prefix or settings.EVAL_STREAM_PREFIX
        self.streams = [f"{self.prefix}:{i}" for i in range(partitions or settings.EVAL_PARTITIONS)]
        self.group = group or settings.EVAL_GROUP
        self.consumer = consumer or f"{socket.gethostname()}-evaluator"
        self.sweep_s = min(sweep_s or settings.EVAL_SWEEP_SECONDS, 10.0)
        self.batch = batch or settings.EVAL_BATCH
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
                    docs.append(orjson.loads(fields.get(b"e") or fields.get("e")))
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
        by_point: dict[str, list[engine.Sample]] = defaultdict(list)
        statuses: dict[str, list[engine.Sample]] = defaultdict(list)
        devices: set[str] = set()
        for doc in docs:
            device_id = _canonical_uuid(doc["d"])  # comparada com `device_id::text`
            for item in doc.get("p", []):
                parsed = sample_from_point(item)
                if parsed is not None:
                    by_point[parsed[0]].append(parsed[1])
                    devices.add(device_id)
            for item in doc.get("s", []):
                sample = sample_from_status(item)
                if sample is not None:
                    statuses[device_id].append(sample)
        tenant_connection().set_tenant(tenant)
        try:
            with transaction.atomic():
                set_tenant_for_transaction(tenant.tenant_id)
                hits = lock_hits(devices=list(devices | statuses.keys()), status_devices=list(statuses))
                changed = []
                for hit in hits:
                    # Regras do dispositivo cujo ponto não veio neste lote ficam como estão.
                    samples = (statuses if hit.spec.kind == RuleKind.OFFLINE else by_point).get(hit.key)
                    if samples and self._apply_samples(hit, samples):
                        changed.append(hit)
                if changed:
                    save_hits(changed)
        finally:
            tenant_connection().set_schema_to_public()

    @staticmethod
    def _apply_samples(hit: Hit, samples: list[engine.Sample]) -> bool:
        """Passa os valores (em ordem de ts) pela máquina de estados; devolve se o estado precisa ser gravado."""
        before = hit.state
        ordered = sorted(samples, key=_by_ts) if len(samples) > 1 else samples
        hit.state, acted = engine.on_samples(hit.spec, hit.state, ordered)
        for decision, sample in acted:  # em ordem: um FIRE e um CLEAR no mesmo lote usam o alerta que o FIRE abriu
            hit.alert_id = run_action(hit.rule, hit.alert_id, decision, sample)
        return bool(acted) or hit.state != before

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


_RULE = Rule._meta.db_table
_STATE = RuleState._meta.db_table
# Linhas travadas em ordem de regra (sem deadlock entre avaliadores), procuradas pelos dispositivos do lote (a
# regra offline só quando veio conectividade). Ids em literais de array ('{a,b}'): o cursor do Django interpola os
# parâmetros no cliente e o dumper de listas do psycopg é Python puro. UUIDs e instantes saem em texto: os
# loaders em C do psycopg os leem, e não os do Django/uuid (Python puro, mais caros que a query no perfil).
# Antes as linhas saíam num `json_agg`: montar o JSON custava ao PostgreSQL mais que a própria leitura travada
# (120 ms contra 54 ms por 10 mil regras, medido na base do benchmark de regras).
_LOCK_HITS = f"""
SELECT r.id::text, (CASE WHEN r.kind = %s THEN r.device_id ELSE r.point_id END)::text,
       r.kind, r.operator, r.low, r.high, r.clear_hysteresis, r.state_value, r.no_data_s, r.for_s,
       r.keep_firing_for_s,
       s.phase, s.pending_since::text, s.firing_since::text, s.resolving_since::text, s.last_ts::text,
       s.last_num, s.last_text, s.alert_id::text
FROM {_RULE} AS r JOIN {_STATE} AS s ON s.rule_id = r.id
WHERE r.enabled AND r.device_id = ANY(%s::uuid[]) AND (r.kind <> %s OR r.device_id = ANY(%s::uuid[]))
ORDER BY r.id
FOR UPDATE OF s
"""
# Estados que mudaram de fase, de prazo ou de alerta (raros): um documento JSON com todas as colunas.
_SAVE_HITS = f"""
UPDATE {_STATE} AS s SET
    phase = v.phase, pending_since = v.pending_since, firing_since = v.firing_since,
    resolving_since = v.resolving_since, last_ts = v.last_ts, last_num = v.last_num, last_text = v.last_text,
    alert_id = v.alert_id, updated_at = now()
FROM json_to_recordset(%s::json) AS v(
    rule_id uuid, phase text, pending_since timestamptz, firing_since timestamptz, resolving_since timestamptz,
    last_ts timestamptz, last_num float8, last_text text, alert_id uuid
)
WHERE s.rule_id = v.rule_id
"""
# O caso comum (só o último valor andou): quatro arrays. Ler o JSON de 9 colunas custava ~2× mais ao PostgreSQL
# (132 ms contra 70 ms por 10 mil estados, mesma medição).
_SAVE_SEEN = f"""
UPDATE {_STATE} AS s SET last_ts = v.last_ts, last_num = v.last_num, last_text = v.last_text, updated_at = now()
FROM unnest(%s::uuid[], %s::timestamptz[], %s::float8[], %s::text[]) AS v(rule_id, last_ts, last_num, last_text)
WHERE s.rule_id = v.rule_id
"""


def lock_hits(*, devices: list[str], status_devices: list[str]) -> list[Hit]:
    """Regras ativas dos dispositivos do lote com o estado, travadas em ordem de regra, numa query só e sem o
    ORM. `devices`: os que trouxeram valores ou conectividade; `status_devices`: os que trouxeram conectividade
    (só eles travam a regra offline). UUIDs canônicos em texto (`_canonical_uuid`).

    Montar objetos do ORM (regra e estado, com conversão de cada coluna) por regra em cada lote era o maior
    custo do avaliador (perfil do benchmark de regras): aqui cada linha vira uma `Spec` e um `State`. Toda regra
    nasce com o estado (`services.save_rules`/`create_rule`, na mesma transação); uma que ainda assim esteja sem
    ganha o estado na próxima varredura (≤ 10 s) — procurar as que faltam a cada lote custava uma query a mais.
    """
    if not devices:
        return []
    offline = str(RuleKind.OFFLINE)
    with connection.cursor() as cursor:
        # Os instantes saem em texto no formato do DateStyle da sessão: ISO fixo nesta transação.
        cursor.execute("SET LOCAL datestyle = 'ISO, YMD'")
        cursor.execute(_LOCK_HITS, [offline, _uuid_array(devices), offline, _uuid_array(status_devices)])
        rows = cursor.fetchall()
    return [_hit_from_row(row) for row in rows]


def _uuid_array(ids: list[str]) -> str:
    return "{" + ",".join(ids) + "}"


def _hit_from_row(row: tuple[Any, ...]) -> Hit:
    phase, pending, firing, resolving, last_ts, last_num, last_text, alert_id = row[11:]
    # Texto de timestamptz em ISO ('2026-12-07 17:13:11.721+00'): o fromisoformat lê (com o fuso).
    state = engine.State(
        phase,
        None if pending is None else _iso(pending),
        None if firing is None else _iso(firing),
        None if resolving is None else _iso(resolving),
        None if last_ts is None else _iso(last_ts),
        last_num,
        last_text,
    )
    alert = None if alert_id is None else uuid.UUID(alert_id)
    return Hit(
        rule_id=row[0],
        key=row[1],
        # row[2:11] segue a ordem dos campos de `engine.Spec` (kind ... keep_firing_for_s), como a query os lista.
        spec=engine.Spec(*row[2:11]),
        state=state,
        alert_id=alert,
        loaded=state,
        loaded_alert_id=alert,
    )


_iso = datetime.fromisoformat
_by_ts = operator.attrgetter("ts")


def save_hits(hits: list[Hit]) -> None:
    """Grava os estados do lote: no máximo dois UPDATEs, nunca um por regra (o `bulk_update` do Django monta um
    CASE por linha e por coluna e dominava o custo com milhares de regras por lote — benchmark)."""
    moved: list[Hit] = []
    seen: list[Hit] = []
    for h in hits:
        # state[:4] = fase, pending_since, firing_since, resolving_since (a ordem de `engine.State`).
        same = h.alert_id == h.loaded_alert_id and h.state[:4] == h.loaded[:4]
        (seen if same else moved).append(h)
    with connection.cursor() as cursor:
        if moved:
            rows = [
                {
                    "rule_id": h.rule_id,
                    "phase": h.state.phase,
                    "pending_since": h.state.pending_since,
                    "firing_since": h.state.firing_since,
                    "resolving_since": h.state.resolving_since,
                    "last_ts": h.state.last_ts,
                    "last_num": h.state.last_num,
                    "last_text": stored_text(h.state.last_text),
                    "alert_id": h.alert_id,
                }
                for h in moved
            ]
            cursor.execute(_SAVE_HITS, [orjson.dumps(rows).decode()])
        if seen:
            texts: dict[datetime, str] = {}
            cursor.execute(
                _SAVE_SEEN,
                [
                    _uuid_array([h.rule_id for h in seen]),
                    "{" + ",".join(_iso_text(h.state.last_ts, texts) for h in seen) + "}",
                    "{" + ",".join("NULL" if h.state.last_num is None else repr(h.state.last_num) for h in seen) + "}",
                    "{" + ",".join(_array_text(stored_text(h.state.last_text)) for h in seen) + "}",
                ],
            )


def _iso_text(ts: datetime | None, cache: dict[datetime, str]) -> str:
    """Instante para o literal de array; as regras de um dispositivo compartilham o ts da mensagem (cache)."""
    if ts is None:
        return "NULL"
    text = cache.get(ts)
    if text is None:
        text = cache[ts] = ts.isoformat()
    return text


def _array_text(value: str | None) -> str:
    """Elemento de um literal de array text[]: NULL sem aspas; o resto entre aspas, com \\ e \" escapados."""
    if value is None:
        return "NULL"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
