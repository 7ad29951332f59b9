"""As consultas de autenticação/autorização do `emqx.conf`, rodadas como o EMQX as roda, no PostgreSQL real.

O EMQX não roda aqui; o que ele faz com a consulta está no código dele (v5.8.6,
apps/emqx_auth/src/emqx_auth_utils.erl `parse_sql(Template, '$n', ...)`): cada `${marcador}` vira um
parâmetro posicional `$1`, `$2`, ... na ordem em que aparece, numa consulta preparada, com o papel
`traksense_emqx` criado por `infra/emqx/authz.sql`. A senha é conferida com pbkdf2-sha512 sobre o hash e
o sal devolvidos (apps.broker.hashing, o mesmo formato do emqx.conf). Tudo aqui usa o banco de teste real,
o papel real do EMQX e as funções de serviço de produção (credencial de dispositivo e contas de serviço).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from pyhocon import ConfigFactory

from apps.broker.hashing import PasswordRecord, verify_password
from apps.broker.models import MqttCredential
from apps.broker.services import create_device_credential, revoke_credential
from apps.core.bootstrap import with_database

REPO = Path(__file__).resolve().parents[2]
CONF = ConfigFactory.parse_file(str(REPO / "infra" / "emqx" / "emqx.conf"), resolve=False)
AUTHN_QUERY: str = CONF["authentication"][0]["query"]
AUTHZ_QUERY: str = CONF["authorization"]["sources"][0]["query"]
EMQX_DB_PASSWORD = "senha-do-papel-emqx-de-teste"
INGEST_PASSWORD = "senha-ingest-de-teste-0123456789"
API_PASSWORD = "senha-api-de-teste-0123456789"


def emqx_prepare(query: str) -> tuple[str, list[str]]:
    """Como o EMQX: cada `${x}` vira um parâmetro posicional, na ordem de aparição. Aqui o marcador é `%s`,
    que o psycopg envia ao servidor como `$n` (mesma consulta parametrizada); devolve SQL e nomes."""
    assert "%" not in query, "a consulta do emqx.conf não pode ter % literal (o teste trocaria o sentido)"
    names: list[str] = []

    def repl(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return "%s"

    return re.sub(r"\$\{([a-z_]+)\}", repl, query), names


@pytest.fixture(scope="module")
def emqx_url(django_db_setup: None, test_db_name: str) -> str:
    """Aplica infra/emqx/authz.sql como superusuário no banco de teste, com o mesmo comando psql do passo
    `emqx-role` do Compose, e devolve a URL do papel do EMQX."""
    superuser = with_database(os.environ["DATABASE_SUPERUSER_URL"], test_db_name)
    authz = REPO / "infra" / "emqx" / "authz.sql"
    if shutil.which("psql"):
        subprocess.run(
            ["psql", superuser, "-v", "ON_ERROR_STOP=1", "-v", f"emqx_password={EMQX_DB_PASSWORD}", "-f", str(authz)],
            check=True,
            capture_output=True,
        )
    else:  # sem cliente psql: faz o que o psql faz com `:'emqx_password'` (valor como literal)
        sql = authz.read_text(encoding="utf-8")
        assert ":'emqx_password'" in sql
        with psycopg.connect(superuser, autocommit=True) as conn:
            conn.execute(sql.replace(":'emqx_password'", f"'{EMQX_DB_PASSWORD}'"))  # type: ignore[call-overload]
    return re.sub(r"//[^@]+@", f"//traksense_emqx:{EMQX_DB_PASSWORD}@", superuser)


class Emqx:
    """O que o EMQX faz no CONNECT e no SUBSCRIBE/PUBLISH, com as consultas do emqx.conf."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True, prepare_threshold=0)

    def authenticate(self, username: str, clientid: str, password: str) -> bool:
        sql, names = emqx_prepare(AUTHN_QUERY)
        values = {"username": username, "clientid": clientid}
        row = self.conn.execute(sql, [values[n] for n in names]).fetchone()  # type: ignore[arg-type]
        if row is None:
            return False
        password_hash, salt, _is_superuser = row
        return verify_password(password, PasswordRecord(password_hash, salt, 4096))

    def acl(self, username: str) -> set[tuple[str, str, str]]:
        sql, names = emqx_prepare(AUTHZ_QUERY)
        rows = self.conn.execute(sql, [username for _ in names]).fetchall()  # type: ignore[arg-type]
        return {(p, a, t) for p, a, t in rows}


