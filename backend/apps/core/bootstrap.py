"""Bootstrap do cluster (único passo que usa o superusuário): papéis, banco e extensão (ADR-001).

Papéis:
- dono (`traksense_owner`): dono do banco e de todos os objetos; só migrações e comandos de operação;
- API (`traksense_api`) e ingest (`traksense_ingest`): sem SUPERUSER/BYPASSRLS, sem privilégio na
  hypertable nem nos chunks; telemetria só pelas views isoladas por tenant.
Idempotente: reexecutar atualiza senhas e atributos sem apagar nada.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

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
    recreate: bool = False,
) -> None:
    """Cria papéis, o banco (dono = owner) e a extensão timescaledb. `recreate` apaga o banco antes (testes)."""
    with psycopg.connect(superuser_url, autocommit=True) as conn, conn.cursor() as cur:
        for role in [owner, *services]:
            ensure_role(cur, role)
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
    bootstrap_database(
        os.environ["DATABASE_SUPERUSER_URL"],
        name,
        role_from_url(owner_url),
        [role_from_url(os.environ["DATABASE_URL"]), role_from_url(os.environ["INGEST_DATABASE_URL"])],
        recreate=recreate,
    )
    return name
