"""Comandos ponta a ponta: API real → Mosquitto → simulador → ack → ingest real → cmd_ack/NOTIFY → API.

Nada de mock: o simulador é o mesmo script do `make up`, conectado com as credenciais que o worker Celery
provisionou no broker. Nenhum teste afirma sobre duração (os prazos só separam "chegou" de "não chegou").
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.commands.choices import CommandStatus
from apps.commands.models import Command
from apps.commands.tasks import reconcile_late_acks
from apps.commands.tests.conftest import Behavior, DeviceFactory, wait_until
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import User
from testsupport.tenants import in_tenant

RESET = {"op": "reset_fault", "params": {"pulse_ms": 500}}


def test_reset_fault_reaches_the_device_and_answers_with_its_ack(api: Any, devices: DeviceFactory) -> None:
    dev = devices.online_device(fault=True)
    assert dev.sim is not None
    assert dev.sim.is_faulted()

    res = api("ops").post(dev.url, RESET, format="json")

    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == CommandStatus.ACKED_OK
    assert body["ack"]["ok"] is True
    assert body["ack"]["err"] is None
    assert body["ack"]["ts_exec"]
    assert body["requested_by"]["username"] == "ops"
    assert body["sent_at"]
    assert not body["late_ack"]
    # O dispositivo recebeu exatamente o payload da especificação (000 §5) e limpou a falha.
    ops = User.objects.get(username="ops")
    assert dev.sim.commands == [
        {"schema": "v1", "cmd_id": body["cmd_id"], "op": "reset_fault", "pulse_ms": 500, "by": str(ops.pk)}
    ]
    assert not dev.sim.is_faulted()
    # Auditável depois: detalhe e histórico do dispositivo (qualquer papel do tenant lê).
    detail = api("viewer").get(f"/api/cmd/{body['cmd_id']}").json()
    assert detail["status"] == CommandStatus.ACKED_OK
    assert detail["requested_by"]["username"] == "ops"
    history = api("viewer").get(f"/api/cmd/?device={dev.device_id}").json()
    assert [c["cmd_id"] for c in history["results"]] == [body["cmd_id"]]


def test_checks_before_publishing_share_the_authentication_transaction(api: Any, devices: DeviceFactory) -> None:
    """Issue 16: token/papel, dispositivo, op/params e conectividade numa transação só, com um único set_config do
    tenant e sem savepoint, antes de gravar o Command (que é commitado antes da publicação)."""

    dev = devices.online_device()
    client = api("ops")
    assert client.post(dev.url, RESET, format="json").status_code == 200  # aquece o cache do tenant
    with CaptureQueriesContext(connection) as captured:
        res = client.post(dev.url, RESET, format="json")
    assert res.status_code == 200, res.content
    sql = [" ".join(q["sql"].split()) for q in captured.captured_queries]
    insert = next(i for i, q in enumerate(sql) if q.startswith("INSERT INTO") and "command" in q)
    before = sql[:insert]
    assert sum("set_config('app.tenant_id'" in q for q in before) == 1, before
    assert not [q for q in before if "SAVEPOINT" in q], before
    assert [q for q in before if "tenant_device_status" in q], before
    assert [q for q in before if "core_apitoken" in q], before


def test_device_error_ack_is_acked_error(api: Any, devices: DeviceFactory) -> None:
    dev = devices.online_device(behavior=Behavior(ack_ok=False, ack_error="relé travado"))

    res = api("ops").post(dev.url, RESET, format="json")

    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == CommandStatus.ACKED_ERROR
    assert body["ack"] == {**body["ack"], "ok": False, "err": "relé travado"}


def test_no_ack_times_out_with_a_clear_504(api: Any, devices: DeviceFactory) -> None:
    dev = devices.online_device(behavior=Behavior(answer=False))

    res = api("ops").post(dev.url, {**RESET, "timeout": 0.5}, format="json")

    assert res.status_code == 504, res.content
    body = res.json()
    assert body["status"] == CommandStatus.TIMED_OUT
    assert body["ack"] is None
    assert "sem ACK" in body["detail"]
    assert dev.sim is not None
    assert [c["cmd_id"] for c in dev.sim.commands] == [body["cmd_id"]]
    assert api("ops").get(f"/api/cmd/{body['cmd_id']}").json()["status"] == CommandStatus.TIMED_OUT


def test_late_ack_is_recorded_after_the_timeout_by_the_worker(api: Any, devices: DeviceFactory) -> None:
    dev = devices.online_device(behavior=Behavior(ack_delay_s=2.0))

    res = api("ops").post(dev.url, {**RESET, "timeout": 0.3}, format="json")
    assert res.status_code == 504, res.content
    cmd_id = res.json()["cmd_id"]

    late = wait_until(
        lambda: (b := api("ops").get(f"/api/cmd/{cmd_id}").json())["status"] != CommandStatus.TIMED_OUT and b,
        "ACK tardio conciliado pelo worker (LISTEN → reconcile_command)",
    )
    assert late["status"] == CommandStatus.ACKED_OK
    assert late["late_ack"] is True
    assert late["timed_out_at"]
    assert late["ack"]["ok"] is True


def test_late_ack_is_recorded_by_the_periodic_task_without_any_read(
    api: Any, devices: DeviceFactory, owner_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from apps.commands.listener import AckListener

    # Como se o processo que enviou o comando tivesse morrido: ninguém vigia o ACK tardio pelo LISTEN.
    monkeypatch.setattr(AckListener, "watch_late", lambda self, cmd_id, schema_name: None)
    dev = devices.online_device(behavior=Behavior(ack_delay_s=2.0))
    res = api("ops").post(dev.url, {**RESET, "timeout": 0.3}, format="json")
    assert res.status_code == 504, res.content
    cmd_id = res.json()["cmd_id"]

    def ack_stored() -> bool:
        with psycopg.connect(owner_url) as conn:
            return conn.execute("SELECT 1 FROM public.cmd_ack WHERE cmd_id = %s", [cmd_id]).fetchone() is not None

    wait_until(ack_stored, "ingest gravou o ACK tardio")
    assert reconcile_late_acks() >= 1
    with in_tenant("alpha"):
        command = Command.objects.get(pk=cmd_id)
    assert command.status == CommandStatus.ACKED_OK
    assert command.late_ack


def test_offline_device_is_409_and_nothing_is_sent(api: Any, devices: DeviceFactory) -> None:
    never_seen = devices.create()
    res = api("ops").post(never_seen.url, RESET, format="json")
    assert res.status_code == 409, res.content
    assert "nunca se conectou" in res.json()["detail"]

    dev = devices.online_device()
    assert dev.sim is not None
    dev.sim.stop()  # publica offline retido (sem isso o broker publicaria o LWT)
    wait_until(lambda: not devices.online(dev.device_id), "ingest gravou offline")
    res = api("ops").post(dev.url, RESET, format="json")
    assert res.status_code == 409, res.content
    assert res.json()["code"] == "device_offline"
    with in_tenant("alpha"):
        assert not Command.objects.filter(device_id__in=[never_seen.device_id, dev.device_id]).exists()


def test_lwt_marks_device_offline(api: Any, devices: DeviceFactory) -> None:
    dev = devices.online_device()
    assert dev.sim is not None
    # Queda sem DISCONNECT: o socket fecha e o broker publica o LWT retido {"online": false}.
    dev.sim.crash()
    wait_until(lambda: not devices.online(dev.device_id), "LWT gravou offline")
    assert api("ops").post(dev.url, RESET, format="json").status_code == 409


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"op": "blink", "params": {}}, "op 'blink' não existe"),
        ({"op": "reset_fault", "params": {}}, "pulse_ms"),
        ({"op": "reset_fault", "params": {"pulse_ms": 50}}, "pulse_ms"),
        ({"op": "reset_fault", "params": {"pulse_ms": "500"}}, "pulse_ms"),
        ({"op": "reset_fault", "params": {"pulse_ms": 500, "extra": 1}}, "extra"),
        ({"op": "reset_fault", "params": {"pulse_ms": 500, "cmd_id": "x"}}, "reservadas"),
        ({"params": {"pulse_ms": 500}}, "op"),
    ],
)
def test_invalid_command_is_400_and_records_nothing(
    api: Any, devices: DeviceFactory, body: dict[str, Any], fragment: str
) -> None:
    dev = devices.create()
    res = api("ops").post(dev.url, body, format="json")
    assert res.status_code == 400, res.content
    assert fragment in res.content.decode()
    with in_tenant("alpha"):
        assert not Command.objects.filter(device_id=dev.device_id).exists()


def test_another_tenants_device_is_404(api: Any, devices: DeviceFactory) -> None:
    beta_dev = devices.create(tenant="beta")
    assert api("ops", "alpha").post(beta_dev.url, RESET, format="json").status_code == 404
    assert api("admin", "alpha").post(beta_dev.url, RESET, format="json").status_code in (403, 404)
    assert api("admin", "beta").post(beta_dev.url, RESET, format="json").status_code == 403  # beta não permite


def test_viewer_and_anonymous_cannot_send(api: Any, devices: DeviceFactory) -> None:
    dev = devices.create()
    assert api("viewer").post(dev.url, RESET, format="json").status_code == 403
    assert api("anonymous").post(dev.url, RESET, format="json").status_code == 401


def test_customer_admin_only_where_tenant_allows(
    api: Any, devices: DeviceFactory, allow_customer_commands: Any
) -> None:
    dev = devices.online_device()
    allow_customer_commands("alpha", False)
    denied = api("admin").post(dev.url, RESET, format="json")
    assert denied.status_code == 403
    assert "não permite enviar comandos" in denied.json()["detail"]

    allow_customer_commands("alpha", True)
    res = api("admin").post(dev.url, RESET, format="json")
    assert res.status_code == 200, res.content
    assert res.json()["requested_by"]["username"] == "alpha-admin"
    tenant_connection().set_schema_to_public()


def test_history_lists_who_sent_what_newest_first(api: Any, devices: DeviceFactory) -> None:
    dev = devices.online_device()
    first = api("ops").post(dev.url, RESET, format="json").json()["cmd_id"]
    second = api("ops").post(dev.url, {"op": "reset_fault", "params": {"pulse_ms": 1000}}, format="json").json()
    history = api("admin").get(f"/api/cmd/?device={dev.device_id}").json()["results"]
    assert [c["cmd_id"] for c in history] == [second["cmd_id"], first]
    assert history[0]["params"] == {"pulse_ms": 1000}
    assert history[0]["requested_by"]["username"] == "ops"
    assert api("ops").get("/api/cmd/?device=nope").status_code == 400
    assert api("ops").get("/api/cmd/01ARZ3NDEKTSV4RRFFQ69G5FAV").status_code == 404


def test_ack_listener_wakes_the_waiter_on_notify(live_db: None, ingest_url: str) -> None:
    """A espera acorda pela NOTIFY do gatilho de cmd_ack (não pelo fim do prazo nem varrendo a tabela)."""
    import threading
    import uuid

    import psycopg

    from apps.commands.listener import get_listener

    listener = get_listener()
    assert listener.wait_ready(30)
    cmd_id = f"T{uuid.uuid4().hex[:25].upper()}"
    with in_tenant("alpha") as tenant, listener.waiting(cmd_id) as event:
        assert not event.is_set()
        with psycopg.connect(ingest_url) as conn:  # como o ingest grava
            conn.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant.tenant_id)])
            conn.execute(
                "INSERT INTO public.tenant_cmd_ack (tenant_id, device_id, cmd_id, ok, payload)"
                " VALUES (%s, %s, %s, true, '{}')",
                [tenant.tenant_id, uuid.uuid4(), cmd_id],
            )
            assert not event.is_set()  # antes do commit, nada
        assert event.wait(60), "NOTIFY não acordou a espera"
    assert isinstance(event, threading.Event)
