"""O `make up` (instância de dev) visto pela suíte: a prova de que os testes não o perturbam.

Antes do primeiro teste (só quando o teste marcado `dev_platform` foi coletado), o plugin:
- sobe o Mosquitto de dev se ele estiver parado (e o para de novo no fim: nada de efeito colateral);
- anota o pid do broker de dev e a impressão digital dos dispositivos no dynamic-security.json dele;
- provisiona nele um dispositivo-canário (cliente dynsec próprio, pelo cliente dynsec único).
O teste, que roda por último, exige que o broker de dev seja o mesmo processo, com os mesmos dispositivos,
e que ainda aceite o canário. No fim da sessão o canário é apagado.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apps.broker.backends.dynsec import DEVICE_TEXTNAME, BrokerEndpoint, DynsecSession, credentials_accepted

REPO = Path(__file__).resolve().parents[1]


def _dev_stack(instance: str, *args: str) -> None:
    """`scripts/stack.sh` no perfil dev, com ambiente limpo: tudo vem do .env, como num `make up`."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TRAKSENSE_CACHE") if k in os.environ}
    env["TRAKSENSE_INSTANCE"] = instance
    result = subprocess.run([str(REPO / "scripts" / "stack.sh"), *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"scripts/stack.sh {' '.join(args)} (dev) falhou:\n{result.stderr[-3000:]}")


def device_fingerprint(dynsec_file: Path) -> dict[str, Any]:
    """Dispositivos provisionados no arquivo dynsec (usuário → hash, sal, client id, papéis, desabilitado)."""
    data = json.loads(dynsec_file.read_text())
    return {
        c["username"]: (c.get("password"), c.get("salt"), c.get("clientid"), c.get("roles"), c.get("disabled"))
        for c in data.get("clients", [])
        if c.get("textname") == DEVICE_TEXTNAME
    }


@dataclass
class DevPlatform:
    instance: str
    endpoint: BrokerEndpoint
    started_by_suite: bool = False
    pid_before: int | None = None
    devices_before: dict[str, Any] = field(default_factory=dict)
    other_pids_before: dict[str, int | None] = field(default_factory=dict)
    canary_user: str = ""
    canary_password: str = field(default="", repr=False)

    @property
    def _instance_dir(self) -> Path:
        cache = Path(os.environ.get("TRAKSENSE_CACHE", Path.home() / ".cache" / "traksense"))
        return cache / "trixie-root" / "srv" / "traksense" / self.instance

    @property
    def _mosquitto_dir(self) -> Path:
        return self._instance_dir / "mosquitto"

    @staticmethod
    def _pid_of(pid_file: Path) -> int | None:
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, 0)
        except (OSError, ValueError, IndexError):
            return None
        return pid

    def pid(self) -> int | None:
        return self._pid_of(self._mosquitto_dir / "mosquitto.pid")

    def other_pids(self) -> dict[str, int | None]:
        """PostgreSQL e Redis de dev (None se parados): a suíte nunca os para nem reinicia."""
        return {
            "postgresql": self._pid_of(self._instance_dir / "pg" / "postmaster.pid"),
            "redis": self._pid_of(self._instance_dir / "redis" / "redis.pid"),
        }

    def devices(self) -> dict[str, Any]:
        return device_fingerprint(self._mosquitto_dir / "dynamic-security.json")

    def _admin(self) -> DynsecSession:
        return DynsecSession(
            host=self.endpoint.host,
            port=self.endpoint.port,
            username=os.environ["TS_MQTT_ADMIN_USER"],
            password=os.environ["TS_MQTT_ADMIN_PASSWORD"],
        )

    def canary_accepted(self) -> bool:
        return credentials_accepted(self.endpoint, self.canary_user, self.canary_password, client_id=self.canary_user)

    @classmethod
    def prepare(cls) -> DevPlatform:
        instance, port = os.environ.get("TS_DEV_INSTANCE"), os.environ.get("TS_DEV_MQTT_PORT")
        if not instance or not port:
            raise RuntimeError("TS_DEV_INSTANCE/TS_DEV_MQTT_PORT ausentes: rode a suíte via scripts/dev.sh test")
        platform = cls(instance, BrokerEndpoint("127.0.0.1", int(port)))
        if platform.pid() is None:
            _dev_stack(instance, "start-service", "mqtt")
            platform.started_by_suite = True
        platform.pid_before = platform.pid()
        platform.other_pids_before = platform.other_pids()
        platform.devices_before = platform.devices()
        platform.canary_user = f"suite-canary-{uuid.uuid4().hex[:8]}"
        platform.canary_password = uuid.uuid4().hex
        with platform._admin() as admin:
            admin.run(
                [
                    {
                        "command": "createClient",
                        "username": platform.canary_user,
                        "password": platform.canary_password,
                        "clientid": platform.canary_user,
                    }
                ]
            )
        return platform

    def cleanup(self) -> None:
        try:
            with self._admin() as admin:
                admin.run([{"command": "deleteClient", "username": self.canary_user}], tolerate=("not found",))
        finally:
            if self.started_by_suite:
                _dev_stack(self.instance, "stop-service", "mqtt")
