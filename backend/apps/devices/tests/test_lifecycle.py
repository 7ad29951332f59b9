"""Ciclo de vida do dispositivo ponta a ponta: desativar, reativar e mudar de site.

Tudo real e commitado: banco de teste, worker Celery provisionando no Mosquitto (dynsec) da instância de
teste, o ingest como subprocesso (`python -m ingest`) e a API pelo cliente de teste do Django com Bearer.
As mensagens "tardias" (já em voo quando o dispositivo foi desativado) são publicadas por uma conta de
teste com permissão em traksense/# — o dispositivo em si já é recusado pelo broker.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from apps.devices.models import Device
from apps.tenancy.connection import tenant_connection
from testsupport.broker import committed, mqtt_clients, wait_status  # noqa: F401 — fixtures
from testsupport.ingest import Db, IngestProcess
from testsupport.mqtt import Publisher, publisher, publisher_credentials, wait_until  # noqa: F401 — fixtures
from testsupport.tenants import bearer_client, in_tenant, unique_slug


@pytest.fixture(scope="module")
def ingest_proc(ingest_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IngestProcess]:
    proc = IngestProcess(ingest_url, tmp_path_factory.mktemp("ingest"), TS_INGEST_BATCH_MAX_AGE_S="0.01").start()
    yield proc
    proc.terminate()
    proc.drop_session()


def _telem(value: float, at: datetime) -> bytes:
    body = {
        "schema": "v1",
        "ts": at.isoformat().replace("+00:00", "Z"),
        "points": [{"name": "temp_agua_saida", "t": "float", "v": value, "u": "°C"}],
    }
    return json.dumps(body).encode()


def _raw_values(device_id: Any, start: datetime) -> list[float]:
    """Histórico pela API de dados (papel viewer), como o cliente leria."""
    response = bearer_client("viewer").get(
        "/api/data/points",
        {
            "device": str(device_id),
            "point": "temp_agua_saida",
            "from": start.isoformat(),
            "to": (start + timedelta(hours=1)).isoformat(),
            "agg": "raw",
        },
    )
    tenant_connection().set_schema_to_public()
    assert response.status_code == 200, response.content
    return [d["value"] for d in response.json()["series"][0]["data"]]


def test_decommission_reactivate_and_move_keep_history(
    committed: Any,  # noqa: F811
    mqtt_clients: Any,  # noqa: F811
    publisher: Publisher,  # noqa: F811
    ingest_proc: IngestProcess,
    owner_url: str,
) -> None:
    db = Db(owner_url)
    dev = committed()
    device_id = dev.device.id
    ops = bearer_client("ops")
    tenant_connection().set_schema_to_public()
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)

    def count() -> int:
        return int(db.query("SELECT count(*) FROM public.ts_measure WHERE device_id = %s", device_id)[0][0])

    # 1) Em operação: o dispositivo publica e o ingest grava.
    field = mqtt_clients(dev.username, dev.password)
    assert not field.connect().is_failure
    # O registro do ingest acompanha a criação por NOTIFY em segundos; até lá a amostra vai para a dead letter
    # (`unknown_device`), então republicamos a MESMA amostra (mesmo ts: a deduplicação a grava uma vez só).

    def stored_first() -> bool:
        assert not field.publish(f"{dev.topic_base}/telem", _telem(1.0, t0)).is_failure
        return count() == 1

    wait_until(stored_first, "primeira amostra gravada", every=1.0)

    # 2) Desativação: a sessão é derrubada, o broker recusa a credencial antiga, e a mensagem tardia vira
    #    dead letter `device_decommissioned` (o registro do ingest acompanhou por NOTIFY, sem reinício).
    reloads = ingest_proc.log_text().count("registro recarregado")
    response = ops.post(f"/api/devices/{device_id}/decommission/")
    tenant_connection().set_schema_to_public()
    assert response.status_code == 202, response.content
    # O ingest recarrega o registro por NOTIFY em segundos (sem reinício): espera a recarga pós-commit antes de
    # mandar a mensagem tardia — uma que chegasse antes dela ainda seria aceita (janela documentada).
    wait_until(lambda: ingest_proc.log_text().count("registro recarregado") > reloads, "recarga do registro")
    assert response.json()["decommissioned_at"] is not None
    wait_status("alpha", device_id, "revoked")
    assert field.disconnected.wait(15), "sessão do dispositivo desativado não foi derrubada"
    refused = mqtt_clients(dev.username, dev.password)
    assert refused.connect().is_failure
    publisher.publish(f"{dev.topic_base}/telem", _telem(2.0, t0 + timedelta(seconds=1)))
    wait_until(lambda: bool(db.errors(f"{dev.topic_base}/telem")), "dead letter da mensagem tardia")
    (reason, detail, *_rest) = db.errors(f"{dev.topic_base}/telem")[-1]
    assert reason == "device_decommissioned", detail
    assert count() == 1
    # Histórico continua legível pela API de dados.
    assert _raw_values(device_id, t0) == [1.0]
    # Repetir a desativação é inócuo.
    assert ops.post(f"/api/devices/{device_id}/decommission/").status_code == 202
    tenant_connection().set_schema_to_public()

    # 3) Reativação: credencial nova, devolvida uma vez; a antiga segue recusada; a série continua.
    response = ops.post(f"/api/devices/{device_id}/reactivate/")
    tenant_connection().set_schema_to_public()
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["decommissioned_at"] is None
    new_password = body["mqtt"]["password"]
    assert new_password != dev.password
    wait_status("alpha", device_id, "provisioned")
    assert mqtt_clients(dev.username, dev.password).connect().is_failure
    back = mqtt_clients(dev.username, new_password)
    assert not back.connect().is_failure
    # O registro recarrega por NOTIFY em segundos; até lá uma amostra pode ir para a dead letter, então
    # publicamos até a amostra ser gravada (cada tentativa com ts distinto para não deduplicar).
    attempt = 0

    def stored_after_reactivation() -> bool:
        nonlocal attempt
        attempt += 1
        assert not back.publish(f"{dev.topic_base}/telem", _telem(3.0, t0 + timedelta(seconds=10 + attempt))).is_failure
        return count() >= 2

    wait_until(stored_after_reactivation, "amostra gravada após reativar", every=1.0)
    assert ops.post(f"/api/devices/{device_id}/reactivate/").status_code == 409
    tenant_connection().set_schema_to_public()

    # 4) Mudança de site: mesmo device_id; tópico, usuário e ACL novos; o usuário antigo some do broker.
    new_site = unique_slug("site")
    response = ops.post(f"/api/devices/{device_id}/move/", {"site": new_site}, format="json")
    tenant_connection().set_schema_to_public()
    assert response.status_code == 200, response.content
    moved = response.json()
    assert moved["id"] == str(device_id)
    assert moved["site"] == new_site
    assert moved["topic_base"] == f"traksense/alpha/{new_site}/{dev.device.slug}"
    assert moved["mqtt_username"] == f"alpha.{new_site}.{dev.device.slug}"
    wait_status("alpha", device_id, "provisioned")
    assert back.disconnected.wait(15), "sessão com o usuário antigo não foi derrubada"
    assert mqtt_clients(dev.username, new_password).connect().is_failure
    there = mqtt_clients(moved["mqtt_username"], moved["mqtt"]["password"])
    assert not there.connect().is_failure
    # ACL nova: o tópico antigo é proibido, o novo aceito e gravado na mesma série.
    assert there.publish(f"{dev.topic_base}/telem", _telem(9.0, t0)).getName() == "Not authorized"
    before = count()
    attempt = 100

    def stored_after_move() -> bool:
        nonlocal attempt
        attempt += 1
        rc = there.publish(f"{moved['topic_base']}/telem", _telem(4.0, t0 + timedelta(seconds=attempt)))
        assert not rc.is_failure
        return count() > before

    wait_until(stored_after_move, "amostra do site novo gravada", every=1.0)
    values = _raw_values(device_id, t0)
    assert values[0] == 1.0
    assert 3.0 in values
    assert values[-1] == 4.0
    with in_tenant("alpha"):
        device = Device.objects.select_related("site").get(id=device_id)
        assert device.site.slug == new_site
        assert device.points.count() > 0
