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
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))  # pacotes da raiz importados pelos apps (contracts, ingest)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(argv: list[str] | None = None) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    from apps.broker.models import MqttCredential
    from apps.broker.provisioning import (
        BrokerError,
        LocalMosquitto,
        MosquittoProvisioner,
        get_provisioner,
        resync_local_mosquitto,
    )
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
    except (DeviceError, BrokerError) as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
