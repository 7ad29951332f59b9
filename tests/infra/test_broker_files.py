"""Passo `broker-files` (infra/bootstrap/broker_files.py): PKI de desenvolvimento que serve de verdade a um
handshake TLS com verificação, certificados montados intocados e o bootstrap_file de chaves do EMQX."""

from __future__ import annotations

import os
import re
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "infra" / "bootstrap" / "broker_files.py"


def run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--tls-dir", str(tmp_path / "tls"), "--api-keys-file", str(tmp_path / "k.txt")],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
    )


GOOD_ENV = {
    "TS_TLS_SERVER_NAMES": "emqx,mqtt.example.test,127.0.0.1",
    "EMQX_API_KEY": "traksense-api",
    "EMQX_API_SECRET": "s" * 32,
}


def handshake(tls_dir: Path, server_hostname: str, context: ssl.SSLContext) -> None:
    """Servidor TLS real com server.crt/server.key na loopback; o cliente faz o handshake completo."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(tls_dir / "server.crt", tls_dir / "server.key")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        try:
            with server_ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)
        except (ssl.SSLError, OSError):
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname=server_hostname) as tls,
        ):
            tls.sendall(b"x")
    finally:
        thread.join(timeout=5)
        listener.close()


def test_generated_dev_pki_passes_verified_tls(tmp_path: Path) -> None:
    result = run(tmp_path, **GOOD_ENV)
    assert result.returncode == 0, result.stderr
    tls_dir = tmp_path / "tls"
    assert "TLS generated" in result.stdout
    assert (tls_dir / "server.key").stat().st_mode & 0o777 == 0o600
    trusting = ssl.create_default_context(cafile=str(tls_dir / "ca.crt"))
    handshake(tls_dir, "emqx", trusting)
    handshake(tls_dir, "mqtt.example.test", trusting)
    # Verificação ligada: nome fora do SAN ou cliente sem a CA falham.
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(tls_dir, "outro.example.test", trusting)
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(tls_dir, "emqx", ssl.create_default_context())


def test_mounted_certificates_are_left_alone_and_keys_file_follows_env(tmp_path: Path) -> None:
    assert run(tmp_path, **GOOD_ENV).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "tls").iterdir()}
    again = run(tmp_path, **{**GOOD_ENV, "EMQX_API_SECRET": "t" * 32})
    assert again.returncode == 0, again.stderr
    assert "TLS mounted" in again.stdout
    assert {p.name: p.read_bytes() for p in (tmp_path / "tls").iterdir()} == before
    # Formato do bootstrap_file do EMQX 5.8 (emqx_mgmt_auth.erl: regex `(.+):(.+)(?::(.+))?$`, papel válido).
    line = (tmp_path / "k.txt").read_text().strip()
    assert re.fullmatch(r"traksense-api:t{32}:administrator", line)
    assert (tmp_path / "k.txt").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**GOOD_ENV, "EMQX_API_KEY": ""}, "EMQX_API_KEY"),
        ({**GOOD_ENV, "EMQX_API_SECRET": "a:b" * 8}, "EMQX_API_SECRET"),
        ({**GOOD_ENV, "TS_TLS_SERVER_NAMES": ""}, "TS_TLS_SERVER_NAMES"),
    ],
)
def test_bad_configuration_fails_loudly(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = run(tmp_path, **env)
    assert result.returncode == 2
    assert message in result.stderr


def test_half_mounted_tls_dir_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tls").mkdir()
    (tmp_path / "tls" / "server.crt").write_text("certificado sem chave")
    result = run(tmp_path, **GOOD_ENV)
    assert result.returncode == 2
    assert "faltam" in result.stderr
