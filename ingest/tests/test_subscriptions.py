"""Assinaturas particionadas por tenant e o monitor de descartes do broker (puros, sem serviços)."""

from __future__ import annotations

from prometheus_client import REGISTRY

from ingest.broker_drops import DropMonitor
from ingest.config import KINDS
from ingest.topics import member_of, partition_filters


def test_single_member_subscribes_the_whole_tree_with_plain_filters() -> None:
    assert partition_filters(1, 0, []) == [f"traksense/+/+/+/{k}" for k in KINDS]


def test_members_split_tenants_exactly_once() -> None:
    tenants = [f"t{i}" for i in range(200)]
    per_member = [partition_filters(3, i, tenants) for i in range(3)]
    owned = [{f.split("/")[1] for f in filters} for filters in per_member]
    assert set().union(*owned) == set(tenants)  # ninguém fica sem dono
    assert sum(len(o) for o in owned) == len(tenants)  # nenhum tenant em dois membros
    assert all(o for o in owned)  # a carga se divide de fato
    assert all(member_of(t, 3) == i for i, o in enumerate(owned) for t in o)
    assert all(f.startswith("traksense/") and not f.startswith("$share") for fs in per_member for f in fs)


def _total() -> float:
    return REGISTRY.get_sample_value("ingest_broker_dropped_messages_total") or 0.0


def test_drop_monitor_counts_increases_and_broker_restarts() -> None:
    topic = "$SYS/test/dropped"
    mon = DropMonitor((topic,))
    start = _total()
    assert mon.observe(topic, b"5") == 5  # primeira observação: tudo desde a partida do broker
    assert mon.observe(topic, b"5") == 0
    assert mon.observe(topic, b"12") == 7
    assert mon.observe(topic, b"3") == 3  # contador voltou: broker reiniciou
    assert mon.observe(topic, b"lixo") == 0
    assert _total() - start == 15
    assert REGISTRY.get_sample_value("ingest_broker_dropped_reported", {"topic": topic}) == 3
