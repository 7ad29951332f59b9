"""Fixtures ponta a ponta das regras: ingest real (subprocesso) publicando nos streams de avaliação do Redis
de teste, avaliador real (`manage.py run_evaluator`, subprocesso, papel da API), broker real e banco real.

Como nos testes de comandos, nada roda dentro da transação de teste (o ingest e o avaliador só veem dados
commitados): usa-se o banco desbloqueado e dispositivos novos por teste.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connections

from apps.devices.services import DeviceSpec, create_device
from apps.rules.models import Rule
from apps.rules.services import update_rule
from apps.tenancy.connection import tenant_connection
from testsupport.ingest import IngestProcess
from testsupport.mqtt import Publisher, publisher_credentials  # noqa: F401
from testsupport.tenants import in_tenant

# Webhooks de teste falam com um receptor local (loopback) e com backoff curto. Definido na coleta,
# antes de qualquer worker Celery de teste subir (ele herda o ambiente), e no settings deste processo.
os.environ["TS_WEBHOOK_ALLOW_PRIVATE"] = "1"
os.environ["TS_WEBHOOK_BACKOFF_BASE_S"] = "0.2"
os.environ["TS_WEBHOOK_BACKOFF_MAX_S"] = "2"
os.environ["TS_WEBHOOK_MAX_ATTEMPTS"] = "3"

BACKEND = Path(__file__).resolve().parents[3]
HANG_GUARD_S = 120.0  # só contra travamento; nenhum teste afirma sobre duração


def wait_until(pred: Callable[[], Any], what: str, timeout: float = HANG_GUARD_S) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"condição não atingida: {what}")


@pytest.fixture(autouse=True)
def _webhook_settings(settings: Any) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.WEBHOOK_BACKOFF_BASE_S = 0.2
    settings.WEBHOOK_BACKOFF_MAX_S = 2.0
    settings.WEBHOOK_MAX_ATTEMPTS = 3


_catalog_seeded = False


@pytest.fixture
def live_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Banco sem transação de teste em volta: cada serviço commita de verdade."""
    global _catalog_seeded
    with django_db_blocker.unblock():
        connections.close_all()
        tenant_connection().set_schema_to_public()
        if not _catalog_seeded:
            call_command("seed_catalog", verbosity=0)
            _catalog_seeded = True
        yield
        tenant_connection().set_schema_to_public()


@pytest.fixture(scope="module")
def eval_prefix() -> str:
    """Streams próprios do módulo: nada de entradas de outros testes."""
    return f"test-eval-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def ingest(ingest_url: str, tmp_path_factory: pytest.TempPathFactory, eval_prefix: str) -> Iterator[IngestProcess]:
    proc = IngestProcess(
        ingest_url,
        tmp_path_factory.mktemp("ingest"),
        TS_INGEST_BATCH_MAX_AGE_S="0.01",
        TS_EVAL_STREAM_PREFIX=eval_prefix,
        TS_EVAL_PARTITIONS="2",
    ).start()
    yield proc
    proc.terminate()
    proc.drop_session()


