"""Publicação de comandos pela API: um cliente paho por processo, conta de serviço, QoS 1 (ADR-003).

O cliente nasce no primeiro uso (depois do fork do gunicorn: chaveado pelo pid) e mantém a conexão com
reconexão automática da thread de rede do paho. `publish` só retorna quando o broker confirmou (PUBACK).
"""

from __future__ import annotations

import os
import threading
import uuid

import paho.mqtt.client as paho
from django.conf import settings
from paho.mqtt.enums import CallbackAPIVersion


class PublishError(RuntimeError):
    """O broker não confirmou a publicação no prazo (ou recusou a conexão)."""


class CommandPublisher:
    """Conexão MQTT de um processo da API, usada só para publicar em `.../cmd`."""

    def __init__(self, *, host: str, port: int, username: str, password: str) -> None:
        self._connected = threading.Event()
        self._refused: str | None = None
        self.client = paho.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=f"traksense-api-{os.getpid()}-{uuid.uuid4().hex[:6]}",
        )
        self.client.username_pw_set(username, password)
        # O paho anota `int`, mas só guarda o valor e dorme por ele (time.sleep aceita float): 0,2 s é proposital.
        self.client.reconnect_delay_set(0.2, 5)  # type: ignore[arg-type]
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.connect_async(host, port, keepalive=30)
        self.client.loop_start()

    def _on_connect(self, _c: object, _u: object, _f: object, reason: object, _p: object) -> None:
        if getattr(reason, "is_failure", False):
            self._refused = str(reason)
            return
        self._refused = None
        self._connected.set()

    def _on_disconnect(self, *_args: object) -> None:
        self._connected.clear()

    def publish(self, topic: str, payload: bytes, *, timeout_s: float) -> None:
        """QoS 1, sem retain; levanta PublishError se não houver PUBACK em `timeout_s`."""
        if not self._connected.wait(timeout_s):
            why = f" (recusado: {self._refused})" if self._refused else ""
            raise PublishError(f"sem conexão com o broker MQTT{why}")
        info = self.client.publish(topic, payload, qos=1, retain=False)
        try:
            info.wait_for_publish(timeout_s)
        except (RuntimeError, ValueError) as exc:
            raise PublishError(f"publicação falhou: {exc}") from exc
        if not info.is_published():
            raise PublishError(f"broker não confirmou a publicação em {timeout_s:g} s")

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


_lock = threading.Lock()
_publisher: tuple[int, CommandPublisher] | None = None


def get_publisher() -> CommandPublisher:
    """O publicador deste processo (criado sob demanda; refeito se o processo foi bifurcado)."""
    global _publisher
    with _lock:
        if _publisher is None or _publisher[0] != os.getpid():
            if not settings.MQTT_API_USER or not settings.MQTT_API_PASSWORD:
                raise PublishError("TS_MQTT_API_USER/TS_MQTT_API_PASSWORD não configurados (veja .env.example)")
            _publisher = (
                os.getpid(),
                CommandPublisher(
                    host=settings.MQTT_HOST,
                    port=settings.MQTT_PORT,
                    username=settings.MQTT_API_USER,
                    password=settings.MQTT_API_PASSWORD,
                ),
            )
        return _publisher[1]
