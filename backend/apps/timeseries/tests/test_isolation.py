"""Matriz de isolamento por tenant, executada com os papéis que os serviços realmente usam (ADR-001).

Os dados são gravados pelo papel dono (que é o único com acesso à hypertable) e lidos/escritos pelos
papéis da API e do ingest com conexões psycopg próprias, como os serviços fazem.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg import errors

SERVICE_ROLES = ["api_url", "ingest_url"]
T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _row(tenant: uuid.UUID, point: uuid.UUID, minute: int, value: float) -> tuple[object, ...]:
    return (tenant, uuid.uuid5(tenant, "device"), point, T0 + timedelta(minutes=minute), value)


@pytest.fixture
def two_tenants(owner_url: str) -> Iterator[dict[str, uuid.UUID]]:
    """Dois tenants com 3 e 5 linhas; identificadores novos a cada teste (sem interferência)."""
    ids = {"a": uuid.uuid4(), "b": uuid.uuid4()}
    points = {k: uuid.uuid4() for k in ids}
    rows = [_row(ids["a"], points["a"], m, 1.0 + m) for m in range(3)]
    rows += [_row(ids["b"], points["b"], m, 100.0 + m) for m in range(5)]
    with psycopg.connect(owner_url) as conn:
        conn.cursor().executemany(
            "INSERT INTO public.ts_measure (tenant_id, device_id, point_id, ts, v_num) VALUES (%s,%s,%s,%s,%s)",
            rows,
        )
        for tenant in ids.values():
            conn.execute(
                "INSERT INTO public.ingest_errors (tenant_id, topic, payload, reason) VALUES (%s, 't', 'x', 'r')",
                [tenant],
            )
    yield {**ids, "point_a": points["a"], "point_b": points["b"]}
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM public.ts_measure WHERE tenant_id = ANY(%s)", [list(ids.values())])
        conn.execute("DELETE FROM public.ingest_errors WHERE tenant_id = ANY(%s)", [list(ids.values())])


def _count(conn: psycopg.Connection, relation: str, tenant: uuid.UUID | None) -> int:
    with conn.transaction():
        if tenant is not None:
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant)])
        row = conn.execute(f"SELECT count(*) FROM {relation}").fetchone()
        assert row is not None
        return int(row[0])


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_service_roles_have_no_superuser_or_bypassrls(role: str, request: pytest.FixtureRequest) -> None:
    with psycopg.connect(request.getfixturevalue(role)) as conn:
        row = conn.execute(
            "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
    assert row == (False, False, False, False)


@pytest.mark.parametrize("role", SERVICE_ROLES)
@pytest.mark.parametrize(
    "relation",
    [
        "public.ts_measure",
        "public.ts_measure_1m",
        "public.ts_measure_5m",
        "public.ts_measure_15m",
        "public.ts_measure_1h",
        "public.ts_measure_1d",
        "public.ts_rollup_invalidation",
        "public.device_status",
        "public.device_event",
        "public.cmd_ack",
    ],
)
def test_base_relations_are_denied(role: str, relation: str, request: pytest.FixtureRequest) -> None:
    with psycopg.connect(request.getfixturevalue(role)) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(f"SELECT 1 FROM {relation} LIMIT 1")


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_chunks_cannot_be_read_directly(
    role: str, request: pytest.FixtureRequest, owner_url: str, two_tenants: dict[str, uuid.UUID]
) -> None:
    with psycopg.connect(owner_url) as conn:
        chunks = [r[0] for r in conn.execute("SELECT show_chunks('public.ts_measure')::text").fetchall()]
    assert chunks, "o fixture deveria ter criado ao menos um chunk"
    with psycopg.connect(request.getfixturevalue(role), autocommit=True) as conn:
        for chunk in chunks:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f"SELECT count(*) FROM {chunk}")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(
                    f"INSERT INTO {chunk} (tenant_id, device_id, point_id, ts) VALUES "
                    "(gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now())"
                )


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_no_tenant_set_sees_nothing(
    role: str, request: pytest.FixtureRequest, two_tenants: dict[str, uuid.UUID]
) -> None:
    with psycopg.connect(request.getfixturevalue(role)) as conn:
        assert _count(conn, "public.tenant_ts_measure", None) == 0
        # Depois que a conexão tocou a variável, current_setting devolve '' (FACTS §2): continua 0.
        _count(conn, "public.tenant_ts_measure", two_tenants["a"])
        assert _count(conn, "public.tenant_ts_measure", None) == 0


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_each_tenant_sees_only_its_rows(
    role: str, request: pytest.FixtureRequest, two_tenants: dict[str, uuid.UUID]
) -> None:
    with psycopg.connect(request.getfixturevalue(role)) as conn:
        assert _count(conn, "public.tenant_ts_measure", two_tenants["a"]) == 3
        assert _count(conn, "public.tenant_ts_measure", two_tenants["b"]) == 5
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(two_tenants["a"])])
            # Filtrar explicitamente pelo outro tenant não fura a barreira.
            row = conn.execute(
                "SELECT count(*) FROM public.tenant_ts_measure WHERE tenant_id = %s", [two_tenants["b"]]
            ).fetchone()
            assert row == (0,)


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_tenant_setting_does_not_leak_past_the_transaction(
    role: str, request: pytest.FixtureRequest, two_tenants: dict[str, uuid.UUID]
) -> None:
    with psycopg.connect(request.getfixturevalue(role)) as conn:
        with conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(two_tenants["a"])])
        # Mesma conexão (como num pool), transação seguinte: nada visível.
        assert _count(conn, "public.tenant_ts_measure", None) == 0


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_writing_another_tenants_row_is_rejected(
    role: str, request: pytest.FixtureRequest, two_tenants: dict[str, uuid.UUID]
) -> None:
    with psycopg.connect(request.getfixturevalue(role)) as conn:
        with pytest.raises(errors.WithCheckOptionViolation), conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(two_tenants["a"])])
            conn.execute(
                "INSERT INTO public.tenant_ts_measure (tenant_id, device_id, point_id, ts, v_num) "
                "VALUES (%s, gen_random_uuid(), gen_random_uuid(), now(), 1)",
                [two_tenants["b"]],
            )
        with pytest.raises(errors.WithCheckOptionViolation), conn.transaction():
            # Sem tenant definido, nenhuma escrita passa.
            conn.execute(
                "INSERT INTO public.tenant_ts_measure (tenant_id, device_id, point_id, ts, v_num) "
                "VALUES (%s, gen_random_uuid(), gen_random_uuid(), now(), 1)",
                [two_tenants["a"]],
            )
    assert _count_as_owner(request, two_tenants["b"]) == 5


def _count_as_owner(request: pytest.FixtureRequest, tenant: uuid.UUID) -> int:
    with psycopg.connect(request.getfixturevalue("owner_url")) as conn:
        row = conn.execute("SELECT count(*) FROM public.ts_measure WHERE tenant_id = %s", [tenant]).fetchone()
        assert row is not None
        return int(row[0])


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_own_writes_are_deduplicated(
    role: str, request: pytest.FixtureRequest, two_tenants: dict[str, uuid.UUID]
) -> None:
    """A chave única faz da reentrega um no-op, pelo caminho isolado."""
    a = two_tenants["a"]
    with psycopg.connect(request.getfixturevalue(role)) as conn:
        for _ in range(2):
            with conn.transaction():
                conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(a)])
                conn.execute(
                    "INSERT INTO public.tenant_ts_measure (tenant_id, device_id, point_id, ts, v_num) "
                    "VALUES (%s, %s, %s, %s, 42) ON CONFLICT DO NOTHING",
                    [a, uuid.uuid5(a, "device"), two_tenants["point_a"], T0 + timedelta(minutes=50)],
                )
    assert _count_as_owner(request, a) == 4


def test_api_reads_only_its_dead_letters(api_url: str, two_tenants: dict[str, uuid.UUID]) -> None:
    with psycopg.connect(api_url) as conn:
        assert _count(conn, "public.tenant_ingest_errors", None) == 0
        assert _count(conn, "public.tenant_ingest_errors", two_tenants["a"]) == 1
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT 1 FROM public.ingest_errors")


def test_ingest_writes_but_never_reads_dead_letters(ingest_url: str, owner_url: str) -> None:
    marker = f"isolation-{uuid.uuid4()}"
    with psycopg.connect(ingest_url) as conn:
        conn.execute(
            "INSERT INTO public.ingest_errors (topic, payload, reason) VALUES (%s, %s, 'malformed_json')",
            [marker, b"\xff{"],
        )
        conn.commit()
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT 1 FROM public.ingest_errors")
    with psycopg.connect(owner_url) as conn:
        row = conn.execute("SELECT payload FROM public.ingest_errors WHERE topic = %s", [marker]).fetchone()
        assert row == (b"\xff{",)
        conn.execute("DELETE FROM public.ingest_errors WHERE topic = %s", [marker])


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_service_roles_cannot_change_the_schema(role: str, request: pytest.FixtureRequest) -> None:
    with psycopg.connect(request.getfixturevalue(role)) as conn:
        with pytest.raises(errors.InsufficientPrivilege), conn.transaction():
            conn.execute("CREATE TABLE public.sneaky (x int)")
        with pytest.raises(errors.InsufficientPrivilege), conn.transaction():
            conn.execute("DROP VIEW public.tenant_ts_measure")
        with pytest.raises(errors.InsufficientPrivilege), conn.transaction():
            conn.execute("SELECT public.ts_recompute_rollups(gen_random_uuid(), now(), now())")


def test_device_streams_are_isolated(ingest_url: str, api_url: str, owner_url: str) -> None:
    """Status, eventos e ACKs gravados pelo ingest num tenant não aparecem para outro nem sem tenant."""
    a, b, device = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with psycopg.connect(ingest_url) as conn, conn.transaction():
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(a)])
        conn.execute(
            "INSERT INTO public.tenant_device_status (tenant_id, device_id, online, last_seen) "
            "VALUES (%s,%s,true,now())",
            [a, device],
        )
        conn.execute(
            "INSERT INTO public.tenant_device_event (tenant_id, device_id, ts, kind, code, payload) "
            "VALUES (%s, %s, now(), 'alarm', 'fault', '{}')",
            [a, device],
        )
        conn.execute(
            "INSERT INTO public.tenant_cmd_ack (tenant_id, device_id, cmd_id, ok, payload) "
            "VALUES (%s,%s,'c1',true,'{}')",
            [a, device],
        )
    try:
        with psycopg.connect(api_url) as conn:
            for view in ("public.tenant_device_status", "public.tenant_device_event", "public.tenant_cmd_ack"):
                assert _count(conn, view, a) == 1
                assert _count(conn, view, b) == 0
                assert _count(conn, view, None) == 0
            with pytest.raises(errors.InsufficientPrivilege), conn.transaction():
                conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(a)])
                conn.execute("UPDATE public.tenant_device_status SET online = false")
    finally:
        with psycopg.connect(owner_url) as conn:
            for table in ("device_status", "device_event", "cmd_ack"):
                conn.execute(f"DELETE FROM public.{table} WHERE tenant_id = %s", [a])
