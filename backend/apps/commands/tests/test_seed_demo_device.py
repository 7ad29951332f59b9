"""`seed_demo_device` como o `make up` roda (papel da API): idempotente, arquivo 600, rotação se o arquivo sumiu.

Usa o tenant `alpha` do banco de teste (criar o tenant demo exige o papel dono, como o `make up` faz com
`setup_tenant` antes deste comando).
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

from django.core.management import call_command


def test_seed_demo_device_is_idempotent_and_rotates_when_file_is_missing(live_db: None, tmp_path: Path) -> None:
    out = tmp_path / "run" / "demo-device.json"
    args = {"tenant": "alpha", "site": "planta-demo", "device": "inversor-demo", "output": str(out)}

    call_command("seed_demo_device", **args)
    first = json.loads(out.read_text())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert first["topic_base"] == "traksense/alpha/planta-demo/inversor-demo"
    assert first["adapter"] == "parsec_v1"
    assert first["password"]

    call_command("seed_demo_device", **args)
    assert json.loads(out.read_text()) == first  # arquivo presente: nada muda

    out.unlink()
    call_command("seed_demo_device", **args)
    rotated = json.loads(out.read_text())
    assert rotated["username"] == first["username"]
    assert rotated["password"] != first["password"]
