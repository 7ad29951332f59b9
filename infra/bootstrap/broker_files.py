"""Arquivos que o EMQX precisa antes de subir (passo único `broker-files` do Compose).

1. Certificados TLS da porta 8883 em `--tls-dir`: se `server.crt` e `server.key` já existem (certificados
   reais montados pelo operador), nada é tocado; se não existe nenhum, gera uma CA de desenvolvimento e um
   certificado de servidor assinado por ela (SAN = `TS_TLS_SERVER_NAMES`). Metade dos arquivos = erro.
2. `--api-keys-file`: o `api_key.bootstrap_file` do EMQX (linha `chave:segredo:papel`, formato de
   apps/emqx_management/src/emqx_mgmt_auth.erl), reescrito a cada partida a partir de EMQX_API_KEY e
   EMQX_API_SECRET — a mesma chave que a API usa para derrubar dispositivos revogados.

Os arquivos ficam com o dono `--owner-uid` (1000 = usuário `emqx` da imagem oficial), modo 0600 para
chaves e segredos. Sem Django: só a biblioteca `cryptography`, que já está no lock de runtime.
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

CA_DAYS = 3650
SERVER_DAYS = 825  # teto aceito por clientes que seguem as regras do CA/Browser Forum
TLS_FILES = ("ca.crt", "server.crt", "server.key")


class BrokerFilesError(Exception):
    """Configuração que não dá para corrigir sozinho: o passo falha e o EMQX não sobe."""


def _write(path: Path, data: bytes, *, mode: int, owner_uid: int | None) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, mode)
    if owner_uid is not None:
        os.chown(tmp, owner_uid, owner_uid)
    os.replace(tmp, path)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "TrakSense (desenvolvimento)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _san(names: list[str]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def generate_dev_pki(tls_dir: Path, server_names: list[str], *, owner_uid: int | None) -> None:
    """CA de desenvolvimento (ca.crt; a chave da CA fica em ca.key, fora do EMQX) + certificado de servidor."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("TrakSense Dev CA"))
        .issuer_name(_name("TrakSense Dev CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(server_names[0]))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_san(server_names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    private = serialization.PrivateFormat.PKCS8
    none = serialization.NoEncryption()
    _write(tls_dir / "ca.key", ca_key.private_bytes(pem, private, none), mode=0o600, owner_uid=owner_uid)
    _write(tls_dir / "ca.crt", ca_cert.public_bytes(pem), mode=0o644, owner_uid=owner_uid)
    _write(tls_dir / "server.key", server_key.private_bytes(pem, private, none), mode=0o600, owner_uid=owner_uid)
    _write(tls_dir / "server.crt", server_cert.public_bytes(pem), mode=0o644, owner_uid=owner_uid)


def ensure_tls(tls_dir: Path, server_names: list[str], *, owner_uid: int | None) -> str:
    """`mounted` (certificados do operador, intocados) ou `generated` (PKI de desenvolvimento nova)."""
    present = [name for name in TLS_FILES if (tls_dir / name).is_file()]
    if len(present) == len(TLS_FILES):
        return "mounted"
    if present:
        missing = sorted(set(TLS_FILES) - set(present))
        raise BrokerFilesError(f"{tls_dir}: faltam {', '.join(missing)} (monte os três ou nenhum)")
    if not server_names:
        raise BrokerFilesError("TS_TLS_SERVER_NAMES vazio: diga o(s) nome(s) do broker para o certificado")
    tls_dir.mkdir(parents=True, exist_ok=True)
    generate_dev_pki(tls_dir, server_names, owner_uid=owner_uid)
    return "generated"


def write_api_keys(path: Path, api_key: str, api_secret: str, *, owner_uid: int | None) -> None:
    """Uma linha `chave:segredo:administrator`; o EMQX recarrega o arquivo em toda partida."""
    for label, value in (("EMQX_API_KEY", api_key), ("EMQX_API_SECRET", api_secret)):
        if not value or ":" in value or any(c.isspace() for c in value):
            raise BrokerFilesError(f"{label} vazio ou com ':'/espaço (formato chave:segredo:papel do EMQX)")
    if len(api_secret) < 16:
        raise BrokerFilesError("EMQX_API_SECRET curto demais (mínimo 16 caracteres)")
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, f"{api_key}:{api_secret}:administrator\n".encode(), mode=0o600, owner_uid=owner_uid)


def _required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise BrokerFilesError(f"variável de ambiente {name} é obrigatória (veja .env.example)")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tls-dir", type=Path, required=True)
    parser.add_argument("--api-keys-file", type=Path, required=True)
    parser.add_argument("--owner-uid", type=int, default=None, help="dono dos arquivos (uid do EMQX)")
    args = parser.parse_args(argv)
    try:
        names = [n.strip() for n in _required_env("TS_TLS_SERVER_NAMES").split(",") if n.strip()]
        tls = ensure_tls(args.tls_dir, names, owner_uid=args.owner_uid)
        write_api_keys(
            args.api_keys_file,
            _required_env("EMQX_API_KEY"),
            _required_env("EMQX_API_SECRET"),
            owner_uid=args.owner_uid,
        )
    except BrokerFilesError as exc:
        print(f"broker-files: {exc}", file=sys.stderr)
        return 2
    print(f"broker-files: TLS {tls} em {args.tls_dir}; chave da API em {args.api_keys_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
