"""Mosquitto com dynamic security: o ÚNICO cliente do plugin no repositório.

Usado pelo provisionador de dispositivos (API/Celery), pelas contas de serviço que o stack local garante a
cada `up` (`manage.py mqtt_service_accounts`) e pelo apoio de testes (`testsupport`). Fala com o plugin pela
conta admin em `$CONTROL/dynamic-security/v1` (FACTS §4).

Cada dispositivo vira um cliente dynsec (client id preso ao usuário) com um papel homônimo contendo
exatamente as linhas de MqttAcl. Reconstrução total após perda de estado: `rebuild_dynsec_file`, pois a API
de controle do 2.0.21 não aceita hash, mas o arquivo aceita (ver apps.broker.hashing).

Não importa nada que exija o Django configurado além de `settings` lido de forma preguiçosa.
"""

from __future__ import annotations

import json
import logging
import os
import ssl
import tempfile
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from apps.broker.backends.base import AclRule, BrokerError, BrokerUnavailable, CheckResult, DeviceIdentity
from apps.broker.hashing import PasswordRecord, dynsec_password_fields

log = logging.getLogger(__name__)

CONTROL_TOPIC = "$CONTROL/dynamic-security/v1"
RESPONSE_TOPIC = CONTROL_TOPIC + "/response"
# Marca os clientes/papéis de dispositivo no dynsec: a reconstrução só mexe nestes.
DEVICE_TEXTNAME = "traksense-device"
# Vocabulário das linhas de ACL (o mesmo de apps.broker.choices, que é o do EMQX); literal aqui para o
# cliente não depender de modelos Django.
_PUBLISH, _SUBSCRIBE, _ALLOW = "publish", "subscribe", "allow"


def _dynsec_acltypes(action: str, topic: str) -> list[str]:
    """Tradução de uma linha de ACL (vocabulário EMQX) para os tipos de ACL do dynsec."""
    wildcard = "+" in topic or "#" in topic
    subscribe = "subscribePattern" if wildcard else "subscribeLiteral"
    if action == _PUBLISH:
        return ["publishClientSend"]
    if action == _SUBSCRIBE:
        return [subscribe]
    return ["publishClientSend", subscribe]


def dynsec_role_acls(acls: Iterable[AclRule]) -> list[dict[str, Any]]:
    return [
        {"acltype": acltype, "topic": rule.topic, "priority": 0, "allow": rule.permission == _ALLOW}
        for rule in acls
        for acltype in _dynsec_acltypes(rule.action, rule.topic)
    ]


@dataclass(frozen=True)
class BrokerEndpoint:
    """Onde e como conectar: host/porta e, com `ca_file`, TLS com verificação do certificado do broker."""

    host: str
    port: int
    ca_file: str | None = None

    def configure(self, client: mqtt.Client) -> None:
        if self.ca_file:
            client.tls_set(ca_certs=self.ca_file, cert_reqs=ssl.CERT_REQUIRED)


