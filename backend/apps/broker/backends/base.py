"""O contrato comum dos provisionadores de broker: o que eles recebem do banco e o que prometem fazer.

Cada backend (Mosquitto dynsec local, EMQX em produção) vive no seu módulo e implementa `Provisioner`;
o resto da aplicação só conhece este módulo e `apps.broker.backends.get_provisioner`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class BrokerError(Exception):
    """Falha ao aplicar algo no broker (rede, autenticação do admin, comando recusado)."""


class BrokerUnavailable(BrokerError):
    """Broker inalcançável agora: vale tentar de novo (retry com backoff)."""


@dataclass(frozen=True)
class AclRule:
    permission: str
    action: str
    topic: str


@dataclass(frozen=True)
class DeviceIdentity:
    """O que o provisionador precisa saber de um dispositivo (lido do banco)."""

    username: str
    acls: tuple[AclRule, ...] = field(default_factory=tuple)

    @property
    def client_id(self) -> str:
        return self.username


@dataclass(frozen=True)
class CheckResult:
    username: str
    ok: bool
    detail: str


class Provisioner(Protocol):
    def apply(self, device: DeviceIdentity, password: str) -> None: ...
    def apply_many(self, items: list[tuple[DeviceIdentity, str]]) -> None: ...
    def revoke(self, username: str) -> None: ...
    def check(self, device: DeviceIdentity) -> CheckResult: ...
