"""Contrato de tópicos (000 §5): traksense/{tenant}/{site}/{device}/{kind}."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.topics import PREFIX
from ingest.config import KINDS
from ingest.errors import Rejected

__all__ = ["PREFIX", "TopicAddress", "parse_topic", "subscription_filters"]


@dataclass(frozen=True, slots=True)
class TopicAddress:
    """Endereço de um dispositivo extraído do tópico (slugs, não ids)."""

    tenant: str
    site: str
    device: str
    kind: str


def parse_topic(topic: str) -> TopicAddress:
    """Decompõe o tópico; qualquer desvio do contrato é recusado (dead letter `bad_topic`)."""
    parts = topic.split("/")
    if len(parts) != 5 or parts[0] != PREFIX:
        raise Rejected(
            "bad_topic", f"tópico fora do contrato traksense/{{tenant}}/{{site}}/{{device}}/{{kind}}: {topic!r}"
        )
    _, tenant, site, device, kind = parts
    if kind not in KINDS:
        raise Rejected("bad_topic", f"tipo de tópico {kind!r} não é consumido pelo ingest")
    if not tenant or not site or not device:
        raise Rejected("bad_topic", f"segmento vazio no tópico {topic!r}")
    return TopicAddress(tenant=tenant, site=site, device=device, kind=kind)


def subscription_filters(share_group: str) -> list[str]:
    """Um filtro compartilhado por tipo: réplicas no mesmo grupo dividem a carga."""
    return [f"$share/{share_group}/{PREFIX}/+/+/+/{kind}" for kind in KINDS]
