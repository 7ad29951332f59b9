"""`infra/emqx/emqx.conf` é um arquivo que o EMQX 5.8 realmente lê.

O EMQX não roda aqui (nenhum registro o oferece e não há engine Docker), então o arquivo é conferido
contra o que o próprio EMQX documenta:

- parser HOCON (pyhocon) sem resolver substituições: qualquer `${...}` fora de aspas é uma substituição
  HOCON que o EMQX resolveria só dentro do próprio arquivo (emqx/hocon #301, #302: variáveis de ambiente
  nunca); qualquer `${...}` dentro de aspas é texto literal — só vale nas consultas SQL, e só com os
  marcadores que o EMQX aceita ali;
- toda chave tem de estar na lista abaixo, tirada do esquema do EMQX na tag v5.8.6
  (github.com/emqx/emqx, commit b895cdcd8cbc34c5f8fc5ea8b948cd2c40bba0fc; arquivos citados por chave).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyhocon import ConfigFactory, ConfigTree
from pyhocon.config_tree import ConfigValues

REPO = Path(__file__).resolve().parents[2]
EMQX_CONF = REPO / "infra" / "emqx" / "emqx.conf"

_SCHEMA = "apps/emqx/src/emqx_schema.erl"
_CONF_SCHEMA = "apps/emqx_conf/src/emqx_conf_schema.erl"
_AUTHN_PG = "apps/emqx_auth_postgresql/src/emqx_authn_postgresql_schema.erl"
_AUTHZ_PG = "apps/emqx_auth_postgresql/src/emqx_authz_postgresql_schema.erl"
_PG_CONN = "apps/emqx_postgresql/src/emqx_postgresql.erl + apps/emqx_connector/src/emqx_connector_schema_lib.erl"
_HASHING = "apps/emqx_auth/src/emqx_authn/emqx_authn_password_hashing.erl"

# Caminho da chave (`[]` = item de lista) -> fonte no esquema do EMQX v5.8.6.
ALLOWED_KEYS: dict[str, str] = {
    "node.data_dir": _CONF_SCHEMA + ' fields("node")',
    "listeners.tcp.default.bind": _SCHEMA + " base_listener/1",
    "listeners.tcp.default.max_connections": _SCHEMA + " base_listener/1",
    "listeners.ssl.default.bind": _SCHEMA + " base_listener/1",
    "listeners.ssl.default.max_connections": _SCHEMA + " base_listener/1",
    "listeners.ssl.default.ssl_options.certfile": _SCHEMA + " common_ssl_opts_schema/2",
    "listeners.ssl.default.ssl_options.keyfile": _SCHEMA + " common_ssl_opts_schema/2",
    "listeners.ssl.default.ssl_options.cacertfile": _SCHEMA + " common_ssl_opts_schema/2",
    "listeners.ssl.default.ssl_options.versions": _SCHEMA + " common_ssl_opts_schema/2",
    "listeners.ssl.default.ssl_options.verify": _SCHEMA + " common_ssl_opts_schema/2",
    "listeners.ssl.default.ssl_options.fail_if_no_peer_cert": _SCHEMA + " server_ssl_opts_schema/2",
    "listeners.ws.default.enable": _SCHEMA + " base_listener/1",
    "listeners.wss.default.enable": _SCHEMA + " base_listener/1",
    "authentication[].mechanism": _AUTHN_PG,
    "authentication[].backend": _AUTHN_PG,
    "authentication[].enable": _AUTHN_PG + " (emqx_authn_schema:common_fields/0)",
    "authentication[].query": _AUTHN_PG,
    "authentication[].server": _PG_CONN,
    "authentication[].database": _PG_CONN,
    "authentication[].username": _PG_CONN,
    "authentication[].pool_size": _PG_CONN,
    "authentication[].ssl.enable": _PG_CONN + " ssl_fields/0 -> ssl_client_opts",
    "authentication[].password_hash_algorithm.name": _HASHING,
    "authentication[].password_hash_algorithm.mac_fun": _HASHING,
    "authentication[].password_hash_algorithm.iterations": _HASHING,
    "authorization.no_match": _SCHEMA + " authz_fields/0",
    "authorization.deny_action": _SCHEMA + " authz_fields/0",
    "authorization.cache.enable": _SCHEMA + ' fields("authz_cache")',
    "authorization.cache.max_size": _SCHEMA + ' fields("authz_cache")',
    "authorization.cache.ttl": _SCHEMA + ' fields("authz_cache")',
    "authorization.sources[].type": _AUTHZ_PG + " (emqx_authz_schema:authz_common_fields/1)",
    "authorization.sources[].enable": _AUTHZ_PG + " (emqx_authz_schema:authz_common_fields/1)",
    "authorization.sources[].server": _PG_CONN,
    "authorization.sources[].database": _PG_CONN,
    "authorization.sources[].username": _PG_CONN,
    "authorization.sources[].pool_size": _PG_CONN,
    "authorization.sources[].ssl.enable": _PG_CONN + " ssl_fields/0 -> ssl_client_opts",
    "authorization.sources[].query": _AUTHZ_PG,
    "api_key.bootstrap_file": "apps/emqx_management/src/emqx_mgmt_api_key_schema.erl",
    "dashboard.listeners.http.bind": "apps/emqx_dashboard/src/emqx_dashboard_schema.erl",
    "log.console.level": _CONF_SCHEMA + " common_handler_fields",
    "log.console.formatter": _CONF_SCHEMA + " common_handler_fields",
    "mqtt.max_packet_size": _SCHEMA + " mqtt_general/0",
    "mqtt.retain_available": _SCHEMA + " mqtt_general/0",
    "mqtt.shared_subscription": _SCHEMA + " mqtt_general/0",
    "mqtt.max_inflight": _SCHEMA + " mqtt_session/0",
    "mqtt.max_mqueue_len": _SCHEMA + " mqtt_session/0",
    "mqtt.mqueue_store_qos0": _SCHEMA + " mqtt_session/0",
    "durable_sessions.enable": _SCHEMA + ' fields("durable_sessions")',
    "durable_sessions.message_retention_period": _SCHEMA + ' fields("durable_sessions")',
    "sys_topics.sys_msg_interval": _SCHEMA + ' fields("sys_topics")',
}

# Chaves que vêm SÓ de sobreposição EMQX_* no Compose (segredos e identidade do nó), mesmo esquema.
ENV_ONLY_KEYS: dict[str, str] = {
    "node.name": _CONF_SCHEMA + ' fields("node")',
    "node.cookie": _CONF_SCHEMA + ' fields("node")',
    "authentication[].password": _PG_CONN + " relational_db_fields/0 password_field()",
    "authorization.sources[].password": _PG_CONN + " relational_db_fields/0 password_field()",
    "dashboard.default_password": "apps/emqx_dashboard/src/emqx_dashboard_schema.erl",
}


def override_path(env_name: str) -> tuple[str, list[tuple[str, int]]]:
    """`EMQX_AUTHENTICATION__1__PASSWORD` -> ("authentication[].password", [("authentication", 1)]).

    Regra do EMQX: tira o prefixo, minúsculas, `__` vira ponto; índice numérico = item de lista (base 1).
    """
    parts = env_name.removeprefix("EMQX_").lower().split("__")
    path: list[str] = []
    indexes: list[tuple[str, int]] = []
    for part in parts:
        if part.isdigit():
            indexes.append((".".join(path), int(part)))
            path[-1] += "[]"
        else:
            path.append(part)
    return ".".join(path), indexes


# Marcadores que o EMQX substitui nas consultas SQL (não são variáveis de ambiente):
# authn = AUTHN_DEFAULT_ALLOWED_VARS (apps/emqx_auth/include/emqx_authn.hrl),
# authz = ALLOWED_VARS (apps/emqx_auth_postgresql/src/emqx_authz_postgresql.erl).
AUTHN_PLACEHOLDERS = {"username", "clientid", "password", "peerhost", "cert_subject", "cert_common_name", "zone"}
AUTHZ_PLACEHOLDERS = {"username", "clientid", "peerhost", "cert_common_name", "cert_subject", "zone"}
_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Folhas do documento como (caminho, valor); itens de lista viram `[]` no caminho."""
    if isinstance(node, ConfigTree):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list) and any(isinstance(item, ConfigTree) for item in node):
        for item in node:
            yield from _walk(item, f"{path}[]")
    else:
        yield path, node


