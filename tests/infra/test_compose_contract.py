"""`infra/docker-compose.yml` contra o código: o que cada serviço recebe é o que o código dele exige.

Sem engine Docker aqui: o arquivo é renderizado por `docker-compose config` (pacote Debian 1.29, valida a
especificação Compose offline e resolve âncoras, `${VAR:?}` e `depends_on`), com `.env.example`, e as
asserções são sobre o resultado renderizado — não sobre o texto do arquivo.

As variáveis exigidas e as variáveis lidas saem do código por AST (nunca de uma lista à mão):
- obrigatórias: chamadas de `get_mandatory_env` (settings do Django, também por alias), `_required`
  (infra/bootstrap), campos `Field(validation_alias="X")` sem padrão (pydantic-settings, ingest/config.py) e
  `os.environ["X"]` nos módulos de entrada de cada serviço;
- lidas: qualquer `os.environ.get/[]/setdefault`, `os.getenv`, `e.get("X")`, os auxiliares do ingest e os
  `validation_alias` dos campos do pydantic-settings.
Assim um nome que o Compose define e ninguém lê (o antigo `TS_BROKER_BACKEND`) reprova o teste.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "infra" / "docker-compose.yml"
SETTINGS = REPO / "backend" / "config" / "settings.py"
INGEST_CONFIG = REPO / "ingest" / "config.py"
BOOTSTRAP = REPO / "backend" / "apps" / "core" / "bootstrap.py"
SERVICE_ACCOUNTS_CMD = REPO / "backend" / "apps" / "core" / "management" / "commands" / "ensure_service_accounts.py"
BROKER_FILES = REPO / "infra" / "bootstrap" / "broker_files.py"

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]+$")
MANDATORY_HELPERS = {"get_mandatory_env", "_required", "_required_env"}
# Funções que leem uma variável pelo nome (os.environ.get, os.getenv, e.get do ingest, auxiliares de ingest/config).
# `ENV.int("X")`, `ENV.bool("X")`...: leitores tipados do django-environ (settings do Django).
ENVIRON_READERS = {"str", "int", "float", "bool", "list", "dict", "url", "db_url", "json"}
READER_CALLS = (
    MANDATORY_HELPERS | {"get", "getenv", "setdefault", "_int", "_float", "_slug", "env_bool"} | ENVIRON_READERS
)
# Lidas por bibliotecas ou pelo interpretador, não pelo nosso código.
THIRD_PARTY_ENV = {"PROMETHEUS_MULTIPROC_DIR", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
PRIVILEGED_ENV = {"DATABASE_SUPERUSER_URL", "DATABASE_OWNER_URL"}
PYTHON_IMAGE = "traksense/app"


def _aliases(tree: ast.Module) -> dict[str, str]:
    """`from x import get_mandatory_env as _env` -> {'_env': 'get_mandatory_env'}."""
    return {
        a.asname or a.name: a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for a in node.names
    }


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_environ(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _local_readers(tree: ast.Module) -> set[str]:
    """Auxiliares do próprio arquivo que leem o ambiente pelo nome recebido (ex.: `_choice(env, name, ...)`
    faz `env.get(name)`): derivados do código, para que um auxiliar novo não escape do teste."""
    found: set[str] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        params = {a.arg for a in fn.args.args}
        for node in ast.walk(fn):
            key: ast.expr | None = None
            if isinstance(node, ast.Subscript):
                key = node.slice
            elif isinstance(node, ast.Call) and _call_name(node.func) in READER_CALLS and node.args:
                key = node.args[0]
            if isinstance(key, ast.Name) and key.id in params:
                found.add(fn.name)
                break
    return found


def _keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg}


def _settings_field(call: ast.Call) -> str | None:
    """`Field(..., validation_alias="X")` → "X"; qualquer outra chamada → None."""
    if _call_name(call.func) != "Field":
        return None
    for kw in call.keywords:
        if kw.arg == "validation_alias" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return kw.value.value if ENV_NAME.match(kw.value.value) else None
    return None


def env_names(paths: Iterable[Path], *, mandatory_only: bool) -> set[str]:
    """Nomes de variáveis de ambiente exigidos (ou, com mandatory_only=False, lidos) pelos arquivos."""
    found: set[str] = set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        aliases = _aliases(tree)
        readers = READER_CALLS | _local_readers(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and _is_environ(node.value):
                key = node.slice
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and ENV_NAME.match(key.value):
                    found.add(key.value)
            elif isinstance(node, ast.Call) and (env := _settings_field(node)):
                # Campo do pydantic-settings (ingest/config.py): a variável é o validation_alias; sem padrão,
                # é obrigatória.
                if not mandatory_only or not (node.args or {"default", "default_factory"} & _keywords(node)):
                    found.add(env)
            elif isinstance(node, ast.Call):
                name = _call_name(node.func)
                name = aliases.get(name, name) if name else None
                wanted = MANDATORY_HELPERS if mandatory_only else readers
                if name not in wanted:
                    continue
                for arg in node.args[:2]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and ENV_NAME.match(arg.value):
                        found.add(arg.value)
    return found


def _code(*roots: str) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        base = REPO / root
        files += (
            [p for p in base.rglob("*.py") if "tests" not in p.parts and p.name != "conftest.py"]
            if base.is_dir()
            else [base]
        )
    return files


# O código que cada serviço Python roda, e o que ele exige além dos settings.
DJANGO_CODE = _code("backend/config", "backend/apps", "ingest")  # a API importa ingest.* (POST /ingest)
SERVICE_CODE: dict[str, tuple[list[Path], list[Path]]] = {
    # serviço: (arquivos cujas leituras contam, arquivos com exigências)
    "api": (DJANGO_CODE, [SETTINGS]),
    "worker": (DJANGO_CODE, [SETTINGS]),
    "beat": (DJANGO_CODE, [SETTINGS]),
    "stream": (DJANGO_CODE, [SETTINGS]),
    "evaluator": (DJANGO_CODE, [SETTINGS]),
    "bootstrap": (DJANGO_CODE, [SETTINGS, BOOTSTRAP]),
    "migrate": (DJANGO_CODE, [SETTINGS, SERVICE_ACCOUNTS_CMD]),
    "ingest-1": (_code("ingest"), [INGEST_CONFIG]),
    "ingest-2": (_code("ingest"), [INGEST_CONFIG]),
    "broker-files": ([BROKER_FILES], [BROKER_FILES]),
}


def compose_config(env_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`docker-compose config` só com o arquivo de ambiente dado: o ambiente do processo de teste (que
    carrega o .env local) não pode vazar para a renderização."""
    return subprocess.run(
        ["docker-compose", "--env-file", str(env_file), "-f", str(COMPOSE), "config", *args],
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )


@cache
def rendered() -> dict[str, Any]:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose não instalado (scripts/dev.sh test instala o pacote Debian)")
    result = compose_config(REPO / ".env.example")
    assert result.returncode == 0, result.stderr
    spec: dict[str, Any] = yaml.safe_load(result.stdout)
    return spec


def services() -> dict[str, Any]:
    result: dict[str, Any] = rendered()["services"]
    return result


def env_of(service: str) -> dict[str, str]:
    return {k: str(v) for k, v in (services()[service].get("environment") or {}).items()}


def long_running() -> list[str]:
    return [name for name, svc in services().items() if svc.get("restart", "no") != "no"]


def test_every_python_service_gets_what_its_code_requires() -> None:
    python_services = {n for n, s in services().items() if str(s.get("image", "")).startswith(PYTHON_IMAGE)}
    assert python_services == set(SERVICE_CODE), "serviço Python novo no Compose: mapeie o código dele aqui"
    for service, (_, requiring) in SERVICE_CODE.items():
        required = env_names(requiring, mandatory_only=True)
        assert required, f"{service}: nenhuma exigência encontrada no código (AST quebrado?)"
        missing = required - {k for k, v in env_of(service).items() if v.strip()}
        assert not missing, f"{service} não recebe {sorted(missing)}"


def test_every_variable_given_is_read_by_the_code() -> None:
    """Pega nomes trocados (TS_BROKER_BACKEND x TS_MQTT_BACKEND): variável dada e nunca lida."""
    for service, (reading, _) in SERVICE_CODE.items():
        read = env_names(reading, mandatory_only=False) | THIRD_PARTY_ENV
        unread = set(env_of(service)) - read
        assert not unread, f"{service} recebe {sorted(unread)}, que o código dele não lê"


def test_ast_scan_sees_the_known_contract() -> None:
    """Âncoras do varredor: se um refactor esconder as chamadas, o teste acima não pode passar vazio."""
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= env_names([SETTINGS], mandatory_only=True)
    assert {"INGEST_DATABASE_URL", "MQTT_HOST", "TS_MQTT_INGEST_PASSWORD"} <= env_names(
        [INGEST_CONFIG], mandatory_only=True
    )
    assert "TS_MQTT_BACKEND" in env_names([SETTINGS], mandatory_only=False)
    assert "DJANGO_CONN_MAX_AGE" in env_names([SETTINGS], mandatory_only=False)  # ENV.int (django-environ)
    assert "TS_BROKER_BACKEND" not in env_names(DJANGO_CODE, mandatory_only=False)