class EvaluatorProcess:
    """Um `manage.py run_evaluator` real, com o papel da API e o Redis de teste."""

    def __init__(self, api_url: str, prefix: str, log_dir: Path, consumer: str) -> None:
        self.consumer = consumer
        self.env = {
            **os.environ,
            "DATABASE_URL": api_url,
            "TS_EVAL_STREAM_PREFIX": prefix,
            "TS_EVAL_PARTITIONS": "2",
            "TS_EVAL_SWEEP_SECONDS": "1",
            "PYTHONPATH": f"{BACKEND.parent}:{BACKEND}",
            "PYTHONUNBUFFERED": "1",
        }
        self.log_path = log_dir / f"evaluator-{consumer}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> EvaluatorProcess:
        # O log é acumulado entre execuções (e entre reinícios no mesmo teste): só vale o que vier depois daqui.
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.proc = proc = subprocess.Popen(
            [sys.executable, "manage.py", "run_evaluator", "--consumer", self.consumer],
            cwd=BACKEND,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        wait_until(
            lambda: b"avaliador iniciado" in self.log_path.read_bytes()[offset:] or proc.poll() is not None, "partida"
        )
        assert proc.poll() is None, self.log_path.read_text()[-3000:]
        return self

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def evaluators(api_url: str, eval_prefix: str) -> Iterator[Callable[[str], EvaluatorProcess]]:
    made: list[EvaluatorProcess] = []
    log_dir = BACKEND.parent / "var" / "test-evaluator"
    log_dir.mkdir(parents=True, exist_ok=True)

    def make(consumer: str = "eval-a") -> EvaluatorProcess:
        p = EvaluatorProcess(api_url, eval_prefix, log_dir, consumer)
        made.append(p)
        return p.start()

    yield make
    for p in made:
        p.stop()


@pytest.fixture
def publisher(publisher_credentials: Any) -> Iterator[Publisher]:  # noqa: F811
    p = Publisher(publisher_credentials)
    yield p
    p.close()


@dataclass
class Dev:
    tenant: str
    device_id: uuid.UUID
    topic_base: str
    points: dict[str, uuid.UUID] = field(default_factory=dict)

    def rule(self, point: str | None, kind: str) -> Rule:
        with in_tenant(self.tenant):
            qs = Rule.objects.filter(device_id=self.device_id, kind=kind)
            return qs.get(point__name=point) if point else qs.get(point__isnull=True)

    def set_rule(self, point: str | None, kind: str, **changes: Any) -> Rule:
        """Ajusta a regra copiada do template pela ação de serviço (a mesma da API)."""
        rule = self.rule(point, kind)
        with in_tenant(self.tenant):
            return update_rule(rule=rule, changes=changes)

    def disable_other_rules(self, keep: list[tuple[str | None, str]]) -> None:
        with in_tenant(self.tenant):
            for rule in Rule.objects.filter(device_id=self.device_id).select_related("point"):
                if (rule.point.name if rule.point else None, rule.kind) not in keep:
                    update_rule(rule=rule, changes={"enabled": False})


class Devices:
    def __init__(self, owner_url: str, publisher: Publisher, ingest: IngestProcess) -> None:
        self.owner_url = owner_url
        self.pub = publisher
        self.ingest = ingest

    def create(self, template: str = "chiller_v1", tenant: str = "alpha") -> Dev:
        """Cria pela ação de serviço da API e espera o ingest carregar a rota (NOTIFY) antes de publicar."""
        known = int(self.ingest.healthz().get("registry_devices", 0))
        dev = self._create(template, tenant)
        wait_until(
            lambda: int(self.ingest.healthz().get("registry_devices", 0)) > known, "ingest conhece o dispositivo"
        )
        return dev

    def _create(self, template: str, tenant: str) -> Dev:
        slug = f"r-{uuid.uuid4().hex[:8]}"
        with in_tenant(tenant) as t:
            result = create_device(
                tenant=t, spec=DeviceSpec(site_slug="planta-r", template_slug=template, slug=slug, name=slug)
            )
            points = {p.name: p.id for p in result.device.points.all()}
        return Dev(tenant, result.device.id, result.device.topic_base, points)

    def send_v1(self, dev: Dev, ts: datetime, **values: float | bool | str) -> None:
        kinds = {float: "float", int: "float", bool: "bool", str: "enum"}
        pts = [{"name": k, "t": kinds[type(v)], "v": float(v) if type(v) is int else v} for k, v in values.items()]
        self.pub.publish(f"{dev.topic_base}/telem", json.dumps({"schema": "v1", "ts": ts.isoformat(), "points": pts}))

    def send_parsec(self, dev: Dev, ts: datetime, *, di1: int, di2: int) -> None:
        doc = {"schema": "parsec_v1", "ts": ts.isoformat(), "di1": di1, "di2": di2, "seq": 1}
        self.pub.publish(f"{dev.topic_base}/telem", json.dumps(doc))

    def send_state(self, dev: Dev, ts: datetime, *, online: bool) -> None:
        self.pub.publish(f"{dev.topic_base}/state", json.dumps({"online": online, "ts": ts.isoformat()}))

    # --- leitura (papel dono, tabelas base) ---------------------------------------------------------

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.owner_url, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def alerts(self, rule: Rule) -> list[tuple[Any, ...]]:
        """(state, severity, peak_value, last_value, last_text, cleared_at) de todos os alertas da regra."""
        return self.query(
            "SELECT state, severity, peak_value, last_value, last_text, cleared_at, id FROM public.alert"
            " WHERE rule_id = %s ORDER BY started_at",
            rule.id,
        )

    def events(self, rule: Rule) -> list[str]:
        return [
            r[0]
            for r in self.query(
                "SELECT e.kind FROM public.alert_event e JOIN public.alert a ON a.id = e.alert_id"
                " WHERE a.rule_id = %s ORDER BY e.id",
                rule.id,
            )
        ]

    def state(self, dev: Dev, rule: Rule) -> tuple[Any, ...]:
        """(phase, last_ts) do estado persistido da regra, lido no schema do tenant."""
        schema = self.query("SELECT schema_name FROM public.tenancy_tenant WHERE slug = %s", dev.tenant)[0][0]
        rows = self.query(f'SELECT phase, last_ts FROM "{schema}".rules_rulestate WHERE rule_id = %s', rule.id)
        return rows[0] if rows else ("", None)

    def processed(self, dev: Dev, rule: Rule, ts: datetime) -> bool:
        last = self.state(dev, rule)[1]
        return last is not None and last >= ts


@pytest.fixture
def devices(live_db: None, owner_url: str, ingest: IngestProcess, publisher: Publisher) -> Devices:
    return Devices(owner_url, publisher, ingest)


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


__all__ = ["Dev", "Devices", "EvaluatorProcess", "contextlib", "now", "wait_until"]
