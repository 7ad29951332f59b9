"""DTOs da API HTTP (o que o frontend recebe e envia): dispositivos e o bloco `mqtt`, pontos, token,
séries e últimos valores, frota, comandos, o corpo de erro (RFC 9457) e o caminho HTTP de ingestão.

São a fonte dos tipos das respostas no OpenAPI (`/api/schema/`) e dos artefatos em `shared/`. Datas em
RFC 3339; em UTC sempre com sufixo `Z` (nas séries, no fuso pedido em `tz`, com o deslocamento).
"""

from __future__ import annotations

import uuid
from typing import Any, Final, Literal, get_args

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.mqtt import ValueType

# --- comuns -----------------------------------------------------------------------------------------

# Níveis de agregação de `GET /api/data/points`.
Agg = Literal["raw", "1m", "5m", "15m", "1h", "1d"]
AGGS: Final[tuple[Agg, ...]] = get_args(Agg)

ProvisioningStatus = Literal["pending", "provisioned", "failed", "revoking", "revoked"]
PROVISIONING_STATUSES: Final[tuple[ProvisioningStatus, ...]] = get_args(ProvisioningStatus)

CommandStatus = Literal["pending", "sent", "acked_ok", "acked_error", "timed_out", "publish_failed"]
COMMAND_STATUSES: Final[tuple[CommandStatus, ...]] = get_args(CommandStatus)

Polarity = Literal["normal", "inverted"]

# Valor de um ponto numa resposta: número para pontos numéricos; bool/texto (enum pelo nome) para estados.
PointValue = bool | int | float | str | None


class _Dto(BaseModel):
    model_config = ConfigDict(frozen=True)


# --- erros (RFC 9457) -------------------------------------------------------------------------------


class FieldError(_Dto):
    """Um erro de um campo (corpo) ou parâmetro (query): `field` é o caminho, vazio = o pedido inteiro."""

    field: str
    message: str
    code: str


class Problem(_Dto):
    """Corpo de TODA resposta de erro da API (`application/problem+json`, RFC 9457).

    `code` é estável e legível por máquina (ex.: `validation_error`, `not_found`, `tenant_required`);
    `title` e `detail` são mensagens em pt-BR para pessoas; `errors` lista os erros por campo.
    """

    type: str = Field(description="URI do tipo do problema (`about:blank` quando só o status explica).")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    code: str
    instance: str | None = Field(default=None, description="Caminho do pedido que falhou.")
    errors: list[FieldError] = Field(default_factory=list)


# --- autenticação -----------------------------------------------------------------------------------


class TokenRequest(_Dto):
    """Corpo de `POST /api/auth/token/`."""

    username: str
    password: str


class TokenResponse(_Dto):
    """Resposta 201 de `POST /api/auth/token/`: use `Authorization: Bearer <token>` até `expires_at`."""

    token: str
    expires_at: AwareDatetime
    id: int
    """Identificador do token (para revogá-lo em `DELETE /api/auth/tokens/{id}/`); o segredo não é guardado."""
    name: str


# --- dispositivos e pontos --------------------------------------------------------------------------


class MqttCredentials(_Dto):
    """Bloco `mqtt` de `POST /api/devices/` e de `rotate-credentials`: a senha aparece só aqui, uma vez."""

    host: str
    port: int
    username: str
    client_id: str
    password: str
    topic_base: str = Field(description="traksense/{tenant}/{site}/{device}")


class Device(_Dto):
    """Um dispositivo do tenant."""

    id: uuid.UUID
    site: str
    template: str
    slug: str
    name: str
    topic_base: str
    mqtt_username: str
    provisioning_status: ProvisioningStatus
    provisioning_error: str
    provisioned_at: AwareDatetime | None
    created_at: AwareDatetime


class DeviceWithCredentials(Device):
    """Dispositivo recém-criado ou com senha rotacionada, com o bloco `mqtt` (senha em texto, uma vez)."""

    mqtt: MqttCredentials


class DeviceCreate(_Dto):
    """Corpo de `POST /api/devices/` (internal_ops)."""

    site: str
    site_name: str = ""
    template: str
    slug: str
    name: str
    contracted_points: list[str] | None = Field(
        default=None, description="Nomes dos pontos contratados; omitido = todos os pontos do modelo."
    )


class Point(_Dto):
    """Um ponto de um dispositivo e seus limites."""

    id: uuid.UUID
    device: uuid.UUID
    name: str
    label: str
    value_type: ValueType
    unit: str
    enum_values: list[str]
    polarity: Polarity
    is_contracted: bool
    low_limit: float | None
    high_limit: float | None
    hysteresis: float | None


class PointLimits(_Dto):
    """Corpo de `PATCH /api/points/{id}/`: omitido mantém, null apaga o limite."""

    low_limit: float | None = None
    high_limit: float | None = None
    hysteresis: float | None = Field(default=None, ge=0)


# --- séries e últimos valores -----------------------------------------------------------------------


class RawSample(_Dto):
    """Amostra bruta (`agg=raw`) de um ponto numérico, ou mudança de estado de um ponto de estado."""

    ts: AwareDatetime
    value: PointValue