def test_no_long_running_service_holds_privileged_database_credentials() -> None:
    owner_password = re.search(r"^TS_DB_OWNER_PASSWORD=(.+)$", (REPO / ".env.example").read_text(), re.M)
    super_password = re.search(r"^TS_PG_SUPERPASSWORD=(.+)$", (REPO / ".env.example").read_text(), re.M)
    assert owner_password
    assert super_password
    assert set(long_running()) >= {"api", "worker", "beat", "ingest-1", "ingest-2", "emqx"}
    for service in long_running():
        env = env_of(service)
        assert not PRIVILEGED_ENV & set(env), service
        if services()[service]["image"].startswith(PYTHON_IMAGE):
            values = " ".join(env.values())
            assert owner_password.group(1) not in values, f"{service} recebe a senha do dono"
            assert super_password.group(1) not in values, f"{service} recebe a senha do superusuário"
    assert env_of("migrate")["DATABASE_URL"].startswith("postgresql://traksense_owner:")
    assert env_of("api")["DATABASE_URL"].startswith("postgresql://traksense_api:")
    assert env_of("ingest-1")["INGEST_DATABASE_URL"].startswith("postgresql://traksense_ingest:")


def test_production_wiring_is_consistent_across_services() -> None:
    api, emqx, role = env_of("api"), env_of("emqx"), services()["emqx-role"]
    assert api["TS_MQTT_BACKEND"] == "emqx"
    # A API alcança a REST do EMQX pela rede do Compose com a MESMA chave que o EMQX carrega.
    assert api["EMQX_API_URL"] == "http://emqx:18083"
    files = env_of("broker-files")
    assert (files["EMQX_API_KEY"], files["EMQX_API_SECRET"]) == (api["EMQX_API_KEY"], api["EMQX_API_SECRET"])
    # O EMQX entra no PostgreSQL com a senha que o passo emqx-role deu ao papel traksense_emqx.
    role_password = next(a for a in role["command"] if a.startswith("emqx_password="))
    assert role_password == f"emqx_password={emqx['EMQX_AUTHENTICATION__1__PASSWORD']}"
    assert emqx["EMQX_AUTHORIZATION__SOURCES__1__PASSWORD"] == emqx["EMQX_AUTHENTICATION__1__PASSWORD"]
    # Nome de nó longo e estável, resolvível na rede do Compose pelo alias.
    node_host = emqx["EMQX_NODE__NAME"].split("@", 1)[1]
    assert "." in node_host
    assert node_host in services()["emqx"]["networks"]["default"]["aliases"]
    # Contas de serviço: o ingest e a API entram com o que o passo migrate gravou nas tabelas do EMQX.
    migrate = env_of("migrate")
    for service in ("ingest-1", "ingest-2"):
        ingest = env_of(service)
        assert (ingest["TS_MQTT_INGEST_USER"], ingest["TS_MQTT_INGEST_PASSWORD"]) == (
            migrate["TS_MQTT_INGEST_USER"],
            migrate["TS_MQTT_INGEST_PASSWORD"],
        )
    assert (api["TS_MQTT_API_USER"], api["TS_MQTT_API_PASSWORD"]) == (
        migrate["TS_MQTT_API_USER"],
        migrate["TS_MQTT_API_PASSWORD"],
    )
    # Dispositivos recebem o nome público e a porta TLS; o certificado cobre esse nome.
    assert api["TS_MQTT_PUBLIC_PORT"] == "8883"
    assert api["TS_MQTT_PUBLIC_HOST"] in files["TS_TLS_SERVER_NAMES"].split(",")


def test_emqx_overrides_hit_real_schema_keys_and_existing_list_items() -> None:
    """Sobreposição EMQX_* com caminho errado é só avisada pelo EMQX (emqx/emqx #11263) e o segredo some:
    cada uma tem de cair numa chave do esquema e, se indexada, num item que o emqx.conf declara."""
    from pyhocon import ConfigFactory
    from test_emqx_conf import ALLOWED_KEYS, EMQX_CONF, ENV_ONLY_KEYS, override_path

    conf = ConfigFactory.parse_file(str(EMQX_CONF), resolve=False)
    overrides = [name for name in env_of("emqx") if name.startswith("EMQX_")]
    assert overrides
    for name in overrides:
        path, indexes = override_path(name)
        assert path in ALLOWED_KEYS or path in ENV_ONLY_KEYS, f"{name} -> {path}: chave fora do esquema"
        for list_path, index in indexes:
            assert 1 <= index <= len(conf.get(list_path)), f"{name}: {list_path} não tem o item {index}"
    assert override_path("EMQX_AUTHORIZATION__SOURCES__1__PASSWORD") == (
        "authorization.sources[].password",
        [("authorization.sources", 1)],
    )


