"""Carrega e aplica o SQL de telemetria conforme a edição do TimescaleDB (ADR-002).

O mesmo SQL é executado pelos testes da edição Community no PGlite (tests/community/), por isso os
arquivos ficam em `sql/` e os papéis entram por placeholders `{{api_role}}`/`{{ingest_role}}`.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

from django.conf import settings

SQL_DIR = Path(__file__).resolve().parent / "sql"


class Edition(enum.StrEnum):
    """Edição do TimescaleDB conforme `SHOW timescaledb.license`."""

    APACHE = "apache"
    COMMUNITY = "timescale"


def detect_edition(cursor: Any) -> Edition:
    """Lê a licença do servidor; qualquer valor desconhecido é erro (melhor falhar do que adivinhar)."""
    cursor.execute("SHOW timescaledb.license")
    value = cursor.fetchone()[0]
    try:
        return Edition(value)
    except ValueError as exc:
        raise RuntimeError(f"Licença do TimescaleDB desconhecida: {value!r}") from exc


def sql_files(edition: Edition) -> list[Path]:
    """Arquivos a aplicar, em ordem, para a edição dada."""
    suffix = "apache" if edition is Edition.APACHE else "community"
    return [
        SQL_DIR / "010_core.sql",
        SQL_DIR / f"020_{suffix}.sql",
        SQL_DIR / "030_views.sql",
        SQL_DIR / "040_device_streams.sql",
        SQL_DIR / "050_data_api.sql",
    ]


def render(path: Path) -> str:
    """Substitui os placeholders de papéis pelos nomes configurados (validados como identificadores)."""
    text = path.read_text(encoding="utf-8")
    for key, role in (
        ("api_role", settings.TS_DB_API_ROLE),
        ("ingest_role", settings.TS_DB_INGEST_ROLE),
        ("worker_role", settings.TS_DB_WORKER_ROLE),
    ):
        if not role.replace("_", "").isalnum():
            raise ValueError(f"Nome de papel inválido: {role!r}")
        text = text.replace("{{" + key + "}}", role)
    return text


def apply_schema(cursor: Any) -> Edition:
    """Aplica (ou reaplica, é idempotente) o SQL de telemetria para a edição do servidor."""
    edition = detect_edition(cursor)
    for path in sql_files(edition):
        cursor.execute(render(path))
    return edition


def apply_policy(cursor: Any) -> None:
    """Grava a política de retenção configurada (TS_RETENTION_DAYS) em `public.ts_policy`, com o papel dono.

    `ts_apply_retention()` lê o prazo daqui, nunca de quem a chama (issue 11). Roda a cada `migrate_all`.
    """
    days = int(settings.TS_RETENTION_DAYS)
    if days < 1:
        raise ValueError(f"TS_RETENTION_DAYS precisa ser >= 1 (recebido {days})")
    cursor.execute("UPDATE public.ts_policy SET retention_days = %s", [days])