class Bucket(_Dto):
    """Bucket agregado de um ponto numérico (`agg` ≠ raw)."""

    ts: AwareDatetime
    avg: float | None
    min: float | None
    max: float | None
    count: int
    last: float | None


class Series(_Dto):
    """Série de um ponto: `kind=numeric` traz `Bucket` (agregado) ou `RawSample` (raw); `kind=state` traz
    mudanças de estado `(ts, value)`, a primeira sendo o estado vigente em `from`."""

    point: uuid.UUID
    name: str
    value_type: ValueType
    unit: str
    kind: Literal["numeric", "state"]
    data: list[Bucket] | list[RawSample]


class SeriesResponse(_Dto):
    """Resposta de `GET /api/data/points`."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    device: uuid.UUID
    agg: Agg
    tz: str
    from_: AwareDatetime = Field(alias="from")
    to: AwareDatetime
    buckets_from: AwareDatetime | None = Field(default=None, description="Início do 1º bucket (só agregadas).")
    buckets_to: AwareDatetime | None = Field(default=None, description="Fim do último bucket (só agregadas).")
    series: list[Series]


class Connectivity(_Dto):
    """Conectividade do dispositivo pelo tópico `state` (LWT); `known=false` se nunca publicou state."""

    online: bool
    last_seen: AwareDatetime | None
    known: bool


class LatestPoint(_Dto):
    """Último valor de um ponto (`ts`/`value` nulos se nunca houve amostra)."""

    point: uuid.UUID
    name: str
    value_type: ValueType
    unit: str
    ts: AwareDatetime | None
    value: PointValue


class LatestResponse(_Dto):
    """Resposta de `GET /api/data/latest`."""

    device: uuid.UUID
    connectivity: Connectivity
    points: list[LatestPoint]


# --- frota -----------------------------------------------------------------------------------------


class FleetCounts(_Dto):
    """Contagens de dispositivos. `active` = não desativados; `online` + `offline` = `active` (conectividade pelo
    tópico `state`/LWT, como em `/api/data/latest`); `never_seen` ⊂ `offline`: nunca publicaram state."""

    devices: int
    active: int
    decommissioned: int
    online: int
    offline: int
    never_seen: int


class FleetGroup(FleetCounts):
    """Contagens de um site ou de um modelo de equipamento."""

    slug: str
    name: str


class EnumStateCounts(_Dto):
    """Estado atual (última amostra) de um ponto `enum` contratado, contado por valor nos dispositivos ativos;
    `no_data` = dispositivos em que o ponto nunca teve amostra."""

    point: str
    counts: dict[str, int]
    no_data: int


class OpenAlerts(_Dto):
    """Alertas abertos (não normalizados) por gravidade."""

    critical: int
    major: int
    minor: int
    warning: int
    total: int


class FleetSummary(_Dto):
    """Resposta de `GET /api/fleet/summary`."""

    generated_at: AwareDatetime
    totals: FleetCounts
    by_site: list[FleetGroup]
    by_template: list[FleetGroup]
    states: list[EnumStateCounts]
    alerts_open: OpenAlerts


# --- comandos ---------------------------------------------------------------------------------------


class CommandRequest(_Dto):
    """Corpo de `POST /api/cmd/{device_id}`: `params` vão no topo do payload MQTT `cmd`."""

    op: str = Field(max_length=64)
    params: dict[str, Any] = Field(default_factory=dict)
    timeout: float | None = Field(default=None, gt=0, description="Segundos de espera pelo ACK.")


class RequestedBy(_Dto):
    id: int | None
    username: str


class CommandAck(_Dto):
    """O ACK que o dispositivo publicou (`ts_exec` é o instante de execução informado por ele)."""

    ok: bool
    err: str | None
    ts_exec: AwareDatetime | None
    acked_at: AwareDatetime


class Command(_Dto):
    """Um comando e seu desfecho (resposta de `POST /api/cmd/{device_id}` e da auditoria)."""

    cmd_id: str = Field(description="ULID")
    device: uuid.UUID
    op: str
    params: dict[str, Any]
    status: CommandStatus
    requested_by: RequestedBy
    created_at: AwareDatetime
    sent_at: AwareDatetime | None
    timeout_s: float
    timed_out_at: AwareDatetime | None
    late_ack: bool
    ack: CommandAck | None
    error: str


# --- dashboards e ingestão HTTP ---------------------------------------------------------------------


class HttpIngestRequest(_Dto):
    """Corpo de `POST /ingest` (regra HTTP do EMQX): o tópico e o payload MQTT (texto ou objeto)."""

    topic: str = Field(max_length=512)
    payload: Any
    clientid: str | None = None


class DeadLetterInfo(_Dto):
    reason: str
    detail: str


class HttpIngestResponse(_Dto):
    """Resposta de `POST /ingest`: 202 aceito (pode ter dead letters parciais) ou 422 recusado (guardado)."""

    accepted: bool
    dead_letters: list[DeadLetterInfo]
