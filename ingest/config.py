"""Configuração única e imutável, lida do ambiente na partida (falha cedo com mensagem clara).

Os nomes das variáveis são os `validation_alias` dos campos; a leitura, a conversão de tipo e os limites são
do pydantic-settings, e todo erro vira `ConfigError` com o nome da variável (a cli sai com código 2).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from contracts.topics import DEVICE_PUBLISH_KINDS
from ingest.errors import ConfigError

# Tipos de tópico que o ingest consome: o que o dispositivo publica (`cmd` é só do dispositivo).
KINDS: tuple[str, ...] = DEVICE_PUBLISH_KINDS
MAX_PROCESSES = 64


def member_client_id(base: str, index: int, count: int) -> str:
    """Client id MQTT de um membro: a base com um processo só; `<base>-<índice>` com vários."""
    return base if count == 1 else f"{base}-{index}"


class _MappingSource(EnvSettingsSource):
    """Fonte de ambiente do pydantic-settings sobre um mapeamento dado (os.environ, ou o de um teste).
    Variável vazia vale como ausente (o padrão), como no `.env.example` com `X=`."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]) -> None:
        self._mapping = {k: v for k, v in env.items() if v != ""}
        super().__init__(settings_cls, case_sensitive=True)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return self._mapping


class EnvSettings(BaseSettings):
    """Base das configurações do ingest lidas do ambiente: imutáveis, só as variáveis declaradas."""

    model_config = SettingsConfigDict(frozen=True, case_sensitive=True, extra="ignore", populate_by_name=True)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Só `from_env` lê o ambiente: `Limits()` ou `Settings(...)` diretos valem pelos padrões e argumentos.
        return (init_settings,)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **given: Any) -> Self:
        """Lê e valida; `given` são campos já resolvidos (não vêm do ambiente). Erro → ConfigError."""
        data = _MappingSource(cls, os.environ if env is None else env)()
        try:
            return cls.model_validate({**data, **given})
        except ValidationError as exc:
            raise ConfigError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors(include_url=False):
        msg = err["msg"].removeprefix("Value error, ")
        if not err["loc"]:  # regra entre variáveis (model_validator): a mensagem já diz quais
            problems.append(msg)
        elif err["type"] == "missing":
            problems.append(f"variável de ambiente {err['loc'][0]} é obrigatória (veja .env.example)")
        else:
            problems.append(f"{err['loc'][0]}={err['input']!r} inválido: {msg}")
    return "; ".join(problems)


class Limits(EnvSettings):
    """Limites de validação (um só tipo): as mesmas variáveis valem para o ingest MQTT e o caminho HTTP
    da API (`POST /ingest`), para que uma mensagem seja aceita ou recusada igual pelos dois."""

    max_payload_bytes: int = Field(
        256 * 1024, validation_alias="TS_INGEST_MAX_PAYLOAD_BYTES", ge=64, le=16 * 1024 * 1024
    )
    max_future_s: float = Field(300.0, validation_alias="TS_INGEST_MAX_FUTURE_S", ge=0.0, le=86400.0)
    max_age_days: int = Field(365, validation_alias="TS_INGEST_MAX_AGE_DAYS", ge=1, le=36500)
    parsec_debounce_s: float = Field(2.0, validation_alias="TS_INGEST_PARSEC_DEBOUNCE_S", ge=0.0, le=3600.0)


