"""SSE ponta a ponta no processo ASGI real: ticket pela API REST, stream lido por um cliente HTTP real.

Os eventos aqui são gravados pela função compartilhada de publicação (`publish_event_sync`, a mesma que a
API e o ingest usam); o caminho dispositivo → ingest → stream está em `test_live_e2e.py`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import psycopg
import pytest
import redis
from django.test import Client

from apps.core.models import ApiToken
from apps.live.tests.conftest import (
    HANG_GUARD_S,
    HEARTBEAT_S,
    MAX_PER_TENANT,
    MAX_PER_USER,
    SseClient,
    SseEvent,
    StreamServer,
    bearer_client,
    make_device,
    start_stream_server,
    stop_stream_server,
    stream_url,
    ticket_for,
    wait_until,
)
from apps.tenancy.connection import tenant_connection
from apps.tenancy.models import Tenant, TenantMembership, User
from contracts.events import CommandEvent, ConnectivityEvent, PointValue, TelemetryEvent
from ingest.live import publish_event_sync, stream_key

pytestmark = pytest.mark.django_db


def _tenant_uuid(slug: str) -> uuid.UUID:
    tenant_connection().set_schema_to_public()
    tenant: Tenant = Tenant.objects.get(slug=slug)
    return tenant.tenant_id


def _telemetry(device_id: uuid.UUID, value: float) -> TelemetryEvent:
    return TelemetryEvent(
        device_id=device_id,
        points=[PointValue(point_id=uuid.uuid4(), name="temp", ts=datetime.now(UTC), v=value, unit="°C")],
    )


def _value(ev: SseEvent) -> float:
    return float(ev.payload()["points"][0]["v"])


def test_viewer_streams_only_the_requested_devices_of_its_tenant(
    stream_server: StreamServer, sse: Callable[..., SseClient], redis_client: redis.Redis
) -> None:
    dev, other = make_device("alpha"), make_device("alpha")
    alpha = _tenant_uuid("alpha")
    client = sse(stream_url(stream_server, bearer_client("viewer", "alpha"), dev))
    assert client.status == 200
    assert client.response.headers["content-type"].startswith("text/event-stream")
    assert client.response.headers["cache-control"] == "no-cache"
    assert client.response.headers["x-accel-buffering"] == "no"
    first = client.next_block()
    assert first.retry == 3000
    publish_event_sync(redis_client, alpha, _telemetry(other, 1.0))  # outro dispositivo: filtrado
    eid = publish_event_sync(redis_client, alpha, _telemetry(dev, 2.0))
    publish_event_sync(redis_client, alpha, ConnectivityEvent(device_id=dev, online=False, last_seen=datetime.now(UTC)))
    ev = client.next_event()
    assert (ev.id, ev.event, _value(ev)) == (eid, "telemetry", 2.0)
    assert ev.payload()["device_id"] == str(dev)
    assert ev.payload()["schema"] == "v1"
    conn = client.next_event()
    assert conn.event == "connectivity"
    assert conn.payload()["online"] is False


def test_other_tenant_devices_are_404_before_the_stream_opens(
    stream_server: StreamServer, sse: Callable[..., SseClient]
) -> None:
    mine, theirs = make_device("alpha"), make_device("beta")
    admin = bearer_client("admin", "alpha")
    assert ticket_for(admin, theirs).status_code == 404
    assert ticket_for(admin, mine, theirs).status_code == 404
    assert ticket_for(admin, uuid.uuid4()).status_code == 404
    # Um ticket válido não abre dispositivos fora dele.
    url = stream_url(stream_server, admin, mine)
    resp = sse(url.replace(str(mine), str(theirs)))
    assert resp.status == 404
    # Usuário de outro tenant não obtém ticket neste tenant (mesmo RBAC da API).
    beta_viewer = bearer_client("viewer", "beta", header_tenant="alpha")
    assert ticket_for(beta_viewer, mine).status_code == 403
    assert ticket_for(bearer_client("anonymous", "alpha"), mine).status_code == 401


def test_ticket_is_single_use_and_needs_a_valid_token(
    stream_server: StreamServer, sse: Callable[..., SseClient]
) -> None:
    dev = make_device("alpha")
    viewer = bearer_client("viewer", "alpha")
    url = stream_url(stream_server, viewer, dev)
    first = sse(url)
    assert first.status == 200
    first.close()
    again = sse(url)
    assert again.status == 401
    assert "ticket" in again.json()["detail"].lower()
    assert sse(f"{stream_server.base}/api/stream?device={dev}").status == 401
    # Token expirado: nada de ticket.
    user = User.objects.get(username="alpha-viewer")
    ApiToken.objects.filter(user=user).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert ticket_for(viewer, dev).status_code == 401
    # Token revogado (DELETE /api/auth/token/): nada de ticket.
    admin = bearer_client("admin", "alpha")
    assert admin.delete("/api/auth/token/").status_code == 204
    assert ticket_for(admin, dev).status_code == 401


def test_last_event_id_resumes_with_exactly_the_missed_events(
    stream_server: StreamServer, sse: Callable[..., SseClient], redis_client: redis.Redis
) -> None:
    dev, other = make_device("alpha"), make_device("alpha")
    alpha = _tenant_uuid("alpha")
    admin = bearer_client("admin", "alpha")
    client = sse(stream_url(stream_server, admin, dev))
    client.next_block()
    seen = publish_event_sync(redis_client, alpha, _telemetry(dev, 1.0))
    assert client.next_event().id == seen
    client.close()
    missed = []
    for i in range(5):
        publish_event_sync(redis_client, alpha, _telemetry(other, 100.0 + i))
        missed.append(
            publish_event_sync(
                redis_client,
                alpha,
                CommandEvent(
                    device_id=dev, cmd_id=f"C{i}", op="reset_fault", status="sent", changed_at=datetime.now(UTC)
                ),
            )
        )
        missed.append(publish_event_sync(redis_client, alpha, _telemetry(dev, 2.0 + i)))
    back = sse(stream_url(stream_server, admin, dev), headers={"Last-Event-ID": seen})
    assert back.status == 200
    got = [back.next_event().id for _ in missed]
    assert got == missed
    # Nada além do que faltou: o próximo evento é um novo, publicado agora.
    fresh = publish_event_sync(redis_client, alpha, _telemetry(dev, 9.0))
    assert back.next_event().id == fresh
    # Mesma retomada por parâmetro (EventSource novo com outro ticket não manda cabeçalho).
    back.close()
    again = sse(stream_url(stream_server, admin, dev, last_event_id=missed[-1]))
    assert again.next_event().id == fresh


def test_client_behind_retention_gets_reset(
    stream_server: StreamServer, sse: Callable[..., SseClient], redis_client: redis.Redis
) -> None:
    dev = make_device("alpha")
    alpha = _tenant_uuid("alpha")
    admin = bearer_client("admin", "alpha")
    old = publish_event_sync(redis_client, alpha, _telemetry(dev, 1.0))
    for i in range(20):
        newest = publish_event_sync(redis_client, alpha, _telemetry(dev, 10.0 + i))
    # Retenção apara o stream (exato aqui, para o teste não depender do tamanho dos nós do MAXLEN ~).
    redis_client.xtrim(stream_key(alpha), maxlen=5, approximate=False)
    client = sse(stream_url(stream_server, admin, dev), headers={"Last-Event-ID": old})
    reset = client.next_event()
    assert reset.event == "reset"
    assert reset.payload() == {
        "schema": "v1",
        "type": "reset",
        "reason": "behind_retention",
        "refetch": "/api/data/latest",
    }
    assert reset.id == newest
    after = publish_event_sync(redis_client, alpha, _telemetry(dev, 99.0))
    assert client.next_event().id == after
    client.close()
    # Posição de outro stream (ex.: Redis esvaziado): também reset, com o motivo próprio.
    future = sse(stream_url(stream_server, admin, dev), headers={"Last-Event-ID": "99999999999999-0"})
    ev = future.next_event()
    assert (ev.event, ev.payload()["reason"]) == ("reset", "unknown_position")


def test_heartbeat_comment_with_configured_interval(stream_server: StreamServer, sse: Callable[..., SseClient]) -> None:
    # O servidor do teste roda com TS_SSE_HEARTBEAT_SECONDS=1 (padrão 15); o leitor só espera o guarda.
    assert HEARTBEAT_S == 1.0
    dev = make_device("alpha")
    client = sse(stream_url(stream_server, bearer_client("viewer", "alpha"), dev))
    client.next_block()
    beats = [client.next_block() for _ in range(2)]
    assert all(b.comments == ["heartbeat"] and b.data is None for b in beats)


def test_heartbeat_longer_than_redis_client_default_timeout(
    api_url: str, tmp_path: Path, sse: Callable[..., SseClient]
) -> None:
    # O XREAD fica bloqueado o intervalo inteiro: com 6 s (> 5 s, o timeout padrão do redis-py) o stream
    # precisa continuar vivo e mandar o heartbeat, não cair com TimeoutError.
    server = start_stream_server(api_url, tmp_path, TS_SSE_HEARTBEAT_SECONDS="6")
    try:
        dev = make_device("alpha")
        client = sse(stream_url(server, bearer_client("viewer", "alpha"), dev))
        client.next_block()
        assert client.next_block().comments == ["heartbeat"]
        assert "TimeoutError" not in server.log_text()
        client.close()
    finally:
        stop_stream_server(server)


def _stream_connections(r: redis.Redis) -> list[str]:
    return [c["name"] for c in r.client_list() if str(c.get("name", "")).startswith("traksense-sse:")]


def _lease_members(r: redis.Redis, user: str) -> set[bytes]:
    uid = User.objects.get(username=user).pk
    # Sem decode_responses os membros chegam em bytes (o redis-py anota a resposta só como `ResponseT`).
    members = cast(list[bytes], r.zrange(f"traksense:sse:active:user:{uid}", 0, -1))
    return set(members)


def test_closing_the_client_frees_task_and_redis_connection(
    stream_server: StreamServer, sse: Callable[..., SseClient], redis_client: redis.Redis
) -> None:
    dev = make_device("alpha")
    before = _stream_connections(redis_client)
    leases_before = _lease_members(redis_client, "alpha-viewer")
    client = sse(stream_url(stream_server, bearer_client("viewer", "alpha"), dev))
    client.next_block()
    opened = wait_until(
        lambda: [n for n in _stream_connections(redis_client) if n not in before], "conexão Redis do stream"
    )
    assert len(opened) == 1
    # A concessão deste stream é a que leva o id da conexão (comparação por diferença: outros testes podem
    # ter deixado concessões vencidas de servidores já parados).
    lease = _lease_members(redis_client, "alpha-viewer") - leases_before
    assert lease == {opened[0].removeprefix("traksense-sse:").encode()}
    client.close()
    # O gerador terminou (finally): concessão liberada e a conexão Redis própria fechada.
    wait_until(lambda: opened[0] not in _stream_connections(redis_client), "conexão do stream fechada")
    wait_until(lambda: not (lease & _lease_members(redis_client, "alpha-viewer")), "concessão liberada")


def test_open_streams_hold_no_database_connection(
    stream_server: StreamServer, sse: Callable[..., SseClient], owner_url: str
) -> None:
    # A resolução de tenant (middleware síncrono) usa o banco na abertura; um stream aberto por horas não
    # pode segurar essa conexão (seriam milhares no PostgreSQL).
    dev = make_device("alpha")
    clients = [sse(stream_url(stream_server, bearer_client(role, "alpha"), dev)) for role in ("admin", "viewer")]
    for c in clients:
        c.next_block()
        c.next_block()  # um heartbeat: o stream está em regime

    def held() -> int:
        with psycopg.connect(owner_url) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                [f"traksense-sse-test-{stream_server.port}"],
            ).fetchone()
        return int(row[0]) if row else 0

    assert held() == 0


def test_concurrent_stream_limits_answer_429(api_url: str, tmp_path: Path, sse: Callable[..., SseClient]) -> None:
    # Servidor próprio com limites pequenos e o tenant beta (que os outros testes deste módulo não usam).
    server = start_stream_server(
        api_url,
        tmp_path,
        TS_SSE_MAX_STREAMS_PER_USER=str(MAX_PER_USER),
        TS_SSE_MAX_STREAMS_PER_TENANT=str(MAX_PER_TENANT),
    )
    try:
        dev = make_device("beta")
        admin, viewer = bearer_client("admin", "beta"), bearer_client("viewer", "beta")
        mine = [sse(stream_url(server, admin, dev)) for _ in range(MAX_PER_USER)]
        assert [c.status for c in mine] == [200] * MAX_PER_USER
        over = sse(stream_url(server, admin, dev))
        assert over.status == 429
        assert over.json()["limit"] == "user"
        assert "retry-after" in over.response.headers
        # Limite do tenant (3): o viewer abre o terceiro; o quarto do tenant é recusado.
        assert sse(stream_url(server, viewer, dev)).status == 200
        tenant_over = sse(stream_url(server, viewer, dev))
        assert tenant_over.status == 429
        assert tenant_over.json()["limit"] == "tenant"
        # Fechar um stream devolve a vaga.
        mine[0].close()

        def slot_freed() -> bool:
            c = sse(stream_url(server, admin, dev))
            if c.status == 200:
                return True
            c.close()
            return False

        wait_until(slot_freed, "vaga devolvida")
    finally:
        stop_stream_server(server)


def test_stream_is_not_served_by_the_wsgi_api(db: None) -> None:
    dev = make_device("alpha")
    resp = Client().get(f"/api/stream?device={dev}", HTTP_X_TENANT="alpha")
    assert resp.status_code == 404
    assert "ASGI" in resp.json()["detail"]


def _ends_with(client: SseClient, comment: str) -> None:
    """Lê até o comentário de encerramento e confirma que o servidor fechou o stream logo depois. Os
    heartbeats mantêm a leitura viva: o prazo só protege contra um stream que nunca fecha."""
    deadline = time.monotonic() + HANG_GUARD_S
    while True:
        assert time.monotonic() < deadline, f"stream não encerrou ('{comment}')"
        block = client.next_block()
        if any(comment in c for c in block.comments):
            break
    with pytest.raises(AssertionError, match="stream terminou"):
        client.next_block()


def test_revoking_the_token_closes_its_open_stream(stream_server: StreamServer, sse: Callable[..., SseClient]) -> None:
    dev = make_device("alpha")
    viewer = bearer_client("viewer", "alpha")
    other = bearer_client("viewer", "alpha")  # outro token do mesmo usuário (outro navegador)
    revoked = sse(stream_url(stream_server, viewer, dev))
    kept = sse(stream_url(stream_server, other, dev))
    revoked.next_block()
    kept.next_block()
    assert viewer.delete("/api/auth/token/").status_code == 204
    _ends_with(revoked, "credencial revogada")
    # O stream do outro token do mesmo usuário segue vivo (heartbeats depois do fechamento do primeiro).
    assert [kept.next_block().comments for _ in range(2)] == [["heartbeat"], ["heartbeat"]]


def test_deactivated_user_and_changed_membership_close_streams(
    stream_server: StreamServer, sse: Callable[..., SseClient]
) -> None:
    dev = make_device("alpha")
    admin = bearer_client("admin", "alpha")
    client = sse(stream_url(stream_server, admin, dev))
    client.next_block()
    tenant_connection().set_schema_to_public()
    user = User.objects.get(username="alpha-admin")
    membership = TenantMembership.objects.get(user=user, tenant__slug="alpha")
    membership.role = "viewer"
    membership.save()
    _ends_with(client, "credencial revogada")
    # Ticket emitido depois da mudança passou de novo pela autorização: vale.
    again = sse(stream_url(stream_server, bearer_client("admin", "alpha"), dev))
    again.next_block()
    user.is_active = False
    user.save()
    _ends_with(again, "credencial revogada")


def test_stream_ends_when_its_token_expires(stream_server: StreamServer, sse: Callable[..., SseClient]) -> None:
    dev = make_device("alpha")
    viewer = bearer_client("viewer", "alpha")
    user = User.objects.get(username="alpha-viewer")
    ApiToken.objects.filter(user=user).update(expires_at=datetime.now(UTC) + timedelta(seconds=3))
    client = sse(stream_url(stream_server, viewer, dev))
    _ends_with(client, "fim do prazo")
