"""Provisionadores do broker: aplicam no broker o que está no banco (fonte única da verdade).

- Mosquitto (desenvolvimento/local): dynamic security pela conta admin em `$CONTROL/dynamic-security/v1`.
  Cada dispositivo vira um cliente dynsec (client id preso ao usuário) com um papel homônimo contendo
  exatamente as linhas de MqttAcl. Reconstrução total após perda de estado: `rebuild_dynsec_file`, pois a
  API de controle do 2.0.21 não aceita hash, mas o arquivo aceita (ver apps.broker.hashing).
- EMQX (produção): lê credenciais e ACL direto do PostgreSQL (infra/emqx); provisionar é gravar no banco.
  Só o kick (revogação/rotação) passa pela API REST `DELETE /api/v5/clients/{clientid}`.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import paho.mqtt.client as mqtt
from django.conf import settings

from apps.broker.choices import AclAction, AclPermission
from apps.broker.hashing import PasswordRecord, dynsec_password_fields

log = logging.getLogger(__name__)

CONTROL_TOPIC = "$CONTROL/dynamic-security/v1"
RESPONSE_TOPIC = CONTROL_TOPIC + "/response"
# Marca os clientes/papéis de dispositivo no dynsec: a reconstrução só mexe nestes.
DEVICE_TEXTNAME = "traksense-device"


class BrokerError(Exception):
    """Falha ao aplicar algo no broker (rede, autenticação do admin, comando recusado)."""


class BrokerUnavailable(BrokerError):
    """Broker inalcançável agora: vale tentar de novo (retry com backoff)."""


@dataclass(frozen=True)
class AclRule:
    permission: str
    action: str
    topic: str


@dataclass(frozen=True)
class DeviceIdentity:
    """O que o provisionador precisa saber de um dispositivo (lido do banco)."""

    username: str
    acls: tuple[AclRule, ...] = field(default_factory=tuple)

    @property
    def client_id(self) -> str:
        return self.username


@dataclass(frozen=True)
class CheckResult:
    username: str
    ok: bool
    detail: str


class Provisioner(Protocol):
    def apply(self, device: DeviceIdentity, password: str) -> None: ...
    def revoke(self, username: str) -> None: ...
    def check(self, device: DeviceIdentity) -> CheckResult: ...


# --- Mosquitto dynsec --------------------------------------------------------------------------------


def _dynsec_acltypes(action: str, topic: str) -> list[str]:
    """Tradução de uma linha de ACL (vocabulário EMQX) para os tipos de ACL do dynsec."""
    wildcard = "+" in topic or "#" in topic
    subscribe = "subscribePattern" if wildcard else "subscribeLiteral"
    if action == AclAction.PUBLISH:
        return ["publishClientSend"]
    if action == AclAction.SUBSCRIBE:
        return [subscribe]
    return ["publishClientSend", subscribe]


def dynsec_role_acls(acls: Iterable[AclRule]) -> list[dict[str, Any]]:
    return [
        {"acltype": acltype, "topic": rule.topic, "priority": 0, "allow": rule.permission == AclPermission.ALLOW}
        for rule in acls
        for acltype in _dynsec_acltypes(rule.action, rule.topic)
    ]


class DynsecSession:
    """Uma sessão MQTT da conta admin falando com o plugin dynsec (comandos em lote, resposta correlacionada)."""

    def __init__(self, *, host: str, port: int, username: str, password: str, timeout: float = 10.0) -> None:
        self._timeout = timeout
        self._responses: dict[str, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._connected = threading.Event()
        self._connect_rc: Any = None
        self._client = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
            client_id=f"traksense-provisioner-{uuid.uuid4().hex[:8]}",
            protocol=mqtt.MQTTv311,
        )
        self._client.username_pw_set(username, password)
        self._client.on_connect = self._on_connect
        self._client.on_message = self._on_message
        self._host, self._port = host, port

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
        try:
            self._client.connect(self._host, self._port, keepalive=30)
        except OSError as exc:
            raise BrokerUnavailable(f"broker {self._host}:{self._port} inalcançável: {exc}") from exc
        self._client.loop_start()
        if not self._connected.wait(self._timeout):
            self.__exit__(None, None, None)
            raise BrokerUnavailable("sem CONNACK do broker")
        if self._connect_rc.is_failure:
            self.__exit__(None, None, None)
            raise BrokerError(f"admin do dynsec recusado pelo broker: {self._connect_rc}")
        # Dá tempo ao SUBACK da resposta antes do primeiro comando (o broker processa em ordem).
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
            s.run(
                [
                    {"command": "deleteClient", "username": device.username},
                    {"command": "deleteRole", "rolename": device.username},
                ],
                tolerate=("not found",),
            )
            s.run(
                [
                    {"command": "createRole", "rolename": device.username, "textname": DEVICE_TEXTNAME},
                    *[
                        {"command": "addRoleACL", "rolename": device.username, **acl}
                        for acl in dynsec_role_acls(device.acls)
                    ],
                    {
                        "command": "createClient",
                        "username": device.username,
                        "password": password,
                        "clientid": device.client_id,
                        "textname": DEVICE_TEXTNAME,
                        "roles": [{"rolename": device.username}],
                    },
                ]
            )

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


# --- EMQX ----------------------------------------------------------------------------------------------


class EmqxProvisioner:
    """EMQX lê credenciais e ACL do PostgreSQL: aplicar = nada a fazer além de derrubar sessões antigas."""

    def __init__(self, *, api_url: str | None = None, api_key: str | None = None, api_secret: str | None = None):
        self.api_url = (api_url or settings.EMQX_API_URL).rstrip("/")
        self.api_key = api_key or settings.EMQX_API_KEY
        self.api_secret = api_secret or settings.EMQX_API_SECRET
        if not self.api_url or not self.api_key or not self.api_secret:
            raise BrokerError("EMQX_API_URL/EMQX_API_KEY/EMQX_API_SECRET são obrigatórios com TS_MQTT_BACKEND=emqx")

    def kick(self, client_id: str) -> bool:
        """`DELETE /api/v5/clients/{clientid}`; True se havia sessão, False se já estava desconectado."""
        url = f"{self.api_url}/api/v5/clients/{urllib.parse.quote(client_id, safe='')}"
        token = base64.b64encode(f"{self.api_key}:{self.api_secret}".encode()).decode()
        request = urllib.request.Request(url, method="DELETE", headers={"Authorization": f"Basic {token}"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — URL da configuração
                return bool(response.status == 204)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return False
            if exc.code in (401, 403):
                raise BrokerError(f"EMQX recusou a chave de API ({exc.code})") from exc
            raise BrokerUnavailable(f"EMQX respondeu {exc.code}") from exc
        except OSError as exc:
            raise BrokerUnavailable(f"EMQX inalcançável: {exc}") from exc

    def apply(self, device: DeviceIdentity, password: str) -> None:
        # A senha nova já vale (hash no banco); derruba a sessão antiga para a rotação valer já e o cache
        # de ACL do EMQX ser descartado.
        self.kick(device.client_id)

    def revoke(self, username: str) -> None:
        self.kick(username)

    def check(self, device: DeviceIdentity) -> CheckResult:
        return CheckResult(device.username, True, "EMQX lê o banco diretamente")


def get_provisioner() -> Provisioner:
    backend = settings.MQTT_BACKEND
    if backend == "mosquitto":
        return MosquittoProvisioner()
    if backend == "emqx":
        return EmqxProvisioner()
    raise BrokerError(f"TS_MQTT_BACKEND desconhecido: {backend!r} (use mosquitto ou emqx)")


# --- Reconstrução total do Mosquitto local ----------------------------------------------------------------


def stack_instance() -> str:
    """Instância dos serviços locais (scripts/stack.sh é a fonte única; o dev.sh exporta a variável)."""
    name = os.environ.get("TRAKSENSE_INSTANCE", "").strip()
    if name:
        return name
    stack = Path(__file__).resolve().parents[3] / "scripts" / "stack.sh"
    result = subprocess.run([str(stack), "instance"], capture_output=True, text=True, check=True)  # noqa: S603 — script do repo
    return result.stdout.strip()


@dataclass(frozen=True)
class LocalMosquitto:
    """Onde está o Mosquitto local da instância (layout de scripts/stack.sh) e como reiniciá-lo."""

    dynsec_file: Path
    pid_file: Path
    start_cmd: tuple[str, ...]

    @classmethod
    def from_env(cls) -> LocalMosquitto:
        cache = Path(os.environ.get("TRAKSENSE_CACHE", Path.home() / ".cache" / "traksense"))
        instance = stack_instance()
        base = cache / "trixie-root" / "srv" / "traksense" / instance / "mosquitto"
        repo = Path(__file__).resolve().parents[3]
        return cls(
            dynsec_file=Path(os.environ.get("TS_MQTT_DYNSEC_FILE", base / "dynamic-security.json")),
            pid_file=Path(os.environ.get("TS_MQTT_PID_FILE", base / "mosquitto.pid")),
            start_cmd=tuple(os.environ.get("TS_MQTT_START_CMD", f"{repo}/scripts/stack.sh up").split()),
        )

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def stop(self, timeout: float = 30.0) -> None:
        import signal
        import time

        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)  # encerramento limpo: grava a persistência
        deadline = time.monotonic() + timeout
        while self.pid() == pid:
            if time.monotonic() > deadline:
                raise BrokerError(f"o Mosquitto (pid {pid}) não parou em {timeout:.0f} s")
            time.sleep(0.1)

    def start(self) -> None:
        import subprocess

        result = subprocess.run(self.start_cmd, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0 or self.pid() is None:
            raise BrokerError(f"falha ao iniciar o Mosquitto ({' '.join(self.start_cmd)}): {result.stderr[-2000:]}")


def resync_local_mosquitto(local: LocalMosquitto, devices: list[tuple[DeviceIdentity, PasswordRecord]]) -> int:
    """Para o broker, regrava os dispositivos do arquivo dynsec a partir do banco e o inicia de novo.

    Derruba todas as conexões (restart): é a ferramenta de recuperação depois de o broker perder o estado,
    não a via normal (essa é a API de controle, dispositivo a dispositivo).
    """
    if not local.dynsec_file.exists():
        raise BrokerError(f"arquivo dynsec não existe: {local.dynsec_file} (suba o broker uma vez: stack.sh up)")
    local.stop()
    try:
        count = rebuild_dynsec_file(local.dynsec_file, devices)
    finally:
        local.start()
    return count
