"""O Compose de produção é válido e sobe tudo o que a plataforma precisa (EMQX, TimescaleDB Community,
Redis, API, ingest, workers), com segredos só do ambiente."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
COMPOSE = REPO / "infra" / "docker-compose.yml"


def test_compose_declares_the_whole_platform() -> None:
    spec = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services = spec["services"]
    platform = {"timescaledb", "emqx", "emqx-role", "redis", "bootstrap", "migrate", "api", "ingest", "worker", "beat"}
    assert platform <= set(services)
    # O EMQX recebe tudo o que infra/emqx/emqx.conf interpola (${VAR}).
    conf = (REPO / "infra" / "emqx" / "emqx.conf").read_text(encoding="utf-8")
    wanted = set(re.findall(r"\$\{(EMQX_[A-Z_]+)\}", conf))
    assert wanted <= set(services["emqx"]["environment"]), wanted - set(services["emqx"]["environment"])
    # Edição Community em produção (ADR-002): nunca a tag -oss.
    assert "timescale/timescaledb" in services["timescaledb"]["image"]
    assert "oss" not in services["timescaledb"]["image"]
    assert services["emqx"]["image"].startswith("emqx/emqx:5.")
    text = COMPOSE.read_text(encoding="utf-8")
    assert "change-me" not in text


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose não instalado")
def test_compose_config_renders_with_the_example_env() -> None:
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "--env-file", str(REPO / ".env.example"), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
