"""Contrato de tópicos (000 §5): traksense/{tenant}/{site}/{device}/{kind}."""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterable
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
    """Decompõe o tópico; qualquer desvio do contrato é recusado (dead letter `bad_topic`).

    Memorizado: um dispositivo publica sempre nos mesmos poucos tópicos, e o endereço é imutável. Só
    tópicos válidos entram no cache (o `lru_cache` não guarda exceções); o tamanho é limitado.
    """
    return _parse_topic(topic)


@functools.lru_cache(maxsize=65_536)
def _parse_topic(topic: str) -> TopicAddress:
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
    """Modo "shared": um filtro compartilhado por tipo; réplicas no mesmo grupo dividem a carga.

    ATENÇÃO: o Mosquitto não restaura assinaturas compartilhadas de sessões persistentes num restart do
    broker e o EMQX não as torna duráveis (ADR-004) — use o modo "partitioned"."""
    return [f"$share/{share_group}/{PREFIX}/+/+/+/{kind}" for kind in KINDS]


def member_of(tenant_slug: str, members: int) -> int:
    """Membro do ingest dono de um tenant: crc32 do slug módulo N (estável entre processos e versões)."""
    return zlib.crc32(tenant_slug.encode()) % members


def partition_filters(members: int, member: int, tenants: Iterable[str]) -> list[str]:
    """Modo "partitioned": assinaturas simples (persistentes e restauradas num restart do broker).

    Com um membro, a árvore inteira; com N, só os tenants deste membro (`member_of`), um filtro por tipo.
    Cada tenant tem exatamente um dono, então N processos dividem a carga sem duplicar mensagens.
    """
    if members == 1:
        return [f"{PREFIX}/+/+/+/{kind}" for kind in KINDS]
    mine = sorted(t for t in set(tenants) if member_of(t, members) == member)
    return [f"{PREFIX}/{t}/+/+/{kind}" for t in mine for kind in KINDS]
