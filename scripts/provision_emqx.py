#!/usr/bin/env python3
"""Provisionamento de dispositivos no broker MQTT (nome da especificação; serve EMQX e Mosquitto).

O banco é a fonte única da verdade (credenciais com hash + ACL em public.broker_*). Este CLI usa as MESMAS
ações de serviço da API; o efeito no broker vai pela tarefa Celery (ou na hora, com --eager).

  provision --tenant alpha --site planta-1 --template chiller_v1 --slug ch-01 --name "Chiller 1" [--contracted P ...]
            cria o dispositivo e imprime a senha MQTT (única vez que ela aparece)
  rotate    --tenant alpha --device <uuid|slug>     nova senha (impressa uma vez); derruba a sessão antiga
  revoke    --tenant alpha --device <uuid|slug>     revoga e desconecta
  resync                                            Mosquitto: reconstrói TODOS os dispositivos a partir do banco
                                                    (para, regrava o dynsec com os hashes, inicia). EMQX: nada a
                                                    fazer (lê o banco); roda o check.
  check                                             compara broker × banco; sai com 1 se divergir

Ambiente: o mesmo .env da API (DATABASE_URL, MQTT_*, TS_MQTT_ADMIN_*, TS_MQTT_BACKEND, EMQX_API_*).
Uso: set -a; . ./.env; set +a; .venv/bin/python scripts/provision_emqx.py check
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))  # pacotes da raiz importados pelos apps (contracts, ingest)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

if TYPE_CHECKING:
    from apps.broker.backends.base import DeviceIdentity
    from apps.broker.hashing import PasswordRecord


# --- Controle do Mosquitto local (layout de scripts/stack.sh): só ferramenta de dev, fora da aplicação -----


def stack_instance() -> str:
    """Instância efetiva dos serviços locais (scripts/stack.sh é a fonte única; respeita TS_STACK_PROFILE)."""
    result = subprocess.run(
        [str(REPO / "scripts" / "stack.sh"), "instance"], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@dataclass(frozen=True)
class LocalMosquitto:
    """Onde está o Mosquitto local da instância (layout de scripts/stack.sh) e como pará-lo/iniciá-lo."""

    dynsec_file: Path
    pid_file: Path

    @classmethod
    def from_env(cls) -> LocalMosquitto:
        cache = Path(os.environ.get("TRAKSENSE_CACHE", Path.home() / ".cache" / "traksense"))
        base = cache / "trixie-root" / "srv" / "traksense" / stack_instance() / "mosquitto"
        return cls(dynsec_file=base / "dynamic-security.json", pid_file=base / "mosquitto.pid")

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def _stack(self, *args: str) -> None:
        result = subprocess.run(
            [str(REPO / "scripts" / "stack.sh"), *args], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"scripts/stack.sh {' '.join(args)} falhou: {result.stderr[-2000:]}")

    def stop(self) -> None:
        """SIGTERM (encerramento limpo: grava a persistência) pelo stack.sh, que espera o processo sair."""
        self._stack("stop-service", "mqtt")

    def start(self) -> None:
        self._stack("start-service", "mqtt")
        if self.pid() is None:
            raise RuntimeError("o Mosquitto local não subiu (veja o log da instância)")


def resync_local_mosquitto(local: LocalMosquitto, devices: Sequence[tuple[DeviceIdentity, PasswordRecord]]) -> int:
    """Para o broker, regrava os dispositivos do arquivo dynsec a partir do banco e o inicia de novo.

    Derruba todas as conexões (restart): é a ferramenta de recuperação depois de o broker perder o estado,
    não a via normal (essa é a API de controle, dispositivo a dispositivo).
    """
    from apps.broker.backends.dynsec import rebuild_dynsec_file

    if not local.dynsec_file.exists():
        raise RuntimeError(f"arquivo dynsec não existe: {local.dynsec_file} (suba o broker uma vez: stack.sh up)")
    local.stop()
    try:
        count = rebuild_dynsec_file(local.dynsec_file, devices)
    finally:
        local.start()
    return count


def main(argv: list[str] | None = None) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    from apps.broker.backends import BrokerError, get_provisioner
    from apps.broker.backends.dynsec import MosquittoProvisioner
    from apps.broker.models import MqttCredential
    from apps.broker.services import active_device_records, identity_of
    from apps.devices.models import Device
    from apps.devices.services import DeviceError, DeviceSpec, create_device, revoke_device, rotate_device_password
    from apps.tenancy.models import Tenant
    from config.celery import app as celery_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eager", action="store_true", help="aplica no broker agora, sem worker Celery")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("provision")
    for flag in ("--tenant", "--site", "--template", "--slug", "--name"):
        p.add_argument(flag, required=True)
    p.add_argument("--contracted", nargs="*", default=None, help="pontos contratados (padrão: todos)")
    for name in ("rotate", "revoke"):
        s = sub.add_parser(name)
        s.add_argument("--tenant", required=True)
        s.add_argument("--device", required=True, help="uuid ou slug do dispositivo")
    sub.add_parser("resync")
    sub.add_parser("check")
    args = parser.parse_args(argv)
    if args.eager:
        celery_app.conf.task_always_eager = True

    def tenant_of(slug: str) -> Tenant:
        connection.set_schema_to_public()
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise SystemExit(f"tenant desconhecido: {slug}")
        connection.set_tenant(tenant)
        return tenant

    def device_of(ref: str) -> Device:
        qs = Device.objects.all()
        found = qs.filter(slug=ref) if "-" not in ref or len(ref) != 36 else qs.filter(id=ref)
        device = found.first()
        if device is None:
            raise SystemExit(f"dispositivo não encontrado: {ref}")
        return device

    def print_secret(device: Device, password: str) -> None:
        print(f"device_id={device.id}")
        print(f"topic_base={device.topic_base}")
        print(f"username={device.mqtt_username}")
        print(f"client_id={device.mqtt_username}")
        print(f"password={password}   # guarde agora: não será mostrada de novo")

    try:
        if args.command == "provision":
            tenant = tenant_of(args.tenant)
            with transaction.atomic():
                result = create_device(
                    tenant=tenant,
                    spec=DeviceSpec(
                        site_slug=args.site,
                        template_slug=args.template,
                        slug=args.slug,
                        name=args.name,
                        contracted_points=args.contracted,
                    ),
                )
            print_secret(result.device, result.mqtt_password)
        elif args.command == "rotate":
            tenant = tenant_of(args.tenant)
            with transaction.atomic():
                result = rotate_device_password(tenant=tenant, device=device_of(args.device))
            print_secret(result.device, result.mqtt_password)
        elif args.command == "revoke":
            tenant = tenant_of(args.tenant)
            with transaction.atomic():
                device = revoke_device(tenant=tenant, device=device_of(args.device))
            print(f"revogado: {device.mqtt_username}")
        elif args.command == "resync":
            connection.set_schema_to_public()
            if settings.MQTT_BACKEND == "mosquitto":
                count = resync_local_mosquitto(LocalMosquitto.from_env(), active_device_records())
                print(f"Mosquitto reconstruído a partir do banco: {count} dispositivos")
            else:
                print("EMQX lê credenciais e ACL do PostgreSQL: nada a reconstruir")
            return main(["check"])
        elif args.command == "check":
            connection.set_schema_to_public()
            provisioner = get_provisioner()
            problems = 0
            active = MqttCredential.objects.filter(is_active=True).prefetch_related("acls")
            for credential in active:
                result = provisioner.check(identity_of(credential))
                if not result.ok:
                    problems += 1
                    print(f"DIVERGE {result.username}: {result.detail}")
            if isinstance(provisioner, MosquittoProvisioner):
                extra = provisioner.list_device_usernames() - {c.username for c in active}
                for username in sorted(extra):
                    problems += 1
                    print(f"SOBRA   {username}: no broker sem credencial ativa no banco")
            print(f"{active.count()} credenciais ativas, {problems} divergência(s)")
            return 1 if problems else 0
    except (DeviceError, BrokerError, RuntimeError) as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
