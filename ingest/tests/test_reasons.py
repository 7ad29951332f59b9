"""`dlq.REASONS` é exatamente o conjunto de motivos que o código pode produzir.

Duas direções: (1) inspecionando o código (AST) — todo literal passado a `Rejected(...)` ou como motivo de
`DeadLetter(...)` no ingest e no caminho HTTP está em REASONS; (2) exercitando `validate` — cada motivo de
REASONS sai de uma entrada concreta (menos `db_rejected`, que só o banco produz: coberto pela inspeção).
"""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest

from ingest.adapters.parsec_v1 import Debouncer
from ingest.config import Limits
from ingest.dlq import REASONS
from ingest.pipeline import validate
from ingest.tests.factories import NOW, TENANT, snapshot, v1

REPO = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted(p for p in (REPO / "ingest").rglob("*.py") if "tests" not in p.parts),
    REPO / "backend/apps/timeseries/http_ingest.py",
]


# Motivos gravados pelo próprio banco (gatilhos em SQL): `INSERT INTO public.ingest_errors (..., reason, ...)
# VALUES (...)` com o motivo literal na posição da coluna `reason`.
SQL_SOURCES = sorted((REPO / "backend/apps").glob("*/sql/*.sql"))
_SQL_INSERT = re.compile(r"INSERT\s+INTO\s+public\.ingest_errors\s*\(([^)]*)\)\s*VALUES\s*\((.*?)\);", re.S | re.I)


def _reasons_in_sql() -> set[str]:
    found: set[str] = set()
    for path in SQL_SOURCES:
        for cols, values in _SQL_INSERT.findall(path.read_text()):
            names = [c.strip() for c in cols.split(",")]
            literals = re.findall(r"'([a-z_]+)'", values)
            if "reason" in names:
                found.update(lit for lit in literals if lit in REASONS or re.fullmatch(r"[a-z]+(_[a-z]+)+", lit))
    return found


def _reasons_in_code() -> set[str]:
    found: set[str] = _reasons_in_sql()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            arg: ast.expr | None = None
            if name == "Rejected" and node.args:
                arg = node.args[0]
            elif name == "DeadLetter":
                arg = (
                    node.args[2]
                    if len(node.args) > 2
                    else next((k.value for k in node.keywords if k.arg == "reason"), None)
                )
            elif (
                name == "setdefault"
                and node.args
                and isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", "") == "problems"
            ):
                # problems.setdefault("unknown_point", ...) no pipeline (um motivo por grupo de amostras)
                arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_every_reason_in_the_code_is_listed() -> None:
    in_code = _reasons_in_code()
    # A inspeção enxerga de fato os pontos de produção (senão o teste passaria vazio).
    assert {
        "oversize",
        "bad_topic",
        "unknown_point",
        "db_rejected",
        "tenant_mismatch",
        "ack_device_mismatch",
    } <= in_code
    assert in_code <= set(REASONS), in_code - set(REASONS)


TELEM = "traksense/acme/plant/chiller-1/telem"
FUTURE = (NOW + timedelta(days=1)).isoformat()

CASES: dict[str, tuple[str, bytes, dict[str, object]]] = {
    "oversize": (TELEM, b"x" * 300_000, {}),
    "bad_topic": ("traksense/acme/plant/telem", b"{}", {}),
    "malformed_json": (TELEM, b"{nope", {}),
    "non_finite": (
        TELEM,
        b'{"schema":"v1","ts":"2026-11-23T11:59:00Z","points":[{"name":"temp","t":"float","v":NaN}]}',
        {},
    ),
    "schema_violation": (TELEM, b'{"schema":"v9"}', {}),
    "unknown_tenant": ("traksense/nobody/plant/chiller-1/telem", b"{}", {}),
    "unknown_device": ("traksense/acme/plant/ghost/telem", b"{}", {}),
    "unknown_point": (TELEM, v1([{"name": "ghost", "t": "float", "v": 1.0}]), {}),
    "wrong_type": (TELEM, v1([{"name": "temp", "t": "bool", "v": True}]), {}),
    "bad_enum": (TELEM, v1([{"name": "mode", "t": "enum", "v": "TURBO"}]), {}),
    "ts_future": (TELEM, v1([{"name": "temp", "t": "float", "v": 1.0}], ts=FUTURE), {}),
    "ts_too_old": (TELEM, v1([{"name": "temp", "t": "float", "v": 1.0}], ts="2001-01-01T00:00:00Z"), {}),
    "tenant_mismatch": (TELEM, b"{}", {"tenant": "other"}),
    "unsupported_kind": (TELEM.replace("/telem", "/state"), b"online", {"kinds": frozenset({"telem"})}),
}


# `db_rejected` e `ack_device_mismatch` só o banco produz (cobertos pela inspeção acima e, o segundo, pelo
# teste ponta a ponta apps/commands/tests/test_ack_origin.py).
@pytest.mark.parametrize(
    "reason", sorted(set(REASONS) - {"db_rejected", "inactive_device", "ack_device_mismatch", "device_decommissioned"})
)
def test_each_listed_reason_is_produced_by_validate(reason: str) -> None:
    topic, payload, kw = CASES[reason]
    snap = snapshot()
    out = validate(topic, payload, snap.resolve, limits=Limits(), debouncer=Debouncer(0), now=NOW, **kw)
    assert [d.reason for d in out.dead] == [reason]


def test_inactive_device_is_produced_by_validate() -> None:
    snap = snapshot(active=False)
    out = validate(TELEM, v1([]), snap.resolve, limits=Limits(), debouncer=Debouncer(0), now=NOW)
    assert [(d.reason, d.tenant_id) for d in out.dead] == [("inactive_device", TENANT)]


def test_device_decommissioned_is_produced_by_validate() -> None:
    """Dispositivo desativado de vez (ciclo de vida, issue 17): a telemetria tardia tem motivo próprio."""
    snap = snapshot(active=False, decommissioned=True)
    out = validate(TELEM, v1([]), snap.resolve, limits=Limits(), debouncer=Debouncer(0), now=NOW)
    assert [(d.reason, d.tenant_id) for d in out.dead] == [("device_decommissioned", TENANT)]
