"""Restart do broker e fila além do orçamento (issue 10 itens 1–2; ADR-004), com serviços reais.

Toda mensagem conta só quando o broker deu PUBACK ao publicador; no fim, `ts_measure` tem exatamente o
conjunto esperado. Casos: o dispositivo reconecta antes do ingest (o ingest fica congelado com SIGSTOP
durante o restart), o ingest reconecta antes, o ingest está fora quando o broker reinicia, a fila passa do
limite (limite baixado só neste teste: o descarte aparece na métrica e no log), e dois membros dividindo
os tenants sem duplicar. Os prazos de `wait_until` só protegem contra travamento.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from ingest.topics import member_of
from testsupport.ingest import Db, Device, IngestProcess
from testsupport.mqtt import Publisher, wait_until
from testsupport.stack import stack

pytestmark = pytest.mark.slow


_T0: dict[uuid.UUID, datetime] = {}


def _device(db: Db, tenant: str = "alpha") -> Device:
    return db.add_device(tenant, {"v": ("float", [])})


def _stream(
    dev: Device, n: int, first: int = 0
) -> tuple[list[tuple[str, bytes]], set[tuple[uuid.UUID, datetime, float]]]:
    """n mensagens v1 de um ponto (o caso pequeno e frequente); ts e valor únicos por mensagem (a mensagem i
    de um dispositivo é sempre a mesma, em qualquer chamada)."""
    t0 = _T0.setdefault(dev.device_id, datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3))
    msgs, expected = [], set()
    for i in range(first, first + n):
        ts = t0 + timedelta(milliseconds=10 * i)
        body = {
            "schema": "v1",
            "ts": ts.isoformat().replace("+00:00", "Z"),
            "points": [{"name": "v", "t": "float", "v": float(i)}],
        }
        msgs.append((dev.topic("telem"), json.dumps(body).encode()))
        expected.add((dev.points["v"], ts, float(i)))
    return msgs, expected


def _stored(db: Db, dev: Device) -> list[tuple[uuid.UUID, datetime, float]]:
    return [(r[0], r[1], r[2]) for r in db.measures(dev)]


def _assert_exactly(db: Db, dev: Device, expected: set[tuple[uuid.UUID, datetime, float]]) -> None:
    wait_until(lambda: db.count(dev) >= len(expected), f"{len(expected)} linhas gravadas")
    got = _stored(db, dev)
    assert len(got) == len(set(got)), "linha duplicada"
    assert set(got) == expected


def _restart_broker() -> None:
    stack("stop-service", "mqtt")  # SIGTERM: o Mosquitto grava sessões, assinaturas e filas
    stack("start-service", "mqtt")


def _connections(ing: IngestProcess) -> int:
    return ing.log_text().count('"msg": "MQTT conectado"') + ing.log_text().count('"msg":"MQTT conectado"')


def test_device_reconnects_before_the_ingest(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    """O caso que perdia ~7.000 de 20.000: depois do restart, o dispositivo publica (e recebe PUBACK) antes
    de o ingest reconectar. Com a assinatura simples restaurada, a fila da sessão do ingest guarda tudo."""
    dev = _device(db)
    before, exp1 = _stream(dev, 200)
    during, exp2 = _stream(dev, 300, first=200)
    ing = ingest_factory().start()
    publisher.publish_many(before)
    wait_until(lambda: db.count(dev) == len(exp1), "primeiro lote gravado")
    ing.pause()  # congelado: não percebe o restart nem reconecta até resume()
    try:
        _restart_broker()
        publisher.publish_many(during)  # o publicador reconecta sozinho; tudo confirmado pelo broker
    finally:
        ing.resume()
    _assert_exactly(db, dev, exp1 | exp2)
    wait_until(lambda: ing.healthz().get("mqtt_connected") is True, "ingest reconectado")
    assert ing.terminate() == 0


def test_ingest_reconnects_before_the_device_publishes(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    dev = _device(db)
    before, exp1 = _stream(dev, 200)
    after, exp2 = _stream(dev, 300, first=200)
    ing = ingest_factory().start()
    publisher.publish_many(before)
    wait_until(lambda: db.count(dev) == len(exp1), "primeiro lote gravado")
    first = _connections(ing)
    _restart_broker()
    wait_until(lambda: _connections(ing) > first, "ingest reconectou depois do restart")
    publisher.publish_many(after)
    _assert_exactly(db, dev, exp1 | exp2)
    assert ing.terminate() == 0


def test_ingest_down_then_broker_restart(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    """Ingest parado; mensagens antes e DEPOIS do restart do broker (antes: 0 de 1.000 com `$share`)."""
    dev = _device(db)
    warm, exp0 = _stream(dev, 50)
    queued, exp1 = _stream(dev, 200, first=50)
    after, exp2 = _stream(dev, 300, first=250)
    ing = ingest_factory().start()
    publisher.publish_many(warm)
    wait_until(lambda: db.count(dev) == len(exp0), "aquecimento gravado")
    assert ing.terminate() == 0  # a sessão persistente fica no broker
    publisher.publish_many(queued)
    _restart_broker()
    publisher.publish_many(after)
    ing.start()
    _assert_exactly(db, dev, exp0 | exp1 | exp2)
    assert ing.terminate() == 0


@pytest.fixture
def lowered_queue_cap() -> Iterator[int]:
    """Broker reiniciado com max_queued_messages = 300 e sys_interval = 1; restaura o padrão no fim."""
    cap = 300
    stack("stop-service", "mqtt")
    stack("start-service", "mqtt", TS_MQTT_MAX_QUEUED_MESSAGES=str(cap), TS_MQTT_SYS_INTERVAL="1")
    try:
        yield cap
    finally:
        _restart_broker()


def test_backlog_beyond_the_cap_is_reported(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess], lowered_queue_cap: int
) -> None:
    """Além do limite o broker descarta (depois de dar PUBACK ao dispositivo): as primeiras `cap` mensagens
    chegam, as demais não — e o descarte aparece na métrica e no log do ingest, com o número exato."""
    cap = lowered_queue_cap
    extra = 200
    dev = _device(db)
    warm, exp0 = _stream(dev, 10)
    offline, _ = _stream(dev, cap + extra, first=10)
    ing = ingest_factory().start()
    publisher.publish_many(warm)
    wait_until(lambda: db.count(dev) == len(exp0), "aquecimento gravado")
    assert ing.metric("ingest_broker_dropped_messages_total") == 0
    assert ing.terminate() == 0
    publisher.publish_many(offline)  # todas confirmadas pelo broker
    ing.start()
    wait_until(lambda: ing.metric("ingest_broker_dropped_messages_total") >= extra, "descarte reportado")
    wait_until(lambda: db.count(dev) >= len(exp0) + cap, "fila gravada")
    # O Mosquitto descarta as que chegam com a fila cheia: ficam as `cap` primeiras.
    _, kept = _stream(dev, cap, first=10)
    assert set(_stored(db, dev)) == exp0 | kept
    assert db.count(dev) == len(exp0) + cap
    # O contador do broker é global: outra sessão persistente offline (ex.: um ingest de `make up` parado)
    # também descarta com o limite baixado; as desta sessão são exatamente `extra` (linhas acima).
    assert ing.metric("ingest_broker_dropped_messages_total") >= extra
    assert ing.metric('ingest_broker_dropped_reported{topic="$SYS/broker/publish/messages/dropped"}') >= extra
    assert "broker descartou mensagens" in ing.log_text()
    assert ing.terminate() == 0


def test_two_members_split_tenants_without_duplicates(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    """Dois processos (TS_INGEST_MEMBERS=2): cada tenant tem um dono; nada duplicado, nada perdido."""
    assert member_of("alpha", 2) != member_of("beta", 2)  # premissa do teste (crc32 fixo)
    devs = {"alpha": _device(db, "alpha"), "beta": _device(db, "beta")}
    members = {i: ingest_factory(TS_INGEST_MEMBERS="2", TS_INGEST_MEMBER=str(i)).start() for i in (0, 1)}
    streams = {t: _stream(d, 150) for t, d in devs.items()}
    publisher.publish_many([m for msgs, _ in streams.values() for m in msgs])
    for tenant, dev in devs.items():
        _assert_exactly(db, dev, streams[tenant][1])
    telem = 'ingest_messages_received_total{kind="telem"}'
    for tenant in devs:
        owner = members[member_of(tenant, 2)]
        wait_until(lambda o=owner: o.metric(telem) >= 150, f"membro dono de {tenant} recebeu")
    # Cada membro recebeu exatamente as mensagens do seu tenant (150), nenhuma do outro.
    assert [members[i].metric(telem) for i in (0, 1)] == [150.0, 150.0]
    for ing in members.values():
        assert ing.terminate() == 0


def _synthetic_tenant_device(db: Db, member: int) -> Device:
    """Dispositivo de um tenant que ainda não está no registro (o registro não tem FK para tenancy), com
    slug escolhido para cair no membro `member` de 2."""
    slug = next(s for s in (f"late{uuid.uuid4().hex[:8]}" for _ in range(100)) if member_of(s, 2) == member)
    dev = Device(uuid.uuid4(), uuid.uuid4(), slug, "site-1", f"dev-{uuid.uuid4().hex[:10]}")
    point = uuid.uuid4()
    db.execute(
        "WITH d AS (INSERT INTO public.registry_device_route (device_id, tenant_id, tenant_slug, site_slug,"
        " device_slug, adapter, is_active, updated_at) VALUES (%s, %s, %s, %s, %s, 'v1', true, now()))"
        " INSERT INTO public.registry_point_route (point_id, device_id, name, value_type, unit, enum_values)"
        " VALUES (%s, %s, 'v', 'float', '', '[]')",
        dev.device_id,
        dev.tenant_id,
        slug,
        dev.site_slug,
        dev.device_slug,
        point,
        dev.device_id,
    )
    dev.points["v"] = point
    return dev


def test_new_tenant_is_subscribed_by_its_owner_without_restart(
    db: Db, publisher: Publisher, ingest_factory: Callable[..., IngestProcess]
) -> None:
    """Com N membros, um tenant que aparece no registro (NOTIFY) é assinado na hora pelo dono; o outro membro
    não assina (aqui ninguém é dono dele, então suas mensagens não chegam a este processo)."""
    ing = ingest_factory(TS_INGEST_MEMBERS="2", TS_INGEST_MEMBER="1").start()
    subs = ing.metric("ingest_mqtt_subscriptions")
    mine = _synthetic_tenant_device(db, member=1)
    other = _synthetic_tenant_device(db, member=0)
    wait_until(lambda: ing.metric("ingest_mqtt_subscriptions") == subs + 5, "5 filtros novos (só o tenant dele)")
    assert mine.tenant_slug in ing.log_text()
    assert f"traksense/{other.tenant_slug}/" not in ing.log_text()
    foreign, _ = _stream(other, 5)
    publisher.publish_many(foreign)
    msgs, expected = _stream(mine, 20)
    publisher.publish_many(msgs)
    _assert_exactly(db, mine, expected)
    assert db.count(other) == 0
    assert ing.metric('ingest_messages_received_total{kind="telem"}') == 20
    assert ing.terminate() == 0
