"""Configuração do ingest (pydantic-settings): nomes das variáveis, padrões e erro de configuração claro."""

from __future__ import annotations

import pytest

from ingest.config import Limits, Settings
from ingest.errors import ConfigError
from ingest.live import LiveSettings
from ingest.main import cli

BASE_ENV = {
    "INGEST_DATABASE_URL": "postgresql://x@127.0.0.1/x",
    "MQTT_HOST": "127.0.0.1",
    "TS_MQTT_INGEST_USER": "u",
    "TS_MQTT_INGEST_PASSWORD": "p",
}


def test_defaults_and_names() -> None:
    s = Settings.from_env({**BASE_ENV, "MQTT_PORT": "", "TS_INGEST_MAX_AGE_DAYS": "30", "TS_INGEST_LOG_LEVEL": "debug"})
    assert (s.mqtt_port, s.log_level, s.limits.max_age_days) == (1883, "DEBUG", 30)  # vazio vale o padrão
    assert s.limits == Limits.from_env({"TS_INGEST_MAX_AGE_DAYS": "30"})
    assert s.client_id.startswith("traksense-ingest-")
    topics = Settings.from_env({**BASE_ENV, "TS_INGEST_BROKER_DROPPED_TOPICS": "a/b, c/d,"}).broker_dropped_topics
    assert topics == ("a/b", "c/d")
    assert LiveSettings.from_env({}) == LiveSettings(redis_url="", window_s=0.1, maxlen=10_000, timeout_s=1.0)


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ({"MQTT_PORT": "x"}, "MQTT_PORT='x'"),
        ({"MQTT_PORT": "70000"}, "MQTT_PORT='70000'"),
        ({"TS_INGEST_SHARE_GROUP": "a/b"}, "TS_INGEST_SHARE_GROUP"),
        ({"TS_INGEST_MAX_PAYLOAD_BYTES": "1"}, "TS_INGEST_MAX_PAYLOAD_BYTES"),
        ({"TS_INGEST_MEMBERS": "2", "TS_INGEST_MEMBER": "5"}, "TS_INGEST_MEMBER=5"),
    ],
)
def test_invalid_values_name_the_variable(bad: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        Settings.from_env({**BASE_ENV, **bad})


def test_missing_required_variables_are_all_named() -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"MQTT_HOST": "h"})
    message = str(info.value)
    for name in ("INGEST_DATABASE_URL", "TS_MQTT_INGEST_USER", "TS_MQTT_INGEST_PASSWORD"):
        assert f"variável de ambiente {name} é obrigatória" in message
    assert "MQTT_HOST" not in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TS_LIVE_WINDOW_S", "abc"),
        ("TS_LIVE_WINDOW_S", "0.5"),
        ("TS_LIVE_STREAM_MAXLEN", "1"),
        ("TS_EVAL_PARTITIONS", "0"),
    ],
)
def test_cli_reports_invalid_live_and_eval_settings_as_config_errors(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Antes, um TS_LIVE_* inválido derrubava o ingest já rodando, com traceback; agora é erro de configuração
    na partida (código 2), antes de qualquer conexão."""
    for key, val in BASE_ENV.items():
        monkeypatch.setenv(key, val)
    monkeypatch.setenv(name, value)
    assert cli([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ingest: configuração inválida: ")
    assert name in err
    assert "Traceback" not in err


def test_member_config_is_validated() -> None:
    s = Settings.from_env({**BASE_ENV, "TS_INGEST_MEMBERS": "2", "TS_INGEST_MEMBER": "1"})
    assert (s.subscription, s.members, s.member, s.client_id) == ("partitioned", 2, 1, "traksense-ingest-member-1")
    assert s.broker_dropped_topics == ("$SYS/broker/publish/messages/dropped",)
    for bad in ({"TS_INGEST_MEMBERS": "2", "TS_INGEST_MEMBER": "2"}, {"TS_INGEST_SUBSCRIPTION": "fanout"}):
        try:
            Settings.from_env({**BASE_ENV, **bad})
        except ConfigError:
            continue
        raise AssertionError(f"aceitou {bad}")