def problems_in(text: str) -> list[str]:
    """Tudo que o EMQX leria diferente do que o arquivo aparenta (lista vazia = arquivo correto)."""
    tree = ConfigFactory.parse_string(text, resolve=False)
    found: list[str] = []
    for path, value in _walk(tree, ""):
        if isinstance(value, ConfigValues):
            found.append(f"{path}: substituição HOCON sem aspas (o EMQX não lê variáveis de ambiente)")
            continue
        if path not in ALLOWED_KEYS:
            found.append(f"{path}: chave fora da lista do esquema do EMQX 5.8")
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            names = _PLACEHOLDER.findall(item)
            if not names:
                continue
            if path == "authentication[].query":
                allowed = AUTHN_PLACEHOLDERS
            elif path == "authorization.sources[].query":
                allowed = AUTHZ_PLACEHOLDERS
            else:
                found.append(f"{path}: ${{...}} entre aspas é texto literal para o EMQX ({item!r})")
                continue
            found += [f"{path}: marcador ${{{n}}} não existe no EMQX" for n in names if n not in allowed]
    return found


def test_emqx_conf_only_uses_schema_keys_and_no_interpolation() -> None:
    assert problems_in(EMQX_CONF.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('node { cookie = "${EMQX_NODE_COOKIE}" }', "entre aspas"),
        ("node { cookie = ${EMQX_NODE_COOKIE} }", "sem aspas"),
        ('listeners.ssl.default.ssl_options.certfile = "${EMQX_TLS_CERTFILE}"', "entre aspas"),
        ("listeners.ssl.default.ssl_option.certfile = x", "fora da lista"),
        ('authentication = [{ query = "SELECT 1 WHERE u = ${EMQX_PG_USER}" }]', "não existe no EMQX"),
        ('authentication = [{ password = "segredo" }]', "fora da lista"),
    ],
)
def test_checker_rejects_what_emqx_would_misread(snippet: str, expected: str) -> None:
    """O verificador pega os erros do arquivo antigo (interpolação entre aspas, chaves inventadas)."""
    found = problems_in(snippet)
    assert found, snippet
    assert any(expected in p for p in found), found


def test_secrets_never_live_in_the_file() -> None:
    tree = ConfigFactory.parse_file(str(EMQX_CONF), resolve=False)
    leaves = dict(_walk(tree, ""))
    assert not [k for k in leaves if k.split(".")[-1] in {"password", "cookie"}]
    # TLS só na 8883 com os caminhos montados pelo Compose; REST na 18083 fora do loopback do contêiner.
    assert leaves["listeners.ssl.default.bind"].endswith(":8883")
    assert leaves["listeners.ssl.default.ssl_options.certfile"].startswith("/opt/emqx/etc/certs/traksense/")
    assert not leaves["dashboard.listeners.http.bind"].startswith("127.")
