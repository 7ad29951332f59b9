"""O broker local perde todo o estado e é reconstruído só a partir do banco (hashes; nenhuma senha guardada).

Reinicia o Mosquitto da instância de TESTE (derruba todas as conexões dela): por isso fica num módulo próprio.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from testsupport.broker import ingest

REPO = Path(__file__).resolve().parents[4]


def _cli() -> Any:
    spec = importlib.util.spec_from_file_location("provision_emqx", REPO / "scripts" / "provision_emqx.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["provision_emqx"] = module  # dataclasses do script precisam achá-lo em sys.modules
    spec.loader.exec_module(module)
    return module


def test_resync_rebuilds_lost_broker_state_from_the_database(
    committed: Any,
    mqtt_clients: Any,
    django_db_blocker: Any,
) -> None:
    cli = _cli()
    dev, other = committed(), committed(tenant="beta")
    local = cli.LocalMosquitto.from_env()
    assert local.pid() is not None, f"Mosquitto da instância {os.environ.get('TRAKSENSE_INSTANCE')} fora do ar"

    # Perda total de estado: o arquivo do dynsec some; o `up` recria só admin e contas de serviço.
    local.stop()
    local.dynsec_file.unlink()
    local.start()
    assert mqtt_clients(dev.username, dev.password).connect().is_failure

    with django_db_blocker.unblock():
        assert cli.main(["resync"]) == 0  # reconstrói e roda o check (0 = broker igual ao banco)

    spy = ingest(mqtt_clients)
    device = mqtt_clients(dev.username, dev.password)
    assert not device.connect().is_failure, "a senha original deveria voltar a valer após o resync"
    assert device.publish(f"{other.topic_base}/telem").getName() == "Not authorized"
    assert not device.publish(f"{dev.topic_base}/telem", b"de volta").is_failure
    msg = spy.expect(f"{dev.topic_base}/telem")
    assert msg is not None
    assert msg.payload == b"de volta"
    assert not mqtt_clients(other.username, other.password).connect().is_failure
