"""Manutenção só pelo papel do worker, com o prazo da política no banco (issue 11).

Antes: o papel da API executava `ts_apply_retention(days)` com qualquer `days >= 1` — um processo da API
comprometido apagaria o histórico de todos os tenants. Agora a função não tem argumento (lê
`public.ts_policy`, gravada pelo dono a partir de TS_RETENTION_DAYS) e só `traksense_worker` a executa.
"""

from __future__ import annotations

import psycopg
import pytest
from django.conf import settings


@pytest.mark.parametrize("call", ["SELECT public.ts_apply_retention()", "SELECT public.ts_refresh_rollups()"])
def test_api_role_cannot_run_maintenance(api_url: str, call: str) -> None:
    with psycopg.connect(api_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(call)


@pytest.mark.parametrize("url_fixture", ["api_url", "worker_url", "ingest_url"])
def test_retention_period_is_not_a_caller_argument(request: pytest.FixtureRequest, url_fixture: str) -> None:
    url = request.getfixturevalue(url_fixture)
    with psycopg.connect(url) as conn, pytest.raises(psycopg.errors.UndefinedFunction):
        conn.execute("SELECT public.ts_apply_retention(1)")


def test_worker_runs_maintenance_with_the_configured_policy(worker_url: str, owner_url: str) -> None:
    with psycopg.connect(owner_url) as conn:
        assert conn.execute("SELECT retention_days FROM public.ts_policy").fetchall() == [(settings.TS_RETENTION_DAYS,)]
    with psycopg.connect(worker_url) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (settings.TS_DB_WORKER_ROLE,)
        conn.execute("SELECT public.ts_refresh_rollups()")
        conn.execute("SELECT public.ts_apply_retention()")
        conn.commit()
        # Nem o worker muda a política: ela é do dono (migrate_all).
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE public.ts_policy SET retention_days = 1")


def test_worker_inherits_the_api_grants(worker_url: str) -> None:
    """O worker concilia comandos e provisiona o broker: precisa dos mesmos GRANTs da API (papel membro)."""
    with psycopg.connect(worker_url) as conn:
        conn.execute("SELECT count(*) FROM public.tenant_cmd_ack").fetchone()
        conn.execute("SELECT count(*) FROM public.tenancy_tenant").fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT 1 FROM public.ts_measure LIMIT 1")