@pytest.fixture
def emqx(emqx_url: str) -> Iterator[Emqx]:
    broker = Emqx(emqx_url)
    yield broker
    broker.conn.close()


@pytest.fixture
def committed(django_db_blocker: Any) -> Iterator[None]:
    """Sem a transação do teste: o papel do EMQX (outra conexão) só enxerga o que foi commitado.
    Apaga no fim as credenciais que o teste criou (a ACL vai junto, CASCADE)."""
    with django_db_blocker.unblock():
        before = set(MqttCredential.objects.values_list("pk", flat=True))
        yield
        MqttCredential.objects.exclude(pk__in=before).delete()


@pytest.fixture
def service_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TS_MQTT_INGEST_USER", "traksense-ingest")
    monkeypatch.setenv("TS_MQTT_INGEST_PASSWORD", INGEST_PASSWORD)
    monkeypatch.setenv("TS_MQTT_API_USER", "traksense-api")
    monkeypatch.setenv("TS_MQTT_API_PASSWORD", API_PASSWORD)


def test_service_accounts_log_in_with_replica_client_ids(emqx: Emqx, committed: None, service_env: None) -> None:
    out = StringIO()
    call_command("ensure_service_accounts", stdout=out)
    assert "traksense-ingest: created" in out.getvalue()
    # Duas réplicas do ingest, client ids estáveis e distintos (infra/docker-compose.yml).
    assert emqx.authenticate("traksense-ingest", "traksense-ingest-1", INGEST_PASSWORD)
    assert emqx.authenticate("traksense-ingest", "traksense-ingest-2", INGEST_PASSWORD)
    assert emqx.authenticate("traksense-api", "traksense-api-4242-abc123", API_PASSWORD)
    # Senha errada, client id de outro serviço ou sem sufixo: recusado.
    assert not emqx.authenticate("traksense-ingest", "traksense-ingest-1", API_PASSWORD)
    assert not emqx.authenticate("traksense-ingest", "traksense-api-1", INGEST_PASSWORD)
    assert not emqx.authenticate("traksense-ingest", "outro-cliente", INGEST_PASSWORD)
    assert emqx.acl("traksense-ingest") == {
        ("allow", "subscribe", "traksense/#"),
        # ADR-004: o contador $SYS de descartes por fila cheia, lido pelo ingest.
        ("allow", "subscribe", "$SYS/brokers/+/metrics/delivery/dropped/queue_full"),
    }
    assert emqx.acl("traksense-api") == {
        ("allow", "publish", "traksense/+/+/+/cmd"),
        ("allow", "subscribe", "traksense/+/+/+/ack"),
    }

    # Reexecutar não muda nada; trocar a senha no ambiente troca o hash (a antiga deixa de valer).
    out = StringIO()
    call_command("ensure_service_accounts", stdout=out)
    assert "traksense-ingest: unchanged" in out.getvalue()
    os.environ["TS_MQTT_INGEST_PASSWORD"] = INGEST_PASSWORD + "-nova"
    call_command("ensure_service_accounts", stdout=StringIO())
    assert emqx.authenticate("traksense-ingest", "traksense-ingest-1", INGEST_PASSWORD + "-nova")
    assert not emqx.authenticate("traksense-ingest", "traksense-ingest-1", INGEST_PASSWORD)


def test_device_client_id_stays_pinned_to_its_username(emqx: Emqx, committed: None) -> None:
    suffix = uuid.uuid4().hex[:8]
    credential, password = create_device_credential(
        tenant_id=uuid.uuid4(),
        device_id=uuid.uuid4(),
        username=f"alpha.planta.inversor-{suffix}",
        topic_base=f"traksense/alpha/planta/inversor-{suffix}",
    )
    assert emqx.authenticate(credential.username, credential.username, password)
    # Dispositivo tem ponto no usuário: a exceção `<usuário>-...` das contas de serviço não vale para ele.
    assert not emqx.authenticate(credential.username, credential.username + "-2", password)
    assert not emqx.authenticate(credential.username, "traksense-ingest-1", password)
    assert ("allow", "publish", f"traksense/alpha/planta/inversor-{suffix}/telem") in emqx.acl(credential.username)

    revoke_credential(MqttCredential.objects.get(pk=credential.pk))
    assert not emqx.authenticate(credential.username, credential.username, password)
    assert emqx.acl(credential.username) == set()


def test_emqx_role_reads_only_the_two_views(emqx: Emqx) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        emqx.conn.execute("SELECT count(*) FROM public.broker_mqtt_credential")