class DynsecSession:
    """Uma sessão MQTT da conta admin falando com o plugin dynsec (comandos em lote, resposta correlacionada)."""

    def __init__(
        self, *, host: str, port: int, username: str, password: str, timeout: float = 10.0, ca_file: str | None = None
    ) -> None:
        self._timeout = timeout
        self._responses: dict[str, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._connected = threading.Event()
        self._subscribed = threading.Event()
        self._connect_rc: Any = None
        self._client = mqtt.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=f"traksense-provisioner-{uuid.uuid4().hex[:8]}",
            protocol=mqtt.MQTTv311,
        )
        self._client.username_pw_set(username, password)
        self._client.on_connect = self._on_connect
        self._client.on_subscribe = lambda *_a: self._subscribed.set()
        self._client.on_message = self._on_message
        self._endpoint = BrokerEndpoint(host, port, ca_file)
        self._endpoint.configure(self._client)

    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any, props: Any = None) -> None:
        self._connect_rc = rc
        if not rc.is_failure:
            client.subscribe(RESPONSE_TOPIC, qos=1)
        self._connected.set()

    def _on_message(self, client: mqtt.Client, userdata: Any, msg: mqtt.MQTTMessage) -> None:
        try:
            body = json.loads(msg.payload)
        except ValueError:
            return
        with self._cond:
            for response in body.get("responses", []):
                correlation = response.get("correlationData")
                if correlation:
                    self._responses[correlation] = response
            self._cond.notify_all()

    def __enter__(self) -> DynsecSession:
        host, port = self._endpoint.host, self._endpoint.port
        try:
            self._client.connect(host, port, keepalive=30)
        except OSError as exc:
            raise BrokerUnavailable(f"broker {host}:{port} inalcançável: {exc}") from exc
        self._client.loop_start()
        if not self._connected.wait(self._timeout):
            self.__exit__(None, None, None)
            raise BrokerUnavailable("sem CONNACK do broker")
        if self._connect_rc.is_failure:
            self.__exit__(None, None, None)
            raise BrokerError(f"admin do dynsec recusado pelo broker: {self._connect_rc}")
        # Espera o SUBACK da assinatura de respostas: sem ele, a resposta do primeiro comando se perderia.
        if not self._subscribed.wait(self._timeout):
            self.__exit__(None, None, None)
            raise BrokerUnavailable("sem SUBACK do tópico de respostas do dynsec")
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.disconnect()
        self._client.loop_stop()

    def run(self, commands: list[dict[str, Any]], *, tolerate: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Executa comandos; erro que não esteja em `tolerate` (trecho da mensagem) vira BrokerError."""
        tagged = []
        for command in commands:
            tagged.append({**command, "correlationData": uuid.uuid4().hex})
        info = self._client.publish(CONTROL_TOPIC, json.dumps({"commands": tagged}), qos=1)
        info.wait_for_publish(self._timeout)
        wanted = [c["correlationData"] for c in tagged]
        with self._cond:
            ok = self._cond.wait_for(lambda: all(w in self._responses for w in wanted), self._timeout)
            if not ok:
                raise BrokerUnavailable("dynsec não respondeu a tempo")
            responses = [self._responses.pop(w) for w in wanted]
        for command, response in zip(tagged, responses, strict=True):
            error = response.get("error")
            if error and not any(t in error for t in tolerate):
                raise BrokerError(f"dynsec {command['command']} recusado: {error}")
        return responses


def credentials_accepted(
    endpoint: BrokerEndpoint, username: str, password: str, *, client_id: str | None = None, timeout: float = 10.0
) -> bool:
    """True se o broker aceita usuário/senha (CONNACK de sucesso); client id descartável se não for dado."""
    done = threading.Event()
    result: list[bool] = []
    client = mqtt.Client(
        callback_api_version=CallbackAPIVersion.VERSION2,
        client_id=client_id or f"traksense-check-{uuid.uuid4().hex[:8]}",
        protocol=mqtt.MQTTv311,
    )
    client.username_pw_set(username, password)
    endpoint.configure(client)

    def on_connect(_c: mqtt.Client, _u: Any, _f: Any, rc: Any, _p: Any = None) -> None:
        result.append(not rc.is_failure)
        done.set()

    client.on_connect = on_connect
    try:
        client.connect(endpoint.host, endpoint.port, keepalive=10)
    except OSError as exc:
        raise BrokerUnavailable(f"broker {endpoint.host}:{endpoint.port} inalcançável: {exc}") from exc
    client.loop_start()
    try:
        if not done.wait(timeout):
            raise BrokerUnavailable("sem CONNACK do broker")
        return result[0]
    finally:
        client.disconnect()
        client.loop_stop()


def _delete_commands(device: DeviceIdentity) -> list[dict[str, Any]]:
    return [
        {"command": "deleteClient", "username": device.username},
        {"command": "deleteRole", "rolename": device.username},
    ]


def _create_commands(device: DeviceIdentity, password: str) -> list[dict[str, Any]]:
    """Papel com a ACL embutida e cliente com o papel: dois comandos (duas regravações do arquivo do dynsec)."""
    return [
        {
            "command": "createRole",
            "rolename": device.username,
            "textname": DEVICE_TEXTNAME,
            "acls": dynsec_role_acls(device.acls),
        },
        {
            "command": "createClient",
            "username": device.username,
            "password": password,
            "clientid": device.client_id,
            "textname": DEVICE_TEXTNAME,
            "roles": [{"rolename": device.username}],
        },
    ]


class MosquittoProvisioner:
    """Sincroniza clientes de dispositivo no Mosquitto (dynsec) a partir do banco."""

    def __init__(
        self,
        *,
        host: str | None = None,
        port: int | None = None,
        admin_user: str | None = None,
        admin_password: str | None = None,
    ) -> None:
        from django.conf import settings

        self.host = host or settings.MQTT_HOST
        self.port = port or settings.MQTT_PORT
        self.admin_user = admin_user or settings.MQTT_ADMIN_USER
        self.admin_password = admin_password or settings.MQTT_ADMIN_PASSWORD

    def session(self) -> DynsecSession:
        if not self.admin_user or not self.admin_password:
            raise BrokerError("TS_MQTT_ADMIN_USER/TS_MQTT_ADMIN_PASSWORD ausentes: o provisionador não tem conta admin")
        return DynsecSession(host=self.host, port=self.port, username=self.admin_user, password=self.admin_password)

    def apply(self, device: DeviceIdentity, password: str) -> None:
        """Recria cliente e papel do dispositivo do zero (idempotente; derruba a conexão antiga, se houver).

        Recriar em vez de remendar garante que uma tentativa anterior pela metade não deixa sobra.
        """
        with self.session() as s:
            s.run(_delete_commands(device), tolerate=("not found",))
            s.run(_create_commands(device, password))

    def apply_many(self, items: list[tuple[DeviceIdentity, str]], *, chunk: int = 100) -> None:
        """Provisionamento em lote: UMA sessão admin, dois comandos por dispositivo, `chunk` dispositivos por
        mensagem de controle.

        Cada comando que altera o dynsec regrava o arquivo de configuração inteiro (2.0.21), então o custo cresce
        com o número de comandos × clientes existentes: o papel nasce com a ACL embutida (`createRole` com
        `acls`) e o cliente com o papel (`createClient` com `roles`), em vez de um `addRoleACL` por linha. Os
        dispositivos de um lote são novos; só os que já existirem no broker (retry de um lote pela metade,
        sobra de um usuário antigo) passam pelo caminho apagar-e-recriar de `apply`.
        """
        with self.session() as s:
            for start in range(0, len(items), chunk):
                part = items[start : start + chunk]
                commands = [cmd for device, password in part for cmd in _create_commands(device, password)]
                responses = s.run(commands, tolerate=("already exists",))
                stale = {
                    cmd.get("rolename") or cmd.get("username")
                    for cmd, response in zip(commands, responses, strict=True)
                    if response.get("error")
                }
                redo = [(device, password) for device, password in part if device.username in stale]
                if redo:
                    s.run([cmd for device, _ in redo for cmd in _delete_commands(device)], tolerate=("not found",))
                    s.run([cmd for device, password in redo for cmd in _create_commands(device, password)])

    def revoke(self, username: str) -> None:
        """Desabilita (o que derruba a conexão) e apaga cliente e papel. Idempotente."""
        with self.session() as s:
            s.run(
                [
                    {"command": "disableClient", "username": username},
                    {"command": "deleteClient", "username": username},
                    {"command": "deleteRole", "rolename": username},
                ],
                tolerate=("not found",),
            )

    def check(self, device: DeviceIdentity) -> CheckResult:
        """Compara o cliente e o papel no broker com o banco (a senha não é comparável pela API)."""
        with self.session() as s:
            client, role = s.run(
                [
                    {"command": "getClient", "username": device.username},
                    {"command": "getRole", "rolename": device.username},
                ],
                tolerate=("not found",),
            )
        if client.get("error") or role.get("error"):
            return CheckResult(device.username, False, "ausente no broker")
        data = client["data"]["client"]
        if data.get("disabled"):
            return CheckResult(device.username, False, "cliente desabilitado no broker")
        if data.get("clientid") != device.client_id:
            return CheckResult(device.username, False, f"clientid {data.get('clientid')!r} diverge")
        have = {(a["acltype"], a["topic"], a["allow"]) for a in role["data"]["role"].get("acls", [])}
        want = {(a["acltype"], a["topic"], a["allow"]) for a in dynsec_role_acls(device.acls)}
        if have != want:
            return CheckResult(device.username, False, f"ACL diverge: sobra {have - want}, falta {want - have}")
        return CheckResult(device.username, True, "ok")

    def list_device_usernames(self) -> set[str]:
        """Usuários de dispositivo presentes no broker (marcados com DEVICE_TEXTNAME)."""
        with self.session() as s:
            (listing,) = s.run([{"command": "listClients", "verbose": True}])
        return {c["username"] for c in listing["data"]["clients"] if c.get("textname") == DEVICE_TEXTNAME}


def rebuild_dynsec_file(path: Path, devices: Iterable[tuple[DeviceIdentity, PasswordRecord]]) -> int:
    """Reescreve os clientes/papéis de dispositivo do arquivo dynsec a partir do banco (hashes, sem senhas).

    Mantém admin, contas de serviço e padrões; troca só o que tem DEVICE_TEXTNAME. Só pode rodar com o
    broker PARADO: o plugin lê o arquivo apenas ao iniciar (SIGHUP não recarrega, verificado no 2.0.21)
    e regrava o arquivo a cada mudança. Escrita atômica preservando dono e modo. Devolve quantos clientes.
    """
    data = json.loads(path.read_text())
    data["clients"] = [c for c in data.get("clients", []) if c.get("textname") != DEVICE_TEXTNAME]
    data["roles"] = [r for r in data.get("roles", []) if r.get("textname") != DEVICE_TEXTNAME]
    count = 0
    for device, record in devices:
        data["roles"].append(
            {"rolename": device.username, "textname": DEVICE_TEXTNAME, "acls": dynsec_role_acls(device.acls)}
        )
        data["clients"].append(
            {
                "username": device.username,
                "textname": DEVICE_TEXTNAME,
                "clientid": device.client_id,
                "roles": [{"rolename": device.username}],
                **dynsec_password_fields(record),
            }
        )
        count += 1
    stat = path.stat()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".dynsec-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2)
    os.chown(tmp, stat.st_uid, stat.st_gid)
    os.chmod(tmp, stat.st_mode & 0o777)
    os.replace(tmp, path)
    return count


# --- Contas de serviço e padrões do broker local ---------------------------------------------------------

# Padrões globais:
#  - publishClientSend deny: só publica quem tem ACL explícita.
#  - subscribe deny: só assina quem tem ACL explícita; como TODA assinatura passa por esse filtro, ele já
#    define o que cada cliente pode receber.
#  - publishClientReceive allow: por isso não repetimos a checagem na entrega (um dispositivo que pode assinar
#    o próprio .../cmd recebe o comando sem ACL extra). Também é o comportamento do EMQX em produção, que não
#    tem checagem de "receive" — mantém dev e prod equivalentes.
#  - unsubscribe allow: cancelar assinatura nunca é risco.
DEFAULT_ACL_ACCESS = (
    ("publishClientSend", False),
    ("publishClientReceive", True),
    ("subscribe", False),
    ("unsubscribe", True),
)

# Papéis das contas de serviço: (acltype, tópico, allow).
SERVICE_ROLES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    # Ingest: consome toda a árvore traksense/ via assinatura compartilhada. No 2.0.21 o dynsec checa a
    # assinatura compartilhada pelo filtro COMPLETO ("$share/<grupo>/traksense/..."): `traksense/#` sozinho NÃO
    # autoriza `$share/g/traksense/#` (SUBACK 0x80), por isso a ACL explícita com `+` no grupo.
    "traksense-ingest": (
        ("subscribePattern", "traksense/#", True),
        ("subscribePattern", "$share/+/traksense/#", True),
        ("publishClientReceive", "traksense/#", True),
        # ADR-004: contador de descartes do broker ($SYS), exposto como métrica e log pelo ingest.
        ("subscribePattern", "$SYS/broker/publish/messages/dropped", True),
        ("publishClientReceive", "$SYS/broker/publish/messages/dropped", True),
    ),
    # API: publica comandos e acompanha os acks dos dispositivos.
    "traksense-api": (
        ("publishClientSend", "traksense/+/+/+/cmd", True),
        ("subscribePattern", "traksense/+/+/+/ack", True),
        ("publishClientReceive", "traksense/+/+/+/ack", True),
    ),
}


@dataclass(frozen=True)
class ServiceAccount:
    username: str
    password: str
    role: str


def ensure_service_accounts(
    session: DynsecSession, endpoint: BrokerEndpoint, accounts: Iterable[ServiceAccount]
) -> list[str]:
    """Garante padrões, papéis e contas de serviço (idempotente; roda a cada `up`). Devolve o que mudou.

    A senha só é trocada se o broker recusar a do ambiente: `setClientPassword` DERRUBA as conexões do
    usuário, e um `up` repetido não pode desconectar o ingest.
    """
    changes: list[str] = []
    session.run(
        [
            {
                "command": "setDefaultACLAccess",
                "acls": [{"acltype": t, "allow": allow} for t, allow in DEFAULT_ACL_ACCESS],
            }
        ]
    )
    for rolename, acls in SERVICE_ROLES.items():
        (role,) = session.run([{"command": "getRole", "rolename": rolename}], tolerate=("not found",))
        if role.get("error"):
            session.run([{"command": "createRole", "rolename": rolename}])
            changes.append(f"papel {rolename} criado")
            have: dict[tuple[str, str], bool] = {}
        else:
            have = {(a["acltype"], a["topic"]): a["allow"] for a in role["data"]["role"].get("acls", [])}
        for acltype, topic, allow in acls:
            if have.get((acltype, topic)) == allow:
                continue
            if (acltype, topic) in have:
                session.run([{"command": "removeRoleACL", "rolename": rolename, "acltype": acltype, "topic": topic}])
            session.run(
                [
                    {
                        "command": "addRoleACL",
                        "rolename": rolename,
                        "acltype": acltype,
                        "topic": topic,
                        "allow": allow,
                        "priority": 0,
                    }
                ]
            )
            changes.append(f"ACL {rolename} {acltype} {topic} -> {'allow' if allow else 'deny'}")
    for account in accounts:
        if account.role not in SERVICE_ROLES:
            raise BrokerError(f"papel de serviço desconhecido: {account.role}")
        (client,) = session.run([{"command": "getClient", "username": account.username}], tolerate=("not found",))
        if client.get("error"):
            session.run(
                [
                    {
                        "command": "createClient",
                        "username": account.username,
                        "password": account.password,
                        "roles": [{"rolename": account.role}],
                    }
                ]
            )
            changes.append(f"cliente {account.username} criado")
            continue
        roles = {r["rolename"] for r in client["data"]["client"].get("roles", [])}
        if account.role not in roles:
            session.run([{"command": "addClientRole", "username": account.username, "rolename": account.role}])
            changes.append(f"papel {account.role} dado a {account.username}")
        if not credentials_accepted(endpoint, account.username, account.password):
            session.run([{"command": "setClientPassword", "username": account.username, "password": account.password}])
            changes.append(f"senha de {account.username} atualizada conforme o ambiente")
    return changes
