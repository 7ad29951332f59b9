"""Gramática dos tópicos MQTT (seed 000 §5): `traksense/{tenant}/{site}/{device}/{kind}`.

`{tenant}`, `{site}` e `{device}` são slugs; `topic_base` é o prefixo do dispositivo sem o `kind`.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

PREFIX: Final = "traksense"

# Todos os tipos de tópico do contrato, na ordem da especificação.
TopicKind = Literal["state", "telem", "event", "alarm", "cmd", "ack"]
TOPIC_KINDS: Final[tuple[TopicKind, ...]] = get_args(TopicKind)

# O que o dispositivo publica (e o ingest consome): tudo menos `cmd`.
DEVICE_PUBLISH_KINDS: Final[tuple[TopicKind, ...]] = ("state", "telem", "event", "alarm", "ack")
# O que o dispositivo assina: só o próprio `cmd` (publicado pela API).
DEVICE_SUBSCRIBE_KINDS: Final[tuple[TopicKind, ...]] = ("cmd",)

# `state` é publicado retido e é também o tópico do LWT.
RETAINED_KINDS: Final[tuple[TopicKind, ...]] = ("state",)


def topic_base(tenant: str, site: str, device: str) -> str:
    """`traksense/{tenant}/{site}/{device}` — o endereço do dispositivo (vai no bloco `mqtt` e na ACL)."""
    return f"{PREFIX}/{tenant}/{site}/{device}"


def topic(base: str, kind: TopicKind) -> str:
    """Tópico completo de um `kind` a partir do `topic_base`."""
    return f"{base}/{kind}"


def split_topic(value: str) -> tuple[str, str, str, str] | None:
    """(tenant, site, device, kind) de um tópico do contrato; None se a forma não bate.

    Não julga o `kind` (quem consome decide quais aceita) nem se os slugs existem.
    """
    parts = value.split("/")
    if len(parts) != 5 or parts[0] != PREFIX or not all(parts[1:]):
        return None
    return parts[1], parts[2], parts[3], parts[4]