class Settings(EnvSettings):
    """Tudo que o serviço lê do ambiente (nomes das variáveis nos `validation_alias`)."""

    database_url: str = Field(validation_alias="INGEST_DATABASE_URL")
    mqtt_host: str = Field(validation_alias="MQTT_HOST")
    mqtt_port: int = Field(1883, validation_alias="MQTT_PORT", ge=1, le=65535)
    mqtt_username: str = Field(validation_alias="TS_MQTT_INGEST_USER")
    mqtt_password: str = Field(validation_alias="TS_MQTT_INGEST_PASSWORD")
    # Identidade da sessão persistente MQTT 5: precisa ser estável entre reinícios do mesmo
    # processo, senão as mensagens não confirmadas ficam presas na sessão antiga. Vazio = padrão do membro.
    client_id: str = Field("", validation_alias="TS_INGEST_CLIENT_ID")
    # Como o ingest assina (ADR-004): "partitioned" (padrão) = assinaturas simples e persistentes,
    # divididas por tenant entre `members` processos (este é o `member`); "shared" = `$share/<grupo>/...`
    # (o Mosquitto não restaura assinaturas compartilhadas num restart: perde mensagens confirmadas).
    subscription: Literal["partitioned", "shared"] = Field("partitioned", validation_alias="TS_INGEST_SUBSCRIPTION")
    members: int = Field(1, validation_alias="TS_INGEST_MEMBERS", ge=1, le=64 * MAX_PROCESSES)
    member: int = Field(0, validation_alias="TS_INGEST_MEMBER", ge=0)
    share_group: str = Field("traksense-ingest", validation_alias="TS_INGEST_SHARE_GROUP")
    # Tópicos $SYS com o contador de mensagens descartadas pelo broker (fila cheia); vazio = desligado.
    broker_dropped_topics: Annotated[tuple[str, ...], NoDecode] = Field(
        ("$SYS/broker/publish/messages/dropped",), validation_alias="TS_INGEST_BROKER_DROPPED_TOPICS"
    )
    # Paralelismo de processos (supervisor.py): `processes` membros, cada um um ingest completo. O
    # supervisor dá a cada filho a sua partição (`members`/`member`, acima) e o client id `<base>-<índice>`
    # (estável entre reinícios: a sessão persistente de cada membro é sempre a mesma). Com um processo só
    # não há supervisor e o client id é a base, como antes.
    processes: int = Field(1, validation_alias="TS_INGEST_PROCESSES", ge=1, le=MAX_PROCESSES)
    session_expiry_s: int = Field(7 * 24 * 3600, validation_alias="TS_INGEST_SESSION_EXPIRY_S", ge=60, le=2**32 - 1)
    keepalive_s: int = Field(30, validation_alias="TS_INGEST_KEEPALIVE_S", ge=5, le=3600)
    # Receive Maximum (MQTT 5 §3.1.2.11): o broker nunca mantém mais que isto de mensagens QoS1
    # sem PUBACK conosco. Como só confirmamos depois do commit, é o limite de mensagens em memória.
    receive_maximum: int = Field(1000, validation_alias="TS_INGEST_RECEIVE_MAXIMUM", ge=1, le=65535)
    batch_max_rows: int = Field(10_000, validation_alias="TS_INGEST_BATCH_MAX_ROWS", ge=1, le=1_000_000)
    batch_max_age_s: float = Field(0.2, validation_alias="TS_INGEST_BATCH_MAX_AGE_S", ge=0.001, le=60.0)
    limits: Limits = Limits.model_validate({})
    registry_reload_s: float = Field(60.0, validation_alias="TS_INGEST_REGISTRY_RELOAD_S", ge=1.0, le=86400.0)
    db_pool_size: int = Field(4, validation_alias="TS_INGEST_DB_POOL_SIZE", ge=2, le=64)
    health_host: str = Field("127.0.0.1", validation_alias="TS_INGEST_HEALTH_HOST")
    health_port: int = Field(9108, validation_alias="TS_INGEST_HEALTH_PORT", ge=0, le=65535)
    log_level: str = Field("INFO", validation_alias="TS_INGEST_LOG_LEVEL")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **given: Any) -> Self:
        # Os limites leem as mesmas variáveis (também usados sozinhos pelo POST /ingest da API).
        given.setdefault("limits", Limits.from_env(env))
        return super().from_env(env, **given)

    @field_validator("broker_dropped_topics", mode="before")
    @classmethod
    def _split_topics(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(t.strip() for t in value.split(",") if t.strip())
        return value

    @field_validator("share_group")
    @classmethod
    def _check_share_group(cls, value: str) -> str:
        # O grupo entra no filtro `$share/<grupo>/...`: nada de '/', '+', '#'.
        if any(c in value for c in "/+#") or not value.isascii():
            raise ValueError("sem '/', '+', '#'")
        return value

    @field_validator("log_level")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @model_validator(mode="after")
    def _member_and_client_id(self) -> Self:
        if self.member > self.members - 1:
            raise ValueError(f"TS_INGEST_MEMBER={self.member} fora do intervalo [0, {self.members - 1}]")
        if not self.client_id:
            object.__setattr__(self, "client_id", _default_client_id(self.members, self.member))
        return self


def _default_client_id(members: int, member: int) -> str:
    # A sessão persistente é a fila do membro: o id precisa sobreviver a recriar o contêiner.
    if members > 1:
        return f"traksense-ingest-member-{member}"
    return f"traksense-ingest-{socket.gethostname()}"
