"""Hash de senha MQTT que serve, sem conversão de segredo, ao EMQX e ao Mosquitto dynsec.

Formato verificado com login real no Mosquitto 2.0.21 e na documentação do EMQX 5.8:
- pbkdf2-hmac-sha512, chave derivada de 64 bytes (o tamanho do SHA-512: padrão dos dois brokers);
- sal de 12 caracteres ASCII guardado como TEXTO: o EMQX usa o texto como bytes do sal; o dynsec
  2.0.21 exige um sal de exatamente 12 bytes, guardado em base64 no seu arquivo JSON (sal de outro
  tamanho faz o dynsec ignorar o cliente em silêncio);
- hash guardado em hex (EMQX); o arquivo do dynsec recebe o mesmo valor em base64;
- número fixo de iterações (EMQX configura um número só para todos).

Iterações: as senhas de dispositivo são 32 bytes aleatórios (256 bits), então o custo do pbkdf2 não é o
que as protege; 4096 mantém a autenticação barata num reconnect em massa (broker de núcleo único).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass

ITERATIONS = 4096
SALT_LENGTH = 12  # exigência do dynsec 2.0.21
_SALT_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class PasswordRecord:
    """O que se guarda de uma senha: nunca o texto, só hash, sal e iterações."""

    password_hash: str
    salt: str
    iterations: int


def generate_password() -> str:
    """Senha aleatória de 256 bits, segura em URL e em linhas de comando."""
    return secrets.token_urlsafe(32)


def _derive(password: str, salt: str, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", password.encode(), salt.encode("ascii"), iterations)


def hash_password(password: str, *, salt: str | None = None, iterations: int = ITERATIONS) -> PasswordRecord:
    salt = salt or "".join(secrets.choice(_SALT_ALPHABET) for _ in range(SALT_LENGTH))
    if len(salt) != SALT_LENGTH or not salt.isascii():
        raise ValueError(f"o sal precisa ter {SALT_LENGTH} caracteres ASCII (limite do dynsec)")
    return PasswordRecord(_derive(password, salt, iterations).hex(), salt, iterations)


def verify_password(password: str, record: PasswordRecord) -> bool:
    return hmac.compare_digest(_derive(password, record.salt, record.iterations).hex(), record.password_hash)


def dynsec_password_fields(record: PasswordRecord) -> dict[str, object]:
    """Campos `password`/`salt`/`iterations` de um cliente no arquivo JSON do dynsec."""
    return {
        "password": base64.b64encode(bytes.fromhex(record.password_hash)).decode(),
        "salt": base64.b64encode(record.salt.encode("ascii")).decode(),
        "iterations": record.iterations,
    }
