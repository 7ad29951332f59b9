"""Selo da senha recém-gerada enquanto ela atravessa a fila do Celery até o provisionador.

O dynsec do Mosquitto 2.0.21 só aceita a senha em texto no `createClient`/`setClientPassword` (não há
como entregar um hash pela API de controle). A senha nunca é gravada no banco; na fila (Redis) ela viaja
cifrada (Fernet, chave derivada de DJANGO_SECRET_KEY) e expira em SEAL_TTL_SECONDS: uma mensagem velha
não serve para nada, e o dispositivo fica `failed` até um rotate. No EMQX o banco já é o provisionamento.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

SEAL_TTL_SECONDS = 24 * 3600


class SealExpired(Exception):
    """O selo expirou ou foi adulterado: não há mais como entregar esta senha ao broker."""


def _fernet() -> Fernet:
    key = hashlib.sha256(b"traksense-mqtt-seal\0" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode()


def unseal(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode(), ttl=SEAL_TTL_SECONDS).decode()
    except InvalidToken as exc:
        raise SealExpired("senha selada expirada ou inválida; rode rotate") from exc
