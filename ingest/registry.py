"""Registro em memória: slugs do tópico → ids de tenant/dispositivo/ponto, sem consulta por mensagem.

Fonte: `registry_device_route` + `registry_point_route` (schema public, SELECT-only para o ingest).
O snapshot é imutável e trocado inteiro a cada recarga (atribuição atômica de referência), então quem
processa uma mensagem nunca vê um registro pela metade. Recarrega em NOTIFY `traksense_registry`
(com debounce: rajadas de mudanças viram uma recarga) e periodicamente por segurança (NOTIFY perdido
enquanto a conexão de LISTEN estava caída).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import asyncpg
import orjson
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential_jitter

from contracts.mqtt import VALUE_TYPES as contract_value_types
from ingest.topics import TopicAddress

log = logging.getLogger("ingest.registry")

NOTIFY_CHANNEL = "traksense_registry"
VALUE_TYPES = frozenset(contract_value_types)

_LOAD_SQL = """
SELECT d.device_id, d.tenant_id, d.tenant_slug, d.site_slug, d.device_slug, d.adapter, d.is_active,
       d.is_decommissioned,
       p.point_id, p.name, p.value_type, p.unit, p.enum_values
FROM public.registry_device_route d
LEFT JOIN public.registry_point_route p ON p.device_id = d.device_id
"""


@dataclass(frozen=True, slots=True)
class PointRoute:
    point_id: uuid.UUID
    name: str
    value_type: str
    unit: str | None
    enum_values: frozenset[str]


@dataclass(frozen=True, slots=True)
class DeviceRoute:
    device_id: uuid.UUID
    tenant_id: uuid.UUID
    tenant_slug: str
    site_slug: str
    device_slug: str
    adapter: str
    is_active: bool
    points: Mapping[str, PointRoute]
    # Desativado de vez pela operação: a telemetria tardia vira dead letter `device_decommissioned`.
    decommissioned: bool = False


@dataclass(frozen=True, slots=True)
class RegistrySnapshot:
    """Foto imutável do registro."""

    devices: Mapping[tuple[str, str, str], DeviceRoute] = field(default_factory=lambda: MappingProxyType({}))
    tenants: Mapping[str, uuid.UUID] = field(default_factory=lambda: MappingProxyType({}))
    loaded_at: float = 0.0

    @classmethod
    def build(cls, devices: list[DeviceRoute], loaded_at: float | None = None) -> RegistrySnapshot:
        by_topic = {(d.tenant_slug, d.site_slug, d.device_slug): d for d in devices}
        tenants = {d.tenant_slug: d.tenant_id for d in devices}
        return cls(
            devices=MappingProxyType(by_topic),
            tenants=MappingProxyType(tenants),
            loaded_at=time.time() if loaded_at is None else loaded_at,
        )

    def resolve(self, addr: TopicAddress) -> DeviceRoute | uuid.UUID | None:
        """Consulta do pipeline (`ingest.pipeline.Lookup`): rota do dispositivo, só o tenant, ou nada."""
        device = self.devices.get((addr.tenant, addr.site, addr.device))
        if device is not None:
            return device
        return self.tenants.get(addr.tenant)

    def device_count(self) -> int:
        return len(self.devices)

    def point_count(self) -> int:
        return sum(len(d.points) for d in self.devices.values())


def _enum_values(raw: Any) -> frozenset[str]:
    # asyncpg devolve jsonb como texto.
    if raw is None:
        return frozenset()
    value = orjson.loads(raw) if isinstance(raw, str | bytes) else raw
    if not isinstance(value, list):
        return frozenset()
    return frozenset(str(v) for v in value)


def _std_uuid(value: Any) -> uuid.UUID:
    """`uuid.UUID` da biblioteca padrão: o asyncpg devolve o seu próprio tipo (`pgproto.UUID`), que o orjson não
    serializa em C. Converter aqui, uma vez por carga do registro, deixa as linhas do lote prontas para ele."""
    return value if type(value) is uuid.UUID else uuid.UUID(str(value))


def point_route(r: Mapping[str, Any]) -> PointRoute | None:
    """Uma linha de `registry_point_route` (ou equivalente) → PointRoute; None se o tipo é desconhecido."""
    vt = r["value_type"]
    if vt not in VALUE_TYPES:
        # Tipo desconhecido no catálogo: o ponto fica fora e suas amostras viram dead letter.
        log.warning("ponto com value_type desconhecido ignorado", extra={"point_id": str(r["point_id"])})
        return None
    return PointRoute(
        point_id=_std_uuid(r["point_id"]),
        name=r["name"],
        value_type=vt,
        unit=r["unit"] or None,
        enum_values=_enum_values(r["enum_values"]),
    )


def device_route(head: Mapping[str, Any], points: list[Mapping[str, Any]]) -> DeviceRoute:
    """Uma linha de `registry_device_route` e as dos seus pontos → DeviceRoute (pura)."""
    routes = (point_route(p) for p in points if p["point_id"] is not None)
    return DeviceRoute(
        device_id=_std_uuid(head["device_id"]),
        tenant_id=_std_uuid(head["tenant_id"]),
        tenant_slug=head["tenant_slug"],
        site_slug=head["site_slug"],
        device_slug=head["device_slug"],
        adapter=head["adapter"],
        is_active=head["is_active"],
        points=MappingProxyType({p.name: p for p in routes if p is not None}),
        decommissioned=bool(head.get("is_decommissioned", False)),
    )


def snapshot_from_rows(rows: list[Mapping[str, Any]]) -> RegistrySnapshot:
    """Monta o snapshot a partir das linhas do JOIN (pura; testável sem banco)."""
    by_device: dict[uuid.UUID, list[Mapping[str, Any]]] = {}
    for r in rows:
        by_device.setdefault(r["device_id"], []).append(r)
    return RegistrySnapshot.build([device_route(rs[0], rs) for rs in by_device.values()])


async def load_snapshot(conn: asyncpg.Connection) -> RegistrySnapshot:
    rows = await conn.fetch(_LOAD_SQL)
    return snapshot_from_rows([dict(r) for r in rows])


class Registry:
    """Mantém o snapshot atual e o recarrega em NOTIFY/periodicamente.

    `current` é lido pelo pipeline a cada mensagem (sem lock: troca de referência é atômica).
    """

    def __init__(self, dsn: str, *, reload_every_s: float, debounce_s: float = 0.2) -> None:
        self._dsn = dsn
        self._reload_every_s = reload_every_s
        self._debounce_s = debounce_s
        self._changed = asyncio.Event()
        self.current = RegistrySnapshot()
        self.loaded = asyncio.Event()
        self.reloads = 0

    def _on_notify(self, *_args: object) -> None:
        self._changed.set()

    async def run(self) -> None:
        """Loop de LISTEN + recarga; reconecta sozinho. Só termina por cancelamento.

        Enquanto não conecta, novas tentativas com espera exponencial 0,5 s → 10 s e jitter (tenacity); uma
        conexão que ficou de pé por `_HEALTHY_S` e cai reconecta na hora, com a espera recomeçando do mínimo.
        """
        while True:
            async for attempt in AsyncRetrying(
                retry=retry_if_exception_type(_CONNECTION_ERRORS),
                wait=wait_exponential_jitter(multiplier=0.5, max=10.0, jitter=0.5),
                before_sleep=_log_retry,
            ):
                with attempt:
                    await self._session()

    async def _session(self) -> None:
        """Uma conexão: LISTEN, recarga e espera por mudanças até a conexão cair."""
        conn: asyncpg.Connection | None = None
        try:
            conn = await asyncpg.connect(self._dsn, timeout=10)
            await conn.add_listener(NOTIFY_CHANNEL, self._on_notify)
            # Recarrega logo após (re)conectar: NOTIFYs enviados enquanto estávamos fora se perderam.
            await self._reload(conn)
            connected_at = time.monotonic()
            try:
                while not conn.is_closed():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), timeout=min(1.0, self._reload_every_s))
                    if self._changed.is_set():
                        # Debounce: junta uma rajada de mudanças (ex.: criar um dispositivo com 50 pontos).
                        await asyncio.sleep(self._debounce_s)
                        self._changed.clear()
                        await self._reload(conn)
                    elif time.time() - self.current.loaded_at >= self._reload_every_s:
                        await self._reload(conn)
            except _CONNECTION_ERRORS as exc:
                if time.monotonic() - connected_at < _HEALTHY_S:
                    raise  # caiu logo depois de conectar: conta como tentativa falha (a espera cresce)
                log.warning("registro: conexão caiu; reconectando", extra={"error": repr(exc)})
        finally:
            if conn is not None:
                # Fechar não pode ser interrompido pelo cancelamento (vazaria a conexão).
                await asyncio.shield(_close_quietly(conn))

    async def _reload(self, conn: asyncpg.Connection) -> None:
        snap = await load_snapshot(conn)
        self.current = snap
        self.reloads += 1
        self.loaded.set()
        log.info("registro recarregado", extra={"devices": snap.device_count(), "points": snap.point_count()})


# Uma conexão que ficou de pé por isto recomeça as novas tentativas da espera mínima.
_HEALTHY_S = 10.0
_CONNECTION_ERRORS = (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError)


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    retry_s = round(state.upcoming_sleep, 3)
    log.warning("registro: conexão falhou; nova tentativa", extra={"error": repr(error), "retry_s": retry_s})


async def _close_quietly(conn: asyncpg.Connection) -> None:
    with contextlib.suppress(Exception):
        await conn.close(timeout=2)
