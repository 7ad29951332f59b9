"""O pacote `contracts` reproduz a especificação (seed 000 §5 e §10) e é a fonte das cópias que sobraram
como escolhas do Django (TextChoices precisam existir para as migrações)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from apps.broker.services import device_acl_rules
from apps.catalog.choices import Polarity as DjangoPolarity
from apps.commands.choices import CommandStatus as DjangoCommandStatus
from apps.devices.choices import ProvisioningStatus as DjangoProvisioningStatus
from apps.registry.choices import PayloadAdapter as DjangoPayloadAdapter
from apps.registry.choices import ValueType as DjangoValueType
from contracts import api, mqtt, topics
from contracts.dashboard import DashboardV1
from ingest.topics import parse_topic, subscription_filters

# Exemplos literais da especificação (seed 000 §5 e §10).
SEED_TELEM = {
    "schema": "v1",
    "ts": "2025-10-07T02:34:12Z",
    "points": [
        {"name": "temp_agua", "t": "float", "v": 7.3, "u": "°C"},
        {"name": "compressor_1_on", "t": "bool", "v": True},
    ],
    "meta": {"fw": "1.2.3", "src": "parsec_v1"},
}
SEED_CMD = {"schema": "v1", "cmd_id": "ulid", "op": "reset_fault", "pulse_ms": 500, "by": "user_ulid"}
SEED_ACK = {"schema": "v1", "cmd_id": "ulid", "ok": True, "ts_exec": "2025-10-07T02:34:13Z", "err": None}
SEED_DASHBOARD = {
    "schema": "v1",
    "panels": [
        {
            "type": "status",
            "title": "Estado",
            "point": "device_state",
            "mappings": {"RUN": "Em operação", "STOP": "Parado", "FAULT": "Falha"},
        },
        {"type": "timeseries", "title": "Temperatura da água", "point": "temp_agua", "agg": "1m", "yUnit": "°C"},
        {"type": "button", "title": "Reset falha", "op": "reset_fault", "params": {"pulse_ms": 500}},
    ],
    "layout": "cards-2col",
}


def test_topic_grammar_round_trip() -> None:
    base = topics.topic_base("acme", "planta-1", "inv-01")
    assert base == "traksense/acme/planta-1/inv-01"
    assert topics.topic(base, "telem") == "traksense/acme/planta-1/inv-01/telem"
    assert topics.split_topic(topics.topic(base, "cmd")) == ("acme", "planta-1", "inv-01", "cmd")
    assert topics.split_topic("traksense/acme//inv/telem") is None
    assert topics.split_topic("outro/acme/s/d/telem") is None
    assert topics.TOPIC_KINDS == ("state", "telem", "event", "alarm", "cmd", "ack")
    assert set(topics.DEVICE_PUBLISH_KINDS) | set(topics.DEVICE_SUBSCRIBE_KINDS) == set(topics.TOPIC_KINDS)
    assert not set(topics.DEVICE_PUBLISH_KINDS) & set(topics.DEVICE_SUBSCRIBE_KINDS)


def test_consumers_use_the_contract_kinds() -> None:
    # ACL do dispositivo: publica os 5 tópicos de subida, assina só o próprio cmd.
    rules = device_acl_rules("traksense/acme/s/d")
    assert {t.rsplit("/", 1)[1] for _, a, t in rules if a == "publish"} == set(topics.DEVICE_PUBLISH_KINDS)
    assert {t.rsplit("/", 1)[1] for _, a, t in rules if a == "subscribe"} == {"cmd"}
    # Ingest: assina exatamente o que o dispositivo publica e recusa `cmd`.
    assert {f.rsplit("/", 1)[1] for f in subscription_filters("g")} == set(topics.DEVICE_PUBLISH_KINDS)
    assert parse_topic("traksense/acme/s/d/ack").kind == "ack"
    with pytest.raises(Exception, match="não é consumido"):
        parse_topic("traksense/acme/s/d/cmd")


def test_seed_payloads_validate() -> None:
    env = mqtt.V1Envelope.model_validate(SEED_TELEM)
    assert [p.name for p in env.points] == ["temp_agua", "compressor_1_on"]
    ack = mqtt.AckPayload.model_validate(SEED_ACK)
    assert ack.ok is True
    assert ack.cmd_id == "ulid"
    parsec = mqtt.ParsecPayload.model_validate(
        {"schema": "parsec_v1", "ts": "2025-10-07T02:34:12Z", "di1": 1, "di2": 0}
    )
    assert parsec.di1 is True
    assert parsec.di2 is False
    assert mqtt.StatePayload.model_validate({"online": False}).online is False
    assert mqtt.EventPayload.model_validate({"ts": "2025-10-07T02:34:12Z", "code": "E1", "x": 1}).code == "E1"
    assert DashboardV1.model_validate(SEED_DASHBOARD).to_json() == SEED_DASHBOARD


@pytest.mark.parametrize(
    ("model", "doc"),
    [
        (mqtt.V1Envelope, {**SEED_TELEM, "ts": "2025-10-07T02:34:12"}),  # sem fuso
        (mqtt.V1Envelope, {**SEED_TELEM, "extra": 1}),
        (mqtt.V1Envelope, {**SEED_TELEM, "points": [{"name": "x", "t": "double", "v": 1}]}),
        (mqtt.ParsecPayload, {"schema": "parsec_v1", "ts": "2025-10-07T02:34:12Z", "di1": 2, "di2": 0}),
        (mqtt.EventPayload, {"code": "E1"}),
        (mqtt.AckPayload, {"cmd_id": "", "ok": True}),
    ],
)
def test_payloads_outside_the_contract_are_refused(model: type, doc: dict) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(doc)


def test_command_payload_is_the_seed_envelope() -> None:
    cmd = mqtt.CommandPayload.build(cmd_id="ulid", op="reset_fault", params={"pulse_ms": 500}, by="user_ulid")
    assert cmd.to_wire() == SEED_CMD
    assert list(cmd.to_wire()) == list(SEED_CMD)  # mesma ordem de chaves
    assert cmd.params == {"pulse_ms": 500}
    assert mqtt.CommandPayload.model_validate(SEED_CMD).to_wire() == SEED_CMD
    with pytest.raises(ValueError, match="reservadas"):
        mqtt.CommandPayload.build(cmd_id="u", op="reset_fault", params={"by": "outro"}, by="x")


@pytest.mark.parametrize(
    ("contract", "django_choices"),
    [
        (mqtt.VALUE_TYPES, DjangoValueType),
        (mqtt.PAYLOAD_ADAPTERS, DjangoPayloadAdapter),
        (api.PROVISIONING_STATUSES, DjangoProvisioningStatus),
        (api.COMMAND_STATUSES, DjangoCommandStatus),
        (("normal", "inverted"), DjangoPolarity),
    ],
)
def test_django_choices_match_the_contract(contract: tuple[str, ...], django_choices: type) -> None:
    assert tuple(django_choices.values) == contract  # type: ignore[attr-defined]


def test_problem_and_series_dtos() -> None:
    problem = api.Problem(
        type="about:blank",
        title="Requisição inválida",
        status=400,
        detail="x",
        code="validation_error",
        errors=[api.FieldError(field="status", message="m", code="invalid_choice")],
    )
    assert problem.model_dump()["errors"][0]["field"] == "status"
    series = api.SeriesResponse.model_validate(
        {
            "device": "00000000-0000-4000-8000-000000000001",
            "agg": "1m",
            "tz": "UTC",
            "from": "2026-01-01T00:00:00Z",
            "to": "2026-01-01T01:00:00Z",
            "series": [
                {
                    "point": "00000000-0000-4000-8000-000000000002",
                    "name": "temp",
                    "value_type": "float",
                    "unit": "°C",
                    "kind": "numeric",
                    "data": [
                        {"ts": "2026-01-01T00:00:00Z", "avg": 1.0, "min": 0.5, "max": 2.0, "count": 3, "last": 1.5}
                    ],
                }
            ],
        }
    )
    assert isinstance(series.series[0].data[0], api.Bucket)
    assert series.model_dump(by_alias=True, mode="json")["from"] == "2026-01-01T00:00:00Z"
