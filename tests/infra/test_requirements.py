"""Locks separados: a imagem de produção instala só o runtime (base.in), com as MESMAS versões e hashes
do lock de desenvolvimento (requirements/lock.txt, usado por scripts/bootstrap.sh e pelos testes)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REQ = REPO / "requirements"
DEV_ONLY = {
    "pytest",
    "pytest-django",
    "pytest-timeout",
    "hypothesis",
    "ruff",
    "mypy",
    "django-stubs",
    "djangorestframework-stubs",
    "celery-types",
    "types-django-filter",
    "types-jsonschema",
    "pyhocon",
    "schemathesis",
    "httpx",
    "playwright",
}


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(lock: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """{pacote: (versão, hashes)} de um lock `uv pip compile --generate-hashes`."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for block in re.split(r"\n(?=\S)", lock.read_text(encoding="utf-8")):
        match = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)", block)
        if match:
            out[_name(match.group(1))] = (match.group(2), frozenset(re.findall(r"--hash=(sha256:[0-9a-f]+)", block)))
    return out


def direct(infile: Path) -> set[str]:
    names = set()
    for line in infile.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(_name(re.split(r"[\[<>=!~ ]", line)[0]))
    return names


def test_runtime_lock_is_the_dev_lock_minus_dev_tools() -> None:
    runtime, dev = pins(REQ / "runtime.lock.txt"), pins(REQ / "lock.txt")
    assert direct(REQ / "base.in") <= set(runtime), "dependência de base.in fora do lock de runtime"
    assert not DEV_ONLY & set(runtime), DEV_ONLY & set(runtime)
    assert direct(REQ / "dev.in") - direct(REQ / "base.in") <= DEV_ONLY
    for name, (version, hashes) in runtime.items():
        assert name in dev, f"{name} está no runtime e não no lock de desenvolvimento"
        assert dev[name] == (version, hashes), f"{name}: versão/hashes divergem entre os locks"
        assert hashes, f"{name} sem hash"


def test_production_image_installs_only_the_runtime_lock_and_runs_unprivileged() -> None:
    instructions = [
        line.strip()
        for line in (REPO / "infra" / "docker" / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    installs = [line for line in instructions if "pip install" in line]
    assert installs == ["RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/runtime.lock.txt"]
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users, "sem USER: a imagem rodaria como root"
    assert users[-1] not in {"root", "0"}
    assert "requirements/lock.txt" not in " ".join(instructions)