def test_ingest_replicas_partition_the_tenants_with_stable_distinct_client_ids() -> None:
    """Réplicas do ingest (ADR-004): assinaturas particionadas; juntas cobrem os índices 0..N-1 uma vez cada
    (nenhum tenant sem dono, nenhum com dois), com client ids estáveis e distintos."""
    names = sorted(n for n, svc in services().items() if svc.get("command") == ["python", "-m", "ingest"])
    assert len(names) >= 2, names
    replicas = [env_of(n) for n in names]
    assert {r.get("TS_INGEST_SUBSCRIPTION", "partitioned") for r in replicas} == {"partitioned"}
    assert {r["TS_INGEST_MEMBERS"] for r in replicas} == {str(len(replicas))}
    assert sorted(int(r["TS_INGEST_MEMBER"]) for r in replicas) == list(range(len(replicas)))
    ids = [r["TS_INGEST_CLIENT_ID"] for r in replicas]
    assert len(set(ids)) == len(ids)
    # Estável (não depende do hostname do contêiner) e no formato que a consulta de autenticação aceita.
    for client_id, replica in zip(ids, replicas, strict=True):
        assert client_id.startswith(replica["TS_MQTT_INGEST_USER"] + "-")


def test_only_tls_and_the_api_are_published() -> None:
    published = {
        (name, str(port["published"]), str(port["target"]))
        for name, svc in services().items()
        for port in svc.get("ports", [])
    }
    assert published == {("emqx", "8883", "8883"), ("api", "8000", "8000")}


def test_healthchecks_dependencies_and_restart_policies() -> None:
    src = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert "version" not in src, "a chave `version` é obsoleta na especificação Compose"
    one_shots = {"bootstrap", "migrate", "emqx-role", "broker-files"}
    for name, svc in services().items():
        if name in one_shots:
            assert svc["restart"] == "no", name
            continue
        assert svc["restart"] == "unless-stopped", name
        test = svc.get("healthcheck", {}).get("test")
        assert test, f"{name} sem healthcheck"
        assert test[0] in {"CMD", "CMD-SHELL"}, name
        for dep, cond in (svc.get("depends_on") or {}).items():
            expected = "service_completed_successfully" if dep in one_shots else "service_healthy"
            assert cond["condition"] == expected, f"{name} -> {dep}"
    assert "/healthz" in " ".join(services()["api"]["healthcheck"]["test"])
    assert "/healthz" in " ".join(services()["ingest-1"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services()["worker"]["healthcheck"]["test"])
    assert services()["emqx"]["healthcheck"]["test"][1:] == ["/opt/emqx/bin/emqx", "ctl", "status"]
    # Ordem de partida: bootstrap -> migrate -> emqx-role -> emqx -> api/ingest/worker.
    assert "bootstrap" in services()["migrate"]["depends_on"]
    assert {"emqx-role", "broker-files"} <= set(services()["emqx"]["depends_on"])
    for name in ("api", "ingest-1", "ingest-2", "worker"):
        assert "emqx" in services()[name]["depends_on"], name


def test_evaluator_yields_cpu_to_the_ingest() -> None:
    """`cpu_shares` é peso relativo de CPU entre contêineres; sem a chave o Docker usa 1024 (docs do Compose e do
    `docker run --cpu-shares`). Com o host saturado, o ingest tem de pesar mais que o avaliador (ADR-005)."""
    weight = {name: int(svc.get("cpu_shares", 1024)) for name, svc in services().items()}
    assert weight["evaluator"] < weight["ingest-1"]
    assert weight["evaluator"] < weight["ingest-2"]


def test_missing_secret_stops_rendering(tmp_path: Path) -> None:
    """`${VAR:?}`: sem o segredo, o Compose se recusa a subir (em vez de subir com senha vazia)."""
    env = (REPO / ".env.example").read_text(encoding="utf-8")
    stripped = tmp_path / "env"
    stripped.write_text("\n".join(line for line in env.splitlines() if not line.startswith("EMQX_API_SECRET=")))
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose não instalado")
    result = compose_config(stripped, "-q")
    assert result.returncode != 0
    assert "EMQX_API_SECRET" in result.stderr


def test_compose_renders_the_whole_platform_on_the_community_edition() -> None:
    names = set(services())
    assert {"timescaledb", "redis", "emqx", "api", "worker", "beat", "ingest-1", "ingest-2"} <= names
    assert "oss" not in services()["timescaledb"]["image"]  # ADR-002: edição Community em produção
    assert services()["emqx"]["image"].startswith("emqx/emqx:5.8.")
    assert "change-me" not in COMPOSE.read_text(encoding="utf-8")
