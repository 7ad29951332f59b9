"""Provisionamento em massa ponta a ponta: API real, worker Celery real, Mosquitto (dynsec) real.

Dados commitados de verdade (o lote vai ao broker no `on_commit`); slugs de site únicos por teste.
"""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from django.db import transaction

from apps.devices.models import Device
from apps.devices.services import decommission_device
from apps.tenancy.connection import tenant_connection
from testsupport.broker import committed, ingest, mqtt_clients, wait_status  # noqa: F401 — fixtures
from testsupport.tenants import bearer_client, in_tenant, unique_slug


def _post_csv(text: str, **query: str) -> Any:
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    response = bearer_client("ops").post(f"/api/devices/bulk/?{qs}", text.encode(), content_type="text/csv")
    tenant_connection().set_schema_to_public()
    return response


def _summary(body: dict[str, Any]) -> list[tuple[int, str, str]]:
    return [(r["row"], r["status"], r["reason"].split(":")[0]) for r in body["results"]]


def test_bulk_csv_gives_exact_row_results_is_idempotent_and_devices_connect(
    committed: Any,  # noqa: F811 — garante worker Celery e banco desbloqueado
    mqtt_clients: Any,  # noqa: F811
) -> None:
    site = unique_slug("lote")
    text = (
        "site,slug,name,template,contracted_points\n"
        f"{site},ch-a,Chiller A,chiller_v1,\n"
        f"{site},ch-b,Chiller B,chiller_v1,temp_agua_saida;pressao_succao\n"
        f"{site},ch-a,Chiller A de novo,chiller_v1,\n"
        f"{site},ch-c,Sem modelo,nao_existe,\n"
        f"{site},ch-d,,chiller_v1,\n"
        f"{site},Bad Slug,Ruim,chiller_v1,\n"
        f"{site},ch-e,Ponto errado,chiller_v1,nope\n"
    )
    expected = [
        (1, "created", ""),
        (2, "created", ""),
        (3, "error", "duplicada da linha 1"),
        (4, "error", "modelo de equipamento desconhecido"),
        (5, "error", "campo obrigatório ausente"),
        (6, "error", "slug inválido"),
        (7, "error", "pontos ['nope'] não existem no modelo chiller_v1"),
    ]

    # dry_run: o mesmo resultado por linha, nada gravado, nenhuma senha.
    dry = _post_csv(text, dry_run="true")
    assert dry.status_code == 200, dry.content
    assert dry.json()["dry_run"] is True
    assert [r[:2] for r in _summary(dry.json())] == [r[:2] for r in expected]
    assert all(r["mqtt_password"] is None for r in dry.json()["results"])
    with in_tenant("alpha"):
        assert not Device.objects.filter(site__slug=site).exists()

    real = _post_csv(text)
    assert real.status_code == 200, real.content
    body = real.json()
    got = _summary(body)
    assert [r[:2] for r in got] == [r[:2] for r in expected]
    for (_, _, reason), (_, _, want) in zip(got, expected, strict=True):
        assert reason.startswith(want.split(":")[0]), (reason, want)
    assert body["counts"] == {"created": 2, "exists": 0, "error": 5}
    created = [r for r in body["results"] if r["status"] == "created"]
    assert all(r["mqtt_password"] for r in created)
    assert real.headers["Cache-Control"] == "no-store"

    # Rodar de novo não cria nada: as válidas viram `exists` com o mesmo device_id.
    again = _post_csv(text).json()
    assert again["counts"] == {"created": 0, "exists": 2, "error": 5}
    assert [r["device_id"] for r in again["results"][:2]] == [r["device_id"] for r in created]
    assert all(r["mqtt_password"] is None for r in again["results"])

    with in_tenant("alpha"):
        devices = {d.slug: d for d in Device.objects.filter(site__slug=site).prefetch_related("points")}
    assert set(devices) == {"ch-a", "ch-b"}
    assert {p.name for p in devices["ch-b"].points.all() if p.is_contracted} == {"temp_agua_saida", "pressao_succao"}

    # Arquivo de senhas (`?output=csv`) numa chamada que cria mais um.
    extra = _post_csv(f"site,slug,name,template\n{site},ch-f,Chiller F,chiller_v1\n", output="csv")
    assert extra.status_code == 200
    assert extra["Content-Type"].startswith("text/csv")
    (line,) = list(csv.DictReader(io.StringIO(extra.content.decode())))
    assert line["slug"] == "ch-f"
    assert line["mqtt_username"] == f"alpha.{site}.ch-f"
    assert line["topic_base"] == f"traksense/alpha/{site}/ch-f"
    created.append(
        {"device_id": line["device_id"], "mqtt_username": line["mqtt_username"], "mqtt_password": line["mqtt_password"]}
    )

    # Cada dispositivo criado conecta no broker (TLS) e publica no próprio tópico.
    spy = ingest(mqtt_clients)
    try:
        for row in created:
            device = wait_status("alpha", row["device_id"], "provisioned")
            client = mqtt_clients(row["mqtt_username"], row["mqtt_password"])
            assert not client.connect().is_failure
            assert not client.publish(f"{device.topic_base}/telem", b'{"schema":"v1"}').is_failure
            assert spy.expect(f"{device.topic_base}/telem") is not None
    finally:
        with in_tenant("alpha") as tenant, transaction.atomic():
            for device in Device.objects.filter(site__slug=site):
                decommission_device(tenant=tenant, device=device)
        tenant_connection().set_schema_to_public()


def test_management_command_runs_the_same_batch(committed: Any, tmp_path: Any) -> None:  # noqa: F811
    from django.core.management import call_command

    site = unique_slug("cmd")
    source = tmp_path / "lote.csv"
    source.write_text(f"site,slug,name,template\n{site},m-1,M1,chiller_v1\n{site},m-1,dup,chiller_v1\n")
    secrets = tmp_path / "senhas.csv"
    out = io.StringIO()
    call_command("bulk_provision_devices", str(source), tenant="alpha", credentials_out=str(secrets), stdout=out)
    tenant_connection().set_schema_to_public()
    assert '"created": 1' in out.getvalue()
    assert '"error": 1' in out.getvalue()
    (line,) = list(csv.DictReader(io.StringIO(secrets.read_text())))
    assert line["mqtt_username"] == f"alpha.{site}.m-1"
    assert oct(secrets.stat().st_mode & 0o777) == "0o600"
    wait_status("alpha", uuid.UUID(line["device_id"]), "provisioned")
    again = io.StringIO()
    call_command("bulk_provision_devices", str(source), tenant="alpha", dry_run=True, stdout=again)
    tenant_connection().set_schema_to_public()
    assert '"exists": 1' in again.getvalue()
    with in_tenant("alpha") as tenant, transaction.atomic():
        decommission_device(tenant=tenant, device=Device.objects.get(site__slug=site, slug="m-1"))
    tenant_connection().set_schema_to_public()
