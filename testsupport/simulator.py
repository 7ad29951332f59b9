"""O simulador de dispositivo (`scripts/simulator.py`, um script, não um pacote) importado uma vez para os
testes e benchmarks, sem acrescentar `scripts/` ao sys.path de todo mundo."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[1] / "scripts" / "simulator.py"


def _load() -> object:
    if "simulator" in sys.modules:
        return sys.modules["simulator"]
    spec = importlib.util.spec_from_file_location("simulator", _PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["simulator"] = module  # dataclasses do módulo precisam achá-lo em sys.modules
    spec.loader.exec_module(module)
    return module


_module = _load()
Behavior = _module.Behavior  # type: ignore[attr-defined]
Credentials = _module.Credentials  # type: ignore[attr-defined]
DeviceSimulator = _module.DeviceSimulator  # type: ignore[attr-defined]

__all__ = ["Behavior", "Credentials", "DeviceSimulator"]
