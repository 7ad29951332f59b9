#!/usr/bin/env python3
"""Simulador de dispositivo TrakSense (inversor Parsec `parsec_v1` ou chiller no envelope `v1`).

Conecta ao broker com as credenciais provisionadas (arquivo JSON gerado por `manage.py seed_demo_device`
ou montado a partir da resposta de `POST /api/devices/`):

    {"host": "127.0.0.1", "port": 8883, "tls": true, "ca_cert": "-----BEGIN CERTIFICATE-----...",
     "username": "...", "password": "...", "topic_base": "traksense/<tenant>/<site>/<device>",
     "adapter": "parsec_v1" | "v1", "client_id": "..."}
    # client_id opcional (padrão: username, como o broker exige); com `tls`, o certificado do broker é
    # verificado pela `ca_cert` (ou pelas CAs do sistema, se ela vier vazia).

Comportamento:
- LWT retido em `{topic_base}/state` = {"online": false}; ao conectar publica {"online": true, "ts": ...} retido.
- Telemetria em `{topic_base}/telem` a cada `--interval` segundos (parsec_v1: di1/di2; v1: pontos do chiller_v1).
- Falha sob demanda (DI2 = 1 no inversor): `--fault` na partida, `kill -USR1 <pid>` alterna, ou o arquivo
  `--fault-file` existir.
- Responde cada `cmd` com um `ack` QoS 1: ok por padrão; `--ack-error MSG` responde ok=false; `--ack-delay S`
  atrasa a resposta; `--no-ack` não responde (para testar timeout). `reset_fault` limpa a falha simulada.

Uso: .venv/bin/python scripts/simulator.py --credentials var/run/demo-device.json [--interval 5]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import random
import signal
import ssl
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

# Rodado direto (`python scripts/simulator.py`): a raiz do repositório no path para o pacote `contracts`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from contracts.mqtt import AckPayload, ParsecPayload, StatePayload, V1Envelope
from contracts.topics import TopicKind, topic

log = logging.getLogger("simulator")
STATE_HEARTBEAT_S = 60.0


@dataclass(frozen=True)
class Credentials:
    """Credenciais provisionadas de um dispositivo."""

    host: str
    port: int
    username: str
    password: str = field(repr=False)
    topic_base: str
    adapter: str = "parsec_v1"
    client_id: str = ""
    # TLS com verificação do broker: `ca_cert` (PEM, a CA de dev local) ou, vazio, as CAs do sistema.
    tls: bool = False
    ca_cert: str = field(default="", repr=False)

    @classmethod
    def load(cls, path: str | Path) -> Credentials:
        doc = json.loads(Path(path).read_text())
        return cls(
            host=doc["host"],
            port=int(doc["port"]),
            username=doc["username"],
            password=doc["password"],
            topic_base=doc["topic_base"],
            adapter=doc.get("adapter", "parsec_v1"),
            client_id=doc.get("client_id", ""),
            tls=bool(doc.get("tls", False)),
            ca_cert=doc.get("ca_cert") or "",
        )


@dataclass
class Behavior:
    """Como o dispositivo simulado responde a comandos (mutável em tempo de execução pelos testes)."""

    ack_ok: bool = True
    ack_error: str = "falha simulada"
    ack_delay_s: float = 0.0
    answer: bool = True


def now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class DeviceSimulator:
    """Um dispositivo: conexão MQTT com LWT, telemetria periódica, falhas e respostas a comandos."""

    def __init__(
        self,
        creds: Credentials,
        *,
        interval_s: float = 5.0,
        behavior: Behavior | None = None,
        fault: bool = False,
        fault_file: Path | None = None,
    ) -> None:
        self.creds = creds
        self.interval_s = interval_s
        self.behavior = behavior or Behavior()
        self.fault = fault
        self.fault_file = fault_file
        self.running = True  # DI1 = RUN
        self.seq = 0
        self.commands: list[dict[str, Any]] = []  # comandos recebidos (para testes e logs)
        self._connected = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.client = paho.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=creds.client_id or creds.username,
        )
        self.client.username_pw_set(creds.username, creds.password)
        if creds.tls:
            # Verificação do certificado e do nome do host sempre ligadas (create_default_context).
            self.client.tls_set_context(ssl.create_default_context(cadata=creds.ca_cert or None))
        self.client.will_set(self.topic("state"), json.dumps({"online": False}), qos=1, retain=True)
        self.client.reconnect_delay_set(0.2, 5)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = lambda *_a: self._connected.clear()
        self.client.on_message = self._on_message

    def topic(self, kind: TopicKind) -> str:
        return topic(self.creds.topic_base, kind)

    # --- ciclo de vida ------------------------------------------------------------------------

    def start(self, *, wait_s: float = 15.0) -> DeviceSimulator:
        self.client.connect_async(self.creds.host, self.creds.port, keepalive=15)
        self.client.loop_start()
        if not self._connected.wait(wait_s):
            self.client.loop_stop()
            raise RuntimeError(
                f"simulador não conectou a {self.creds.host}:{self.creds.port} como {self.creds.username}"
            )
        self._thread = threading.Thread(target=self._telemetry_loop, name="sim-telem", daemon=True)
        self._thread.start()
        return self

    def stop(self, *, graceful: bool = True) -> None:
        """Para (idempotente); `graceful` publica offline antes (sem isso, o broker publica o LWT)."""
        if self._stop.is_set():
            return
        self._stop.set()
        if graceful and self._connected.is_set():
            info = self.client.publish(
                self.topic("state"), json.dumps({"online": False, "ts": now_iso()}), qos=1, retain=True
            )
            with contextlib.suppress(RuntimeError, ValueError):
                info.wait_for_publish(5)
        self.client.disconnect()
        self.client.loop_stop()

    def crash(self) -> None:
        """Queda abrupta (sem DISCONNECT): o broker publica o LWT retido {"online": false}."""
        self._stop.set()
        self.client.loop_stop()
        sock = self.client.socket()
        if sock is not None:
            sock.close()

    def _on_connect(self, client: paho.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if getattr(reason, "is_failure", False):
            log.error("conexão recusada: %s", reason)
            return
        client.subscribe(self.topic("cmd"), qos=1)
        self.announce_online()
        log.info("conectado como %s; publicando em %s", self.creds.username, self.creds.topic_base)
        self._connected.set()

    def announce_online(self) -> None:
        """Publica o state online retido (assinaturas compartilhadas, como a do ingest, não recebem retidos)."""
        state = StatePayload.model_validate({"online": True, "ts": now_iso()})
        self.client.publish(self.topic("state"), state.model_dump_json(exclude_none=True), qos=1, retain=True)

    # --- telemetria ---------------------------------------------------------------------------

    def is_faulted(self) -> bool:
        return self.fault or bool(self.fault_file and self.fault_file.exists())

    def telemetry(self) -> dict[str, Any]:
        """Payload de uma leitura, no formato que o ingest espera para o adapter do dispositivo.

        Validado pelo modelo do contrato (`contracts.mqtt`) antes de sair: o simulador nunca publica fora dele.
        """
        self.seq += 1
        ts = now_iso()
        if self.creds.adapter == "parsec_v1":
            doc: dict[str, Any] = {
                "schema": "parsec_v1",
                "ts": ts,
                "di1": int(self.running),
                "di2": int(self.is_faulted()),
                "seq": self.seq,
            }
            ParsecPayload.model_validate(doc)
            return doc
        # chiller_v1 no envelope v1: uma senoide lenta com ruído, para os gráficos terem forma.
        phase = time.time() / 600.0
        t_in = 12.0 + 3.0 * math.sin(phase) + random.uniform(-0.2, 0.2)
        doc = {
            "schema": "v1",
            "ts": ts,
            "points": [
                {"name": "temp_agua_entrada", "t": "float", "v": round(t_in, 2), "u": "°C"},
                {"name": "temp_agua_saida", "t": "float", "v": round(t_in - 5.0, 2), "u": "°C"},
                {"name": "compressor_1_on", "t": "bool", "v": True},
                {"name": "compressor_2_on", "t": "bool", "v": t_in > 13.0},
                {"name": "pressao_succao", "t": "float", "v": round(4.0 + random.uniform(-0.3, 0.3), 2), "u": "bar"},
                {"name": "corrente_total", "t": "float", "v": round(120 + 20 * math.sin(phase), 1), "u": "A"},
                {"name": "modo_operacao", "t": "enum", "v": "OFF" if self.is_faulted() else "AUTO"},
            ],
        }
        V1Envelope.model_validate(doc)
        return doc

    def publish_telemetry(self) -> None:
        self.client.publish(self.topic("telem"), json.dumps(self.telemetry()), qos=1)

    def _telemetry_loop(self) -> None:
        last_state = time.monotonic()
        while not self._stop.is_set():
            if self._connected.is_set():
                self.publish_telemetry()
                # Batimento do state: um ingest que (re)subiu depois da conexão não recebe o retido ($share).
                if time.monotonic() - last_state >= STATE_HEARTBEAT_S:
                    self.announce_online()
                    last_state = time.monotonic()
            self._stop.wait(self.interval_s)

    # --- comandos -----------------------------------------------------------------------------

    def _on_message(self, _c: paho.Client, _u: Any, msg: paho.MQTTMessage) -> None:
        try:
            cmd = json.loads(msg.payload)
            cmd_id = str(cmd["cmd_id"])
        except (ValueError, KeyError, TypeError):
            log.warning("comando ilegível em %s: %r", msg.topic, msg.payload[:200])
            return
        self.commands.append(cmd)
        log.info("comando %s recebido: %s", cmd_id, cmd)
        b = self.behavior
        if not b.answer:
            return
        if b.ack_delay_s > 0:
            threading.Timer(b.ack_delay_s, self._execute, args=(cmd, b.ack_ok, b.ack_error)).start()
        else:
            self._execute(cmd, b.ack_ok, b.ack_error)

    def _execute(self, cmd: dict[str, Any], ok: bool, error: str) -> None:
        err: str | None = None if ok else error
        if ok and cmd.get("op") == "reset_fault":
            self.fault = False
            if self.fault_file is not None:
                self.fault_file.unlink(missing_ok=True)
            self.publish_telemetry()  # o reset aparece na série na hora, não só no próximo ciclo
        elif ok and cmd.get("op") != "reset_fault":
            ok, err = False, f"op desconhecida: {cmd.get('op')!r}"
        ack = AckPayload.model_validate({"cmd_id": cmd["cmd_id"], "ok": ok, "ts_exec": now_iso(), "err": err})
        self.client.publish(self.topic("ack"), ack.model_dump_json(by_alias=True), qos=1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--credentials", required=True, help="JSON com host, port, username, password, topic_base, adapter")
    p.add_argument(
        "--interval",
        type=float,
        default=float(os.environ.get("TS_SIM_INTERVAL_S", "5")),
        help="segundos entre leituras",
    )
    p.add_argument("--fault", action="store_true", help="começa em falha (DI2 = 1)")
    p.add_argument("--fault-file", type=Path, help="enquanto este arquivo existir, o dispositivo está em falha")
    p.add_argument("--ack-error", metavar="MSG", help="responde todo comando com ok=false e este erro")
    p.add_argument("--ack-delay", type=float, default=0.0, help="segundos até responder o ACK")
    p.add_argument("--no-ack", action="store_true", help="não responde comandos (teste de timeout)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s simulator %(levelname)s %(message)s")

    behavior = Behavior(
        ack_ok=args.ack_error is None,
        ack_error=args.ack_error or "",
        ack_delay_s=args.ack_delay,
        answer=not args.no_ack,
    )
    sim = DeviceSimulator(
        Credentials.load(args.credentials),
        interval_s=args.interval,
        behavior=behavior,
        fault=args.fault,
        fault_file=args.fault_file,
    )
    done = threading.Event()

    def toggle_fault(*_a: Any) -> None:
        sim.fault = not sim.fault
        log.info("falha simulada: %s", "ATIVA" if sim.fault else "limpa")
        sim.publish_telemetry()

    signal.signal(signal.SIGUSR1, toggle_fault)
    signal.signal(signal.SIGTERM, lambda *_a: done.set())
    signal.signal(signal.SIGINT, lambda *_a: done.set())
    sim.start(wait_s=60)
    done.wait()
    sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
