"""Configuração única e imutável, lida do ambiente na partida (falha cedo com mensagem clara)."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass

from contracts.topics import DEVICE_PUBLISH_KINDS
from ingest.errors import ConfigError

# Tipos de tópico que o ingest consome: o que o dispositivo publica (`cmd` é só do dispositivo).
KINDS: tuple[str, ...] = DEVICE_PUBLISH_KINDS
MAX_PROCESSES = 64


def member_client_id(base: str, index: int, count: int) -> str:
    """Client id MQTT de um membro: a base com um processo só; `<base>-<índice>` com vários."""
    return base if count == 1 else f"{base}-{index}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Tudo que o serviço lê do ambiente. Os nomes das variáveis estão em `from_env`."""

    database_url: str
    mqtt_host: str
    mqtt_port: int
    mqtt_username: str
    mqtt_password: str
    # Identidade da sessão persistente MQTT 5: precisa ser estável entre reinícios do mesmo
    # processo, senão as mensagens não confirmadas ficam presas na sessão antiga.
    client_id: str
    # Como o ingest assina (ADR-004): "partitioned" (padrão) = assinaturas simples e persistentes,
    # divididas por tenant entre `members` processos (este é o `member`); "shared" = `$share/<grupo>/...`
    # (o Mosquitto não restaura assinaturas compartilhadas num restart: perde mensagens confirmadas).
    subscription: str
    members: int
    member: int
    share_group: str
    # Tópicos $SYS com o contador de mensagens descartadas pelo broker (fila cheia); vazio = desligado.
    broker_dropped_topics: tuple[str, ...]
    # Paralelismo de processos (supervisor.py): `processes` membros, cada um um ingest completo. O
    # supervisor dá a cada filho a sua partição (`members`/`member`, acima) e o client id `<base>-<índice>`
    # (estável entre reinícios: a sessão persistente de cada membro é sempre a mesma). Com um processo só
    # não há supervisor e o client id é a base, como antes.
    processes: int
    session_expiry_s: int
    keepalive_s: int
    # Receive Maximum (MQTT 5 §3.1.2.11): o broker nunca mantém mais que isto de mensagens QoS1
    # sem PUBACK conosco. Como só confirmamos depois do commit, é o limite de mensagens em memória.
    receive_maximum: int
    batch_max_rows: int
    batch_max_age_s: float
    limits: Limits
    registry_reload_s: float
    db_pool_size: int
    health_host: str
    health_port: int
    log_level: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        e = os.environ if env is None else env
        members = _int(e, "TS_INGEST_MEMBERS", 1, lo=1, hi=64 * MAX_PROCESSES)
        member = _int(e, "TS_INGEST_MEMBER", 0, lo=0, hi=members - 1)
        return cls(
            database_url=_required(e, "INGEST_DATABASE_URL"),
            mqtt_host=_required(e, "MQTT_HOST"),
            mqtt_port=_int(e, "MQTT_PORT", 1883, lo=1, hi=65535),
            mqtt_username=_required(e, "TS_MQTT_INGEST_USER"),
            mqtt_password=_required(e, "TS_MQTT_INGEST_PASSWORD"),
            client_id=e.get("TS_INGEST_CLIENT_ID") or _default_client_id(members, member),
            subscription=_choice(e, "TS_INGEST_SUBSCRIPTION", "partitioned", ("partitioned", "shared")),
            members=members,
            member=member,
            broker_dropped_topics=tuple(
                t.strip()
                for t in e.get("TS_INGEST_BROKER_DROPPED_TOPICS", "$SYS/broker/publish/messages/dropped").split(",")
                if t.strip()
            ),
            share_group=_slug(e.get("TS_INGEST_SHARE_GROUP", "traksense-ingest"), "TS_INGEST_SHARE_GROUP"),
            processes=_int(e, "TS_INGEST_PROCESSES", 1, lo=1, hi=MAX_PROCESSES),
            session_expiry_s=_int(e, "TS_INGEST_SESSION_EXPIRY_S", 7 * 24 * 3600, lo=60, hi=2**32 - 1),
            keepalive_s=_int(e, "TS_INGEST_KEEPALIVE_S", 30, lo=5, hi=3600),
            receive_maximum=_int(e, "TS_INGEST_RECEIVE_MAXIMUM", 1000, lo=1, hi=65535),
            batch_max_rows=_int(e, "TS_INGEST_BATCH_MAX_ROWS", 10_000, lo=1, hi=1_000_000),
            batch_max_age_s=_float(e, "TS_INGEST_BATCH_MAX_AGE_S", 0.2, lo=0.001, hi=60.0),
            limits=Limits.from_env(e),
            registry_reload_s=_float(e, "TS_INGEST_REGISTRY_RELOAD_S", 60.0, lo=1.0, hi=86400.0),
            db_pool_size=_int(e, "TS_INGEST_DB_POOL_SIZE", 4, lo=2, hi=64),
            health_host=e.get("TS_INGEST_HEALTH_HOST", "127.0.0.1"),
            health_port=_int(e, "TS_INGEST_HEALTH_PORT", 9108, lo=0, hi=65535),
            log_level=e.get("TS_INGEST_LOG_LEVEL", "INFO").upper(),
        )


