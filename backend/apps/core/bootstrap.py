"""Bootstrap do cluster (único passo que usa o superusuário): papéis, banco e extensão (ADR-001).

Papéis:
- dono (`traksense_owner`): dono do banco e de todos os objetos; só migrações e comandos de operação;
- API (`traksense_api`) e ingest (`traksense_ingest`): sem SUPERUSER/BYPASSRLS, sem privilégio na
  hypertable nem nos chunks; telemetria só pelas views isoladas por tenant;
- worker (`traksense_worker`, workers/beat do Celery): membro do papel da API (herda os mesmos GRANTs) e o
  único que executa as funções de manutenção (`ts_apply_retention()`, `ts_refresh_rollups()`): um processo
  da API comprometido não apaga histórico (issue 11).
Idempotente: reexecutar atualiza senhas e atributos sem apagar nada.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import psycopg
from psycopg import sql


@dataclass(frozen=True)
class RoleSpec:
    """Um papel de login e sua senha, lidos de uma URL de conexão."""

    name: str
    password: str


def role_from_url(url: str) -> RoleSpec:
    parts = urlsplit(url)
    if not parts.username or not parts.password:
        raise ValueError(f"URL sem usuário/senha: {parts.scheme}://{parts.hostname}/{parts.path}")
    return RoleSpec(unquote(parts.username), unquote(parts.password))


def db_name_from_url(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_database(url: str, db_name: str) -> str:
    """Mesma URL apontando para outro banco."""
    parts = urlsplit(url)
    return parts._replace(path="/" + db_name).geturl()


def worker_url_from_env(env: dict[str, str] | None = None) -> str:
    """URL do papel do worker: `WORKER_DATABASE_URL`, ou a de `DATABASE_URL` com o usuário
    `TS_DB_WORKER_ROLE` (padrão traksense_worker) e a senha `TS_DB_WORKER_PASSWORD`.

    A forma derivada existe porque o `.env` de cada instância tem portas próprias: uma URL nova copiada do
    `.env.example` apontaria para a porta de exemplo; a senha sozinha pode ser acrescentada com segurança.
    """
    source = os.environ if env is None else env
    explicit = source.get("WORKER_DATABASE_URL", "").strip()
    if explicit:
        return explicit
    password = source.get("TS_DB_WORKER_PASSWORD", "").strip()
    if not password:
        raise KeyError("Defina WORKER_DATABASE_URL ou TS_DB_WORKER_PASSWORD (papel do worker Celery).")
    role = source.get("TS_DB_WORKER_ROLE", "traksense_worker").strip() or "traksense_worker"
    parts = urlsplit(source["DATABASE_URL"])
    host = parts.hostname or "127.0.0.1"
    netloc = f"{quote(role, safe='')}:{quote(password, safe='')}@{host}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def ensure_role(cur: psycopg.Cursor, role: RoleSpec) -> None:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role.name])
    verb = "ALTER" if cur.fetchone() else "CREATE"
    cur.execute(
        sql.SQL(
            "{} ROLE {} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD {}"
        ).format(sql.SQL(verb), sql.Identifier(role.name), sql.Literal(role.password))
    )


def bootstrap_database(
    superuser_url: str,
    db_name: str,
    owner: RoleSpec,
    services: list[RoleSpec],
    *,
    memberships: list[tuple[str, str]] | None = None,
    recreate: bool = False,
) -> None:
    """Cria papéis, o banco (dono = owner) e a extensão timescaledb. `recreate` apaga o banco antes (testes).

    `memberships`: pares (membro, papel concedido), ex.: o worker herda os privilégios da API.
    """
    with psycopg.connect(superuser_url, autocommit=True) as conn, conn.cursor() as cur:
        for role in [owner, *services]:
            ensure_role(cur, role)
        for member, granted in memberships or []:
            cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(granted), sql.Identifier(member)))
        if recreate:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db_name)))
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name])
        if not cur.fetchone():
            cur.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(db_name), sql.Identifier(owner.name)
                )
            )
        cur.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(db_name)))
        for role in services:
            # TEMPORARY: o ingest faz COPY numa tabela temporária antes do INSERT pela view isolada.
            cur.execute(
                sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                    sql.Identifier(db_name), sql.Identifier(role.name)
                )
            )
    with psycopg.connect(with_database(superuser_url, db_name), autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS timescaledb")
        cur.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        cur.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner.name)))


def bootstrap_from_env(*, db_name: str | None = None, recreate: bool = False) -> str:
    """Bootstrap a partir das URLs do ambiente; devolve o nome do banco preparado."""
    owner_url = os.environ["DATABASE_OWNER_URL"]
    name = db_name or db_name_from_url(owner_url)
    api = role_from_url(os.environ["DATABASE_URL"])
    worker = role_from_url(worker_url_from_env())
    bootstrap_database(
        os.environ["DATABASE_SUPERUSER_URL"],
        name,
        role_from_url(owner_url),
        [api, role_from_url(os.environ["INGEST_DATABASE_URL"]), worker],
        memberships=[(worker.name, api.name)],
        recreate=recreate,
    )
    return name
