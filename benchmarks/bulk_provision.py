"""Benchmark do provisionamento em massa (issue 17): N dispositivos com credenciais e ACL, no banco e no broker.

Tudo real, na mesma execução, no banco e no Mosquitto (dynsec) do projeto (stack do `make up`), tenant `bench`:
- A. `bulk_provision` de N linhas (Device, Points, DashboardConfig, rotas do ingest, credencial pbkdf2 + ACL)
  e, no commit, a tarefa `devices.provision_devices` (lote único no broker, uma sessão admin) rodando em
  processo (Celery eager, como `scripts/provision_emqx.py --eager`), até todos ficarem `provisioned`.
- B. linha de base: o caminho de um dispositivo por vez (`create_device` + tarefa `devices.provision_device`,
  uma sessão admin por dispositivo), em K dispositivos, e o custo por dispositivo comparado ao de A.
No fim os dispositivos do benchmark são desativados (credenciais revogadas no banco e no broker).

Uso (da raiz, com o stack no ar):
    set -a; . ./.env; set +a
    .venv/bin/python benchmarks/bulk_provision.py [--devices 1000] [--baseline 50]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
TENANT = "bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=50)
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_OWNER_URL"]}
    subprocess.run(  # noqa: S603 — comando fixo do projeto
        [sys.executable, "manage.py", "setup_tenant", TENANT, "--name", "Bench"],
        cwd=BACKEND,
        env=env,
        check=False,
        capture_output=True,
    )

    # Catálogo do `make up` (idempotente), como dono: numa instância nova ele ainda não existe.
    subprocess.run([sys.executable, "manage.py", "seed_catalog"], cwd=BACKEND, env=env, check=True, capture_output=True)

    import django

    django.setup()
    from django.db import connection, transaction

    from apps.devices.bulk import bulk_provision
    from apps.devices.models import Device
    from apps.devices.services import DeviceSpec, create_device, decommission_device
    from apps.tenancy.models import Tenant
    from config.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    tenant = Tenant.objects.get(slug=TENANT)
    connection.set_tenant(tenant)
    tag = uuid.uuid4().hex[:6]

    # A. lote: banco (uma transação) + broker (uma sessão).
    rows = [
        {"site": f"b{tag}-{i // 100}", "slug": f"d-{i}", "name": f"Dev {i}", "template": "chiller_v1"}
        for i in range(args.devices)
    ]
    t0 = time.perf_counter()
    result = bulk_provision(tenant=tenant, rows=rows)
    total = time.perf_counter() - t0
    created = [r for r in result.results if r.status == "created"]
    errors = {r.reason for r in result.results if r.status == "error"}
    assert len(created) == args.devices, (result.counts(), sorted(errors)[:3])
    done = Device.objects.filter(site__slug__startswith=f"b{tag}-", provisioning_status="provisioned").count()
    assert done == args.devices, f"só {done} provisionados"

    # B. um por vez (o caminho de POST /api/devices/ + tarefa provision_device).
    t2 = time.perf_counter()
    for i in range(args.baseline):
        with transaction.atomic():
            made = create_device(
                tenant=tenant,
                spec=DeviceSpec(site_slug=f"s{tag}", template_slug="chiller_v1", slug=f"one-{i}", name="um"),
            )
        assert made.mqtt_password
    t_one = (time.perf_counter() - t2) / args.baseline

    per_bulk = total / args.devices
    print(f"A. lote de {args.devices} (banco + broker): {total:.1f} s")
    print(f"   por dispositivo: {per_bulk * 1000:.1f} ms")
    print(f"B. um por vez ({args.baseline}): {t_one * 1000:.1f} ms por dispositivo")
    print(f"B / A por dispositivo: {t_one / per_bulk:.1f}x; meta A <= 60 s: {'sim' if total <= 60 else 'não'}")
    print(f"load average (1, 5, 15 min) no fim: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    # Limpeza: desativa tudo o que o benchmark criou (banco e broker).
    for device in Device.objects.filter(site__slug__startswith=f"b{tag}-") | Device.objects.filter(
        site__slug=f"s{tag}"
    ):
        with transaction.atomic():
            # Eager: a tarefa de revogação roda no commit e apaga o cliente do dynsec.
            decommission_device(tenant=tenant, device=device)


if __name__ == "__main__":
    main()