@dataclass(frozen=True, slots=True)
class Limits:
    """Limites de validação (um só tipo): as mesmas variáveis valem para o ingest MQTT e o caminho HTTP
    da API (`POST /ingest`), para que uma mensagem seja aceita ou recusada igual pelos dois."""

    max_payload_bytes: int = 256 * 1024
    max_future_s: float = 300.0
    max_age_days: int = 365
    parsec_debounce_s: float = 2.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        e = os.environ if env is None else env
        return cls(
            max_payload_bytes=_int(e, "TS_INGEST_MAX_PAYLOAD_BYTES", 256 * 1024, lo=64, hi=16 * 1024 * 1024),
            max_future_s=_float(e, "TS_INGEST_MAX_FUTURE_S", 300.0, lo=0.0, hi=86400.0),
            max_age_days=_int(e, "TS_INGEST_MAX_AGE_DAYS", 365, lo=1, hi=36500),
            parsec_debounce_s=_float(e, "TS_INGEST_PARSEC_DEBOUNCE_S", 2.0, lo=0.0, hi=3600.0),
        )


def _default_client_id(members: int, member: int) -> str:
    # A sessão persistente é a fila do membro: o id precisa sobreviver a recriar o contêiner.
    if members > 1:
        return f"traksense-ingest-member-{member}"
    return f"traksense-ingest-{socket.gethostname()}"


def _choice(env: Mapping[str, str], name: str, default: str, options: tuple[str, ...]) -> str:
    value = env.get(name, "") or default
    if value not in options:
        raise ConfigError(f"{name}={value!r} inválido (opções: {', '.join(options)})")
    return value


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "")
    if not value:
        raise ConfigError(f"variável de ambiente {name} é obrigatória (veja .env.example)")
    return value


def _int(env: Mapping[str, str], name: str, default: int, *, lo: int, hi: int) -> int:
    raw = env.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} não é um inteiro") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name}={value} fora do intervalo [{lo}, {hi}]")
    return value


def _float(env: Mapping[str, str], name: str, default: float, *, lo: float, hi: float) -> float:
    raw = env.get(name, "")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} não é um número") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name}={value} fora do intervalo [{lo}, {hi}]")
    return value


def _slug(value: str, name: str) -> str:
    # O grupo entra no filtro `$share/<grupo>/...`: nada de '/', '+', '#'.
    if not value or any(c in value for c in "/+#") or not value.isascii():
        raise ConfigError(f"{name}={value!r} inválido (sem '/', '+', '#')")
    return value
