"""CPU de processos lida de /proc (benchmarks): quem gastou a CPU de uma fase, sem depender do psutil."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ProcCpu:
    pid: int
    ppid: int
    comm: str
    cpu_s: float  # user + system do próprio processo
    children_cpu_s: float  # dos filhos já encerrados e esperados (cutime + cstime)
    nice: int


def read(pid: int) -> ProcCpu | None:
    """`/proc/<pid>/stat` de um processo; None se ele já saiu."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # O nome (comm) vem entre parênteses e pode ter espaços: os campos numéricos começam depois do último ")".
    fields = text[text.rindex(")") + 2 :].split()
    tick = os.sysconf("SC_CLK_TCK")
    return ProcCpu(
        pid=pid,
        ppid=int(fields[1]),
        comm=text[text.index("(") + 1 : text.rindex(")")],
        cpu_s=(int(fields[11]) + int(fields[12])) / tick,
        children_cpu_s=(int(fields[13]) + int(fields[14])) / tick,
        nice=int(fields[16]),
    )


def all_processes() -> Iterator[ProcCpu]:
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (proc := read(int(entry.name))) is not None:
            yield proc


def machine_busy_s() -> float:
    """CPU ocupada da máquina inteira desde o boot (`/proc/stat`: tudo menos idle e iowait), em segundos."""
    cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    return (sum(int(x) for x in cpu) - int(cpu[3]) - int(cpu[4])) / os.sysconf("SC_CLK_TCK")
