#!/usr/bin/env python3
"""CA e certificado de servidor de DESENVOLVIMENTO para o listener TLS do Mosquitto local.

Gerados no host (Python `cryptography`, do lock), nunca no root trixie: `scripts/lib/mosquitto.sh` chama
este script a cada `up`. Idempotente: só regera o que falta, vence em menos de 30 dias ou não cobre os nomes
pedidos; imprime `changed` quando escreveu algo (o broker precisa reiniciar para ler).

  dev_tls.py --dir DIR --names 127.0.0.1,localhost [--key-owner UID:GID]

Em DIR: ca.crt (público: é o que dispositivos e simulador usam para verificar o broker), ca.key (só root),
server.crt e server.key (legível só pelo usuário do broker). Não serve para produção: lá o certificado vem
de fora (infra/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

RENEW_BEFORE = dt.timedelta(days=30)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _write(path: Path, data: bytes, mode: int, owner: tuple[int, int] | None = None) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, mode)
    if owner is not None:
        os.chown(tmp, *owner)
    os.replace(tmp, path)


def _san(names: list[str]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    pem, pkcs8 = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8
    return key.private_bytes(pem, pkcs8, serialization.NoEncryption())


def ensure_ca(directory: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey, bool]:
    crt, key = directory / "ca.crt", directory / "ca.key"
    if crt.exists() and key.exists():
        cert = x509.load_pem_x509_certificate(crt.read_bytes())
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
        if cert.not_valid_after_utc - _now() > RENEW_BEFORE and isinstance(private, ec.EllipticCurvePrivateKey):
            return cert, private, False
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TrakSense dev CA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(minutes=5))
        .not_valid_after(_now() + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(private.public_key()), critical=False)
        .sign(private, hashes.SHA256())
    )
    _write(key, _key_pem(private), 0o600)
    _write(crt, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return cert, private, True


def _server_ok(path: Path, ca: x509.Certificate, names: list[str]) -> bool:
    if not path.exists():
        return False
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    if cert.issuer != ca.subject or cert.not_valid_after_utc - _now() < RENEW_BEFORE:
        return False
    try:
        cert.verify_directly_issued_by(ca)
        have = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, TypeError, x509.InvalidSignature, x509.ExtensionNotFound):
        return False
    return set(_san(names)) <= set(have)


def ensure_server(
    directory: Path, ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey, names: list[str], owner: tuple[int, int]
) -> bool:
    crt, key = directory / "server.crt", directory / "server.key"
    if key.exists() and _server_ok(crt, ca, names):
        os.chown(key, *owner)  # o uid do broker no root pode mudar se o root for reconstruído
        return False
    private = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca.subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(minutes=5))
        .not_valid_after(_now() + dt.timedelta(days=825))
        .add_extension(_san(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(key, _key_pem(private), 0o600, owner)
    _write(crt, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--names", required=True, help="nomes/IPs do certificado do servidor, separados por vírgula")
    parser.add_argument("--key-owner", default=f"{os.getuid()}:{os.getgid()}", help="UID:GID dono de server.key")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.names.split(",") if n.strip()]
    if not names:
        parser.error("--names vazio")
    uid, gid = (int(x) for x in args.key_owner.split(":"))
    args.dir.mkdir(parents=True, exist_ok=True)
    os.chmod(args.dir, 0o755)  # noqa: S103 — o diretório guarda a CA pública; as chaves têm modo 600
    ca, ca_key, ca_changed = ensure_ca(args.dir)
    if ca_changed:
        (args.dir / "server.crt").unlink(missing_ok=True)  # emitido por outra CA
    server_changed = ensure_server(args.dir, ca, ca_key, names, (uid, gid))
    print("changed" if ca_changed or server_changed else "unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
