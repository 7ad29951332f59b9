"""Isolamento dos alertas com os papéis reais (ADR-001/ADR-005) e a garantia do banco de um alerta aberto
por (dispositivo, regra)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from psycopg import errors

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
_INSERT = (
    "INSERT INTO {rel} (id, tenant_id, device_id, rule_id, rule_kind, state, severity, message, started_at)"
    " VALUES (%s, %s, %s, %s, 'threshold', 'active_unack', 'major', 'm', %s)"
)


@pytest.fixture
def alerts(owner_url: str) -> Iterator[dict[str, uuid.UUID]]:
    """Um alerta aberto em cada tenant (gravados pelo dono, direto na tabela base)."""
    ids = {"a": uuid.uuid4(), "b": uuid.uuid4()}
    made = {}
    with psycopg.connect(owner_url) as conn:
        for key, tenant in ids.items():
            alert_id = uuid.uuid4()
            conn.execute(_INSERT.format(rel="public.alert"), [alert_id, tenant, uuid.uuid4(), uuid.uuid4(), T0])
            conn.execute(
                "INSERT INTO public.alert_event (tenant_id, alert_id, kind) VALUES (%s, %s, 'raised')",
                [tenant, alert_id],
            )
            made[f"alert_{key}"] = alert_id
    yield {**ids, **made}
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM public.alert WHERE tenant_id = ANY(%s)", [list(ids.values())])


def _count(conn: psycopg.Connection, relation: str, tenant: uuid.UUID | None, alert_ids: list[uuid.UUID]) -> int:
    column = "id" if relation.endswith("alert") else "alert_id"
    with conn.transaction():
        if tenant is not None:
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        row = conn.execute(f"SELECT count(*) FROM {relation} WHERE {column} = ANY(%s)", [alert_ids]).fetchone()
        assert row is not None
        return int(row[0])


@pytest.mark.parametrize("relation", ["public.tenant_alert", "public.tenant_alert_event"])
def test_api_role_sees_only_its_tenant(api_url: str, alerts: dict[str, uuid.UUID], relation: str) -> None:
    both = [alerts["alert_a"], alerts["alert_b"]]
    with psycopg.connect(api_url) as conn:
        assert _count(conn, relation, None, both) == 0
        assert _count(conn, relation, alerts["a"], both) == 1
        assert _count(conn, relation, alerts["b"], both) == 1
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(alerts["a"])])
            column = "id" if relation.endswith("alert") else "alert_id"
            row = conn.execute(f"SELECT {column} FROM {relation} WHERE {column} = ANY(%s)", [both]).fetchone()
            assert row is not None
            assert row[0] == alerts["alert_a"]


@pytest.mark.parametrize("table", ["public.alert", "public.alert_event"])
@pytest.mark.parametrize("role", ["api_url", "ingest_url"])
def test_service_roles_cannot_read_base_tables(table: str, role: str, request: pytest.FixtureRequest) -> None:
    with psycopg.connect(request.getfixturevalue(role)) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(f"SELECT count(*) FROM {table}")


def test_ingest_role_has_no_alert_access(ingest_url: str) -> None:
    with psycopg.connect(ingest_url) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM public.tenant_alert")


def test_api_role_cannot_write_other_tenant_or_update_it(api_url: str, alerts: dict[str, uuid.UUID]) -> None:
    with psycopg.connect(api_url) as conn:
        with pytest.raises(errors.WithCheckOptionViolation), conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(alerts["a"])])
            conn.execute(
                _INSERT.format(rel="public.tenant_alert"), [uuid.uuid4(), alerts["b"], uuid.uuid4(), uuid.uuid4(), T0]
            )
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(alerts["a"])])
            cur = conn.execute("UPDATE public.tenant_alert SET message = 'x' WHERE id = %s", [alerts["alert_b"]])
            assert cur.rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege), conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(alerts["a"])])
            conn.execute("DELETE FROM public.tenant_alert WHERE id = %s", [alerts["alert_a"]])


def test_database_allows_one_open_alert_per_device_rule(api_url: str) -> None:
    tenant, device, rule = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with psycopg.connect(api_url) as conn:
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
            conn.execute(_INSERT.format(rel="public.tenant_alert"), [uuid.uuid4(), tenant, device, rule, T0])
            # O caminho do avaliador: ON CONFLICT no índice parcial não abre um segundo.
            cur = conn.execute(
                _INSERT.format(rel="public.tenant_alert")
                + " ON CONFLICT (tenant_id, device_id, rule_id) WHERE cleared_at IS NULL DO NOTHING RETURNING id",
                [uuid.uuid4(), tenant, device, rule, T0],
            )
            assert cur.fetchone() is None
        with pytest.raises(errors.UniqueViolation), conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
            conn.execute(_INSERT.format(rel="public.tenant_alert"), [uuid.uuid4(), tenant, device, rule, T0])
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
            conn.execute(
                "UPDATE public.tenant_alert SET state = 'cleared_unack', cleared_at = now()"
                " WHERE device_id = %s AND rule_id = %s",
                [device, rule],
            )
            # Normalizado o anterior, a mesma regra pode abrir um novo.
            conn.execute(_INSERT.format(rel="public.tenant_alert"), [uuid.uuid4(), tenant, device, rule, T0])
            row = conn.execute("SELECT count(*) FROM public.tenant_alert WHERE rule_id = %s", [rule]).fetchone()
            assert row is not None
            assert row[0] == 2


def test_state_and_timestamps_cannot_contradict(api_url: str) -> None:
    tenant = uuid.uuid4()
    with psycopg.connect(api_url) as conn, pytest.raises(errors.CheckViolation), conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        conn.execute(
            "INSERT INTO public.tenant_alert (id, tenant_id, device_id, rule_id, rule_kind, state, severity, message,"
            " started_at) VALUES (%s, %s, %s, %s, 'state', 'cleared_unack', 'major', 'm', now())",
            [uuid.uuid4(), tenant, uuid.uuid4(), uuid.uuid4()],
        )
