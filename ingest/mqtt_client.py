"""Cliente paho-mqtt com leitura em bloco e PUBACKs agrupados (o caminho quente do ingest).

Por que existe: com mensagens pequenas o custo do ingest era o próprio paho (perfil py-spy em
docs/benchmarks.md): por mensagem ele faz um `select`, três ou mais `recv` (1 byte de comando, 1 byte por
byte do comprimento, o corpo), monta `Properties` do MQTT 5 e um `MQTTMessage`, e cada `ack()` enfileira um
pacote e escreve um byte no socketpair que acorda a thread de rede. Aqui, sem mudar o protocolo:

- `loop_read` lê até 256 KiB por `recv` e processa todos os pacotes completos do buffer;
- PUBLISH QoS 0/1 é decodificado direto do buffer e entregue a `on_publish_raw(topic, payload, mid, qos)`
  (as propriedades do PUBLISH são puladas: o ingest não as usa); demais pacotes (CONNACK, SUBACK, PINGRESP,
  DISCONNECT, PUBLISH QoS 2) seguem pelo tratamento normal do paho;
- `ack_many(mids)` manda N PUBACKs num único pacote de saída (um `send`, um despertar da thread de rede).

Usa partes internas do paho 2.2 (`_in_packet`, `_packet_handle`, `_packet_queue`, `_loop_rc_handle`);
a versão está travada em requirements/lock.txt e `ingest/tests/test_mqtt_client.py` exercita este cliente
contra o Mosquitto real.
"""

from __future__ import annotations

import ssl
import struct
from collections.abc import Callable, Iterable
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import MQTTErrorCode, MQTTProtocolVersion
from paho.mqtt.exception import MalformedPacket

_PUBLISH = 0x30
_PUBACK = 0x40
_READ_SIZE = 256 * 1024
_PUBACK_STRUCT = struct.Struct("!BBH")

RawHandler = Callable[[bytes, bytes, int, int], None]


class FastClient(paho.Client):
    """`paho.Client` com leitura em bloco; PUBLISH QoS 0/1 vai para `on_publish_raw` (obrigatório)."""

    def __init__(self, *args: Any, on_publish_raw: RawHandler, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_publish_raw = on_publish_raw
        self._rbuf = bytearray()
        self._rbuf_sock: object | None = None
        self._v5 = kwargs.get("protocol") == MQTTProtocolVersion.MQTTv5

    def ack_many(self, mids: Iterable[int]) -> MQTTErrorCode:
        """PUBACK (QoS 1) de vários `mid` num só pacote de saída, na ordem dada. Seguro entre threads,
        como `ack()`: só enfileira (deque) e acorda a thread de rede."""
        packet = b"".join(_PUBACK_STRUCT.pack(_PUBACK, 2, mid) for mid in mids)
        if not packet:
            return MQTTErrorCode.MQTT_ERR_SUCCESS
        if self._sock is None:
            return MQTTErrorCode.MQTT_ERR_NO_CONN
        # qos 0 / mid 0: para o paho é só bytes a escrever (nenhum callback de publicação).
        return self._packet_queue(_PUBACK, packet, 0, 0)

    def loop_read(self, max_packets: int = 1) -> MQTTErrorCode:
        sock = self._sock
        if sock is None:
            return MQTTErrorCode.MQTT_ERR_NO_CONN
        if sock is not self._rbuf_sock:
            # Conexão nova: bytes pendentes da anterior não valem nada.
            self._rbuf = bytearray()
            self._rbuf_sock = sock
        try:
            data = sock.recv(_READ_SIZE)
        except (BlockingIOError, InterruptedError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return MQTTErrorCode.MQTT_ERR_SUCCESS
        except OSError:
            return self._loop_rc_handle(MQTTErrorCode.MQTT_ERR_CONN_LOST)
        if not data:
            return self._loop_rc_handle(MQTTErrorCode.MQTT_ERR_CONN_LOST)
        with self._msgtime_mutex:
            self._last_bytes_received = paho.time_func()
        buf = self._rbuf
        buf += data
        pos = 0
        end = len(buf)
        rc = MQTTErrorCode.MQTT_ERR_SUCCESS
        while pos < end:
            # Cabeçalho fixo: 1 byte de comando + comprimento restante (varint de até 4 bytes).
            cmd = buf[pos]
            length = 0
            shift = 0
            i = pos + 1
            complete = False
            while i < end and i - pos <= 4:
                b = buf[i]
                i += 1
                length |= (b & 0x7F) << shift
                shift += 7
                if not b & 0x80:
                    complete = True
                    break
            if not complete:
                if i - pos > 4:
                    return self._loop_rc_handle(MQTTErrorCode.MQTT_ERR_PROTOCOL)
                break  # comprimento ainda incompleto: espera o próximo recv
            body_end = i + length
            if body_end > end:
                break  # corpo incompleto: espera o próximo recv
            body = bytes(buf[i:body_end])
            pos = body_end
            if cmd & 0xF0 == _PUBLISH and (cmd & 0x06) != 0x04:
                try:
                    rc = self._fast_publish(cmd, body)
                except IndexError:
                    # PUBLISH truncado (comprimentos internos maiores que o pacote): erro de protocolo, como
                    # o MalformedPacket do paho — a conexão cai e a sessão reentrega.
                    rc = MQTTErrorCode.MQTT_ERR_PROTOCOL
            else:
                rc = self._handle_other(cmd, body)
            if rc != MQTTErrorCode.MQTT_ERR_SUCCESS or self._sock is not sock:
                break
        del buf[:pos]
        if rc != MQTTErrorCode.MQTT_ERR_SUCCESS:
            return self._loop_rc_handle(rc)
        return MQTTErrorCode.MQTT_ERR_SUCCESS

    def _fast_publish(self, cmd: int, body: bytes) -> MQTTErrorCode:
        qos = (cmd & 0x06) >> 1
        tlen = (body[0] << 8) | body[1]
        p = 2 + tlen
        topic = body[2:p]
        mid = 0
        if qos:
            mid = (body[p] << 8) | body[p + 1]
            p += 2
        if self._v5:
            plen = 0
            mult = 1
            while True:
                b = body[p]
                p += 1
                plen += (b & 0x7F) * mult
                mult *= 128
                if not b & 0x80:
                    break
            p += plen
        if p > len(body):
            raise IndexError("propriedades além do fim do PUBLISH")
        self.on_publish_raw(topic, body[p:], mid, qos)
        if qos == 1 and not self._manual_ack:
            return self._send_puback(mid)
        return MQTTErrorCode.MQTT_ERR_SUCCESS

    def _handle_other(self, cmd: int, body: bytes) -> MQTTErrorCode:
        # Monta o estado de leitura exatamente como `_packet_read` deixaria e usa o tratamento do paho.
        self._in_packet = {
            "command": cmd,
            "have_remaining": 1,
            "remaining_count": [],
            "remaining_mult": 1,
            "remaining_length": len(body),
            "packet": bytearray(body),
            "to_process": 0,
            "pos": 0,
        }
        try:
            return self._packet_handle()
        except MalformedPacket:
            return MQTTErrorCode.MQTT_ERR_PROTOCOL
        finally:
            self._in_packet = {
                "command": 0,
                "have_remaining": 0,
                "remaining_count": [],
                "remaining_mult": 1,
                "remaining_length": 0,
                "packet": bytearray(b""),
                "to_process": 0,
                "pos": 0,
            }
