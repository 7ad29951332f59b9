"""ACK só do dispositivo a quem o comando foi enviado (issue 11), ponta a ponta com broker e ingest reais.

Cenário do achado: o comando ao inversor X vence (504); o chiller Y do mesmo tenant publica, no PRÓPRIO
tópico `ack` (a ACL dele permite), um ACK com o cmd_id de X. Antes: `GET /api/cmd/<id>` mostrava o comando
de X como `acked_ok`. Agora: o ACK de Y vira dead letter `ack_device_mismatch`, nunca é aplicado, e o ACK
legítimo de X, se chegar depois, ainda conclui o comando.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import psycopg

from apps.commands.choices import CommandStatus
from apps.commands.models import Command
from apps.commands.tasks import reconcile_late_acks
from apps.commands.tests.conftest import Behavior, DeviceFactory, SimDevice, wait_until
from testsupport.tenants import in_tenant

RESET = {"op": "reset_fault", "params": {"pulse_ms": 500}}


def publish_ack(dev: SimDevice, cmd_id: str, *, ok: bool = True) -> None:
    """Publica um ACK no tópico `ack` do próprio `dev`, com a conexão (e a ACL) dele."""
    assert dev.sim is not None
    doc = {"schema": "v1", "cmd_id": cmd_id, "ok": ok, "ts_exec": datetime.now(UTC).isoformat(), "err": None}
    info = dev.sim.client.publish(dev.sim.topic("ack"), json.dumps(doc), qos=1)
    info.wait_for_publish(30)


def test_ack_from_another_device_is_a_dead_letter_and_never_applied(
    api: Any, devices: DeviceFactory, owner_url: str
) -> None:
    inverter = devices.online_device(behavior=Behavior(answer=False))
    chiller = devices.online_device()

    res = api("ops").post(inverter.url, {**RESET, "timeout": 0.5}, format="json")
    assert res.status_code == 504, res.content
    cmd_id = res.json()["cmd_id"]

    publish_ack(chiller, cmd_id)

    def dead_letter() -> tuple[str, str] | None:
        with psycopg.connect(owner_url) as conn:
            row = conn.execute(
                "SELECT topic, detail FROM public.ingest_errors WHERE reason = 'ack_device_mismatch' "
                "AND detail LIKE %s",
                [f"%{cmd_id}%"],
            ).fetchone()
        return (row[0], row[1]) if row else None

    topic, detail = wait_until(dead_letter, "ACK alheio virou dead letter")
    assert topic == f"{chiller.credentials.topic_base}/ack"
    assert str(chiller.device_id) in detail
    assert str(inverter.device_id) in detail
    with psycopg.connect(owner_url) as conn:
        assert conn.execute("SELECT count(*) FROM public.cmd_ack WHERE cmd_id = %s", [cmd_id]).fetchone() == (0,)

    # Nem a conciliação periódica nem a leitura aplicam o ACK alheio.
    reconcile_late_acks()
    detail_body = api("viewer").get(f"/api/cmd/{cmd_id}").json()
    assert detail_body["status"] == CommandStatus.TIMED_OUT
    assert detail_body["ack"] is None
    with in_tenant("alpha"):
        assert Command.objects.get(pk=cmd_id).status == CommandStatus.TIMED_OUT

    # O ACK legítimo (do inversor, pelo tópico dele) ainda é aceito, como ACK tardio.
    publish_ack(inverter, cmd_id)
    late = wait_until(
        lambda: (b := api("viewer").get(f"/api/cmd/{cmd_id}").json())["status"] != CommandStatus.TIMED_OUT and b,
        "ACK legítimo conciliado pelo worker",
    )
    assert late["status"] == CommandStatus.ACKED_OK
    assert late["late_ack"] is True


def test_get_requests_do_not_write(api: Any, devices: DeviceFactory) -> None:
    """Leitura de comandos não concilia nem trava linhas: isso é do worker (issue 9, item 6)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dev = devices.online_device(behavior=Behavior(answer=False))
    res = api("ops").post(dev.url, {**RESET, "timeout": 0.3}, format="json")
    assert res.status_code == 504, res.content
    cmd_id = res.json()["cmd_id"]
    client = api("viewer")
    # Primeiro uso do token grava last_used_at (uma vez por minuto): fica fora da captura.
    assert client.get("/api/auth/tokens/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/api/cmd/{cmd_id}").status_code == 200
        assert client.get(f"/api/cmd/?device={dev.device_id}").status_code == 200
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) or "FOR UPDATE" in q["sql"].upper()
    ]
    assert writes == []
