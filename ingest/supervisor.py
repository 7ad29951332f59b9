"""Supervisor de N processos de ingest (`TS_INGEST_PROCESSES=N` ou `python -m ingest --processes N`).

Por que processos: o ingest é Python, e um processo usa no máximo um núcleo (GIL). Cada membro é um ingest
completo — cliente MQTT próprio, pool de banco próprio, lotes, PUBACK após o commit na ordem dos seus lotes —
e assina exatamente como um ingest sozinho assinaria (o broker divide as mensagens entre eles). Nada é
compartilhado entre membros, então as garantias de um processo valem para cada um:
- client id estável `<TS_INGEST_CLIENT_ID>-<índice>` (config.member_client_id): um membro que morre é
  reiniciado com o MESMO id e retoma a sua sessão persistente, onde ficaram as mensagens sem PUBACK;
- memória limitada por membro (Receive Maximum), logo N × Receive Maximum mensagens no total;
- a partição de tenants do membro (ADR-004) chega pelo ambiente: TS_INGEST_MEMBERS = réplicas × N e
  TS_INGEST_MEMBER = réplica × N + índice, de modo que réplicas e processos nunca dividem um tenant.

Saúde e métricas: cada membro ouve em TS_INGEST_HEALTH_PORT + 1 + índice (ou numa porta livre se a base
for 0); o supervisor ouve na base e agrega: `/healthz` saudável só se todos os membros estiverem, com o
detalhe de cada um; `/metrics` junta as métricas dos membros com o rótulo `member="<índice>"` e soma as
suas (`ingest_member_restarts_total`, `ingest_members_up`).

Ciclo de vida: membro que sai sem pedido é reiniciado com backoff (1 s → 10 s). SIGTERM/SIGINT no
supervisor é repassado aos membros (cada um grava o que tem e confirma) e o supervisor espera todos saírem.
Se o supervisor morrer sem aviso, os membros recebem SIGTERM do kernel (PR_SET_PDEATHSIG, em main.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import logging
import os
import signal
import socket
import sys
import time
import urllib.request
from dataclasses import dataclass, field

import orjson
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest

from ingest import metrics as m
from ingest.config import Settings, member_client_id

log = logging.getLogger("ingest.supervisor")

MEMBER_GRACE_S = 60.0  # cada membro tem até 30 s (main.SHUTDOWN_GRACE_S) para gravar e confirmar
RESTART_MAX_S = 10.0
HEALTHY_RUN_S = 30.0  # um membro que rodou isso tudo volta ao backoff mínimo se cair

_REGISTRY = CollectorRegistry(auto_describe=True)
RESTARTS = Counter(
    "ingest_member_restarts_total", "Reinícios de membros do ingest pelo supervisor", ["member"], registry=_REGISTRY
)
MEMBERS_UP = Gauge("ingest_members_up", "Membros do ingest com processo vivo", registry=_REGISTRY)


@dataclass(slots=True)
class Member:
    index: int
    port: int
    client_id: str
    proc: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    restarts: int = 0
    backoff: float = 1.0
    exits: list[int] = field(default_factory=list)


class Supervisor:
    def __init__(self, settings: Settings, processes: int) -> None:
        self.s = settings
        self.processes = processes
        base = settings.client_id  # o supervisor não é membro: o client id dele é a base
        self.members = [
            Member(index=i, port=self._member_port(i), client_id=member_client_id(base, i, processes))
            for i in range(processes)
        ]
        self._base_client_id = base
        self._stopping = asyncio.Event()

    def _member_port(self, index: int) -> int:
        if self.s.health_port:
            return self.s.health_port + 1 + index
        with socket.socket() as sock:
            sock.bind((self.s.health_host, 0))
            return int(sock.getsockname()[1])

    def request_stop(self) -> None:
        self._stopping.set()

    # --- processos -----------------------------------------------------------------------------

    def _member_env(self, member: Member) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "TS_INGEST_PROCESSES": "1",
                # Partição do filho (ADR-004): a deste contêiner/réplica subdividida entre os processos.
                "TS_INGEST_MEMBERS": str(self.s.members * self.processes),
                "TS_INGEST_MEMBER": str(self.s.member * self.processes + member.index),
                "TS_INGEST_SUPERVISED": str(member.index),
                "TS_INGEST_CLIENT_ID": member.client_id,
                "TS_INGEST_HEALTH_PORT": str(member.port),
            }
        )
        return env

    async def _spawn(self, member: Member) -> None:
        member.proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "ingest", env=self._member_env(member))
        member.started_at = time.monotonic()
        log.info(
            "membro iniciado",
            extra={"member": member.index, "pid": member.proc.pid, "client_id": member.client_id, "port": member.port},
        )

    async def _keep(self, member: Member) -> None:
        """Mantém um membro vivo até o desligamento; reinicia com backoff se ele sair sem pedido."""
        while not self._stopping.is_set():
            await self._spawn(member)
            assert member.proc is not None
            rc = await member.proc.wait()
            member.exits.append(rc)
            if self._stopping.is_set():
                return
            if time.monotonic() - member.started_at >= HEALTHY_RUN_S:
                member.backoff = 1.0
            log.error(
                "membro saiu sem pedido; reiniciando",
                extra={"member": member.index, "returncode": rc, "retry_s": member.backoff},
            )
            member.restarts += 1
            RESTARTS.labels(str(member.index)).inc()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), member.backoff)
            member.backoff = min(member.backoff * 2, RESTART_MAX_S)

    async def _stop_members(self) -> None:
        alive = [mb.proc for mb in self.members if mb.proc is not None and mb.proc.returncode is None]
        for proc in alive:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(asyncio.gather(*(p.wait() for p in alive)), MEMBER_GRACE_S)
        except TimeoutError:
            log.error("membros não saíram a tempo; SIGKILL (o que não foi confirmado será reentregue)")
            for proc in alive:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
            await asyncio.gather(*(p.wait() for p in alive))

    async def run(self) -> int:
        server = m.HealthServer(self.s.health_host, self.s.health_port, self.health, self.metrics)
        async with server:
            log.info("supervisor ouvindo", extra={"port": server.port, "members": self.processes})
            keepers = [asyncio.create_task(self._keep(mb), name=f"member-{mb.index}") for mb in self.members]
            await self._stopping.wait()
            await self._stop_members()
            await asyncio.gather(*keepers, return_exceptions=True)
        bad = [mb.index for mb in self.members if mb.exits and mb.exits[-1] != 0]
        log.info("supervisor encerrado", extra={"members_failed": bad})
        return 1 if bad else 0

    # --- saúde e métricas agregadas --------------------------------------------------------------

    async def health(self) -> dict[str, object]:
        docs = await asyncio.gather(*(self._fetch(mb, "/healthz") for mb in self.members))
        members: list[dict[str, object]] = []
        for mb, raw in zip(self.members, docs, strict=True):
            info: dict[str, object] = {}
            if raw is not None:
                with contextlib.suppress(orjson.JSONDecodeError):
                    info = orjson.loads(raw)
            alive = mb.proc is not None and mb.proc.returncode is None
            members.append(
                {
                    "index": mb.index,
                    "pid": mb.proc.pid if alive and mb.proc is not None else None,
                    "client_id": mb.client_id,
                    "port": mb.port,
                    "restarts": mb.restarts,
                    **info,
                }
            )
        MEMBERS_UP.set(sum(1 for x in members if x["pid"] is not None))

        def every(key: str) -> bool:
            return all(x.get(key) is True for x in members)

        inflight = sum(int(x.get("inflight_messages", 0) or 0) for x in members)  # type: ignore[call-overload]
        return {
            "healthy": every("healthy"),
            "mqtt_connected": every("mqtt_connected"),
            "db_ok": every("db_ok"),
            "registry_loaded": every("registry_loaded"),
            "inflight_messages": inflight,
            "members": members,
        }

    async def metrics(self) -> bytes:
        texts = await asyncio.gather(*(self._fetch(mb, "/metrics") for mb in self.members))
        MEMBERS_UP.set(sum(1 for mb in self.members if mb.proc is not None and mb.proc.returncode is None))
        merged = merge_metrics([(str(mb.index), t.decode()) for mb, t in zip(self.members, texts, strict=True) if t])
        return generate_latest(_REGISTRY) + merged.encode()

    async def _fetch(self, member: Member, path: str) -> bytes | None:
        """GET no servidor de saúde de um membro; None se ele não responder (morto, subindo) ou não der 200.

        Cliente HTTP da biblioteca padrão numa thread (são duas requisições locais por raspagem, não o caminho
        das mensagens): status, cabeçalhos e corpo interpretados pelo `http.client`, não à mão."""

        def get() -> bytes | None:
            url = f"http://127.0.0.1:{member.port}{path}"
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    body: bytes = resp.read()
                    return body if resp.status == 200 else None
            except (OSError, http.client.HTTPException):
                return None

        return await asyncio.to_thread(get)


def merge_metrics(texts: list[tuple[str, str]]) -> str:
    """Junta exposições Prometheus de vários membros: cada família uma vez (HELP/TYPE), as amostras de todos
    com o rótulo `member`. O formato exige as amostras de uma família juntas, por isso não basta concatenar."""
    order: list[str] = []
    heads: dict[str, list[str]] = {}
    samples: dict[str, list[str]] = {}
    for member, text in texts:
        family = ""
        for line in text.splitlines():
            if not line:
                continue
            if line.startswith("#"):
                parts = line.split(" ", 3)
                if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                    family = parts[2]
                    if family not in heads:
                        order.append(family)
                        heads[family] = []
                        samples[family] = []
                    if len(heads[family]) < 2 and line not in heads[family]:
                        heads[family].append(line)
                continue
            samples.setdefault(family, []).append(_with_member(line, member))
            if family not in heads:
                order.append(family)
                heads[family] = []
    out: list[str] = []
    for family in order:
        out.extend(heads[family])
        out.extend(samples.get(family, []))
    return "\n".join(out) + ("\n" if out else "")


def _with_member(line: str, member: str) -> str:
    label = f'member="{member}"'
    brace = line.find("{")
    space = line.find(" ")
    if brace != -1 and (space == -1 or brace < space):
        inner_start = brace + 1
        sep = "" if line[inner_start] == "}" else ","
        return f"{line[:inner_start]}{label}{sep}{line[inner_start:]}"
    return f"{line[:space]}{{{label}}}{line[space:]}"


async def amain(settings: Settings, processes: int) -> int:
    sup = Supervisor(settings, processes)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, sup.request_stop)
    return await sup.run()
