"""Provisionadores do broker: aplicam no broker o que está no banco (fonte única da verdade).

- `dynsec`: Mosquitto com dynamic security (desenvolvimento local e testes).
- `emqx`: EMQX (produção), que lê credenciais e ACL direto do PostgreSQL; só o kick passa pela API REST.

O backend vem de `TS_MQTT_BACKEND` (settings.MQTT_BACKEND).
"""

from __future__ import annotations

from django.conf import settings

from apps.broker.backends.base import (
    AclRule,
    BrokerError,
    BrokerUnavailable,
    CheckResult,
    DeviceIdentity,
    Provisioner,
)

__all__ = [
    "AclRule",
    "BrokerError",
    "BrokerUnavailable",
    "CheckResult",
    "DeviceIdentity",
    "Provisioner",
    "get_provisioner",
]


def get_provisioner() -> Provisioner:
    backend = settings.MQTT_BACKEND
    if backend == "mosquitto":
        from apps.broker.backends.dynsec import MosquittoProvisioner

        return MosquittoProvisioner()
    if backend == "emqx":
        from apps.broker.backends.emqx import EmqxProvisioner

        return EmqxProvisioner()
    raise BrokerError(f"TS_MQTT_BACKEND desconhecido: {backend!r} (use mosquitto ou emqx)")
