"""Espera de ACKs sem varrer o banco: LISTEN `traksense_cmd_ack` numa conexão dedicada por processo.

O ingest grava o ACK em `public.cmd_ack`; o gatilho faz `pg_notify('traksense_cmd_ack', cmd_id)` no commit.
Uma thread por processo da API mantém o LISTEN e acorda quem espera aquele cmd_id (um `threading.Event`
por comando). A conexão é do papel da API e só escuta: nada de dado de tenant passa por ela.

Se a conexão cair durante uma espera, a notificação pode se perder; quem espera sempre relê o ACK no
banco ao acordar ou ao fim do prazo, então o resultado continua correto (no pior caso, chega no prazo).

ACK tardio: depois do prazo, `watch_late` lembra o comando (com o schema do tenant, por LATE_WATCH_S);
quando a NOTIFY dele chega, o listener enfileira `reconcile_command` no worker — a conciliação é escrita
do worker, não de um GET. Se este processo morrer antes, a tarefa periódica `reconcile_late_acks` concilia.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connection
from tenacity import RetryCallState, Retrying, retry_if_exception_type, wait_exponential_jitter

log = logging.getLogger(__name__)

CHANNEL = "traksense_cmd_ack"
# Por quanto tempo um comando vencido ainda espera o ACK tardio por este caminho (depois, só a tarefa periódica).
LATE_WATCH_S = 3600.0
# Uma conexão que ficou de pé por isto recomeça as novas tentativas da espera mínima.
HEALTHY_S = 10.0


def _conninfo() -> str:
    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"],
        host=s["HOST"] or None,
        port=str(s["PORT"]) if s["PORT"] else None,
        application_name="traksense-api-cmd-listener",
    )


class AckListener:
    """Thread de LISTEN que distribui notificações para as esperas registradas."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._waiters: dict[str, threading.Event] = {}
        self._late: dict[str, tuple[str, float]] = {}  # cmd_id → (schema do tenant, expira em monotonic)
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cmd-ack-listener", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout_s: float) -> bool:
        """True quando o LISTEN está ativo (notificações a partir daqui não se perdem)."""
        return self._ready.wait(timeout_s)

    @contextmanager
    def waiting(self, cmd_id: str) -> Iterator[threading.Event]:
        """Registra a espera ANTES de publicar (senão um ACK rápido chegaria sem ninguém esperando)."""
        event = threading.Event()
        with self._lock:
            self._waiters[cmd_id] = event
        try:
            yield event
        finally:
            with self._lock:
                self._waiters.pop(cmd_id, None)

    def watch_late(self, cmd_id: str, schema_name: str) -> None:
        """Passa a esperar o ACK tardio de um comando vencido (conciliado pelo worker quando chegar)."""
        now = time.monotonic()
        with self._lock:
            for key in [k for k, (_, until) in self._late.items() if until <= now]:
                del self._late[key]
            self._late[cmd_id] = (schema_name, now + LATE_WATCH_S)

    def _dispatch(self, cmd_id: str) -> None:
        with self._lock:
            event = self._waiters.get(cmd_id)
            late = self._late.pop(cmd_id, None)
        if event is not None:
            event.set()
        if late is not None:
            from apps.commands.tasks import reconcile_command

            try:
                reconcile_command.delay(late[0], cmd_id)
            except Exception:  # fila fora do ar: a tarefa periódica concilia depois
                log.exception("não foi possível enfileirar a conciliação do ACK tardio de %s", cmd_id)

    def _sleep(self, seconds: float) -> None:
        """Espera entre tentativas que acorda na hora com stop()."""
        self._stop.wait(seconds)

    def _run(self) -> None:
        # Conexão caída: novas tentativas com espera exponencial 0,2 s → 5 s e jitter (tenacity), interrompida
        # por stop(). Uma conexão que ficou de pé recomeça da espera mínima.
        while not self._stop.is_set():
            for attempt in Retrying(
                retry=retry_if_exception_type(psycopg.Error),
                wait=wait_exponential_jitter(multiplier=0.2, max=5.0, jitter=0.2),
                stop=lambda _state: self._stop.is_set(),
                sleep=self._sleep,
                before_sleep=self._lost,
                retry_error_callback=lambda _state: None,  # parado durante as tentativas: só sai
            ):
                with attempt:
                    self._listen()

    def _listen(self) -> None:
        with psycopg.connect(self._conninfo, autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self._ready.set()
            connected_at = time.monotonic()
            try:
                while not self._stop.is_set():
                    for note in conn.notifies(timeout=1.0):
                        self._dispatch(note.payload)
            except psycopg.Error as exc:
                self._ready.clear()
                if time.monotonic() - connected_at < HEALTHY_S:
                    raise  # caiu logo depois de conectar: conta como tentativa falha (a espera cresce)
                log.warning("LISTEN %s caiu (%s); reconectando", CHANNEL, exc)

    def _lost(self, state: RetryCallState) -> None:
        # Quem espera relê o banco ao fim do prazo: uma notificação perdida aqui só atrasa a resposta.
        self._ready.clear()
        error = state.outcome.exception() if state.outcome else None
        log.warning("LISTEN %s caiu (%s); reconectando em %.1f s", CHANNEL, error, state.upcoming_sleep)

    def stop(self) -> None:
        self._stop.set()


_lock = threading.Lock()
_listener: tuple[int, str, AckListener] | None = None


def get_listener() -> AckListener:
    """O listener deste processo (sob demanda; refeito após fork ou se o banco configurado mudou)."""
    global _listener
    conninfo = _conninfo()
    with _lock:
        if _listener is None or _listener[0] != os.getpid() or _listener[1] != conninfo:
            if _listener is not None and _listener[0] == os.getpid():
                _listener[2].stop()
            _listener = (os.getpid(), conninfo, AckListener(conninfo))
        return _listener[2]
