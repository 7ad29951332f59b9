"""Modelos de equipamento semeados (`manage.py seed_catalog`, também chamado pelo "up" do README).

Mapeamento Parsec (especificação §5): DI1 → status (1=RUN, 0=STOP); DI2 → fault (1=FAULT, 0=OK);
relé → comando reset_fault com pulso `pulse_ms`; `device_state` derivado em que FAULT sobrepõe RUN/STOP.
"""

from __future__ import annotations

from typing import Any

from apps.catalog.choices import PayloadAdapter, Polarity, ValueType

INVERTER_V1_PARSEC: dict[str, Any] = {
    "slug": "inverter_v1_parsec",
    "name": "Inversor Parsec v1",
    "adapter": PayloadAdapter.PARSEC_V1,
    "description": "Inversor com entradas digitais DI1 (RUN/STOP), DI2 (falha) e relé de reset.",
    "points": [
        {
            "name": "status",
            "label": "Status (DI1)",
            "value_type": ValueType.ENUM,
            "enum_values": ["RUN", "STOP"],
            "source": "DI1",
            "polarity": Polarity.NORMAL,
        },
        {
            "name": "fault",
            "label": "Falha (DI2)",
            "value_type": ValueType.BOOL,
            "source": "DI2",
            "polarity": Polarity.NORMAL,
        },
        {
            "name": "device_state",
            "label": "Estado do equipamento",
            "value_type": ValueType.ENUM,
            "enum_values": ["RUN", "STOP", "FAULT"],
            "source": "derived:fault_over_status",
        },
    ],
    "commands": [
        {
            "op": "reset_fault",
            "label": "Reset de falha",
            "params_schema": {
                "type": "object",
                "properties": {"pulse_ms": {"type": "integer", "minimum": 100, "maximum": 5000, "default": 500}},
                "required": ["pulse_ms"],
                "additionalProperties": False,
            },
        }
    ],
    "rules": [
        # Parsec (000 §5): FAULT sobrepõe RUN/STOP e é crítico na hora; voltar a RUN/STOP normaliza.
        {
            "point": "device_state",
            "kind": "state",
            "state_value": "FAULT",
            "severity": "critical",
            "message_template": "Inversor {device} em falha (device_state = {value})",
        },
        {
            "point": "device_state",
            "kind": "no_data",
            "no_data_s": 300,
            "severity": "minor",
            "message_template": "Inversor {device} sem dados de estado há mais de 5 min",
        },
        {
            "point": None,
            "kind": "offline",
            "for_s": 60,
            "severity": "major",
            "message_template": "Inversor {device} offline",
        },
    ],
    "dashboard": {
        "schema": "v1",
        "panels": [
            {
                "type": "status",
                "title": "Estado",
                "point": "device_state",
                "mappings": {"RUN": "Em operação", "STOP": "Parado", "FAULT": "Falha"},
            },
            {
                "type": "timeline",
                "title": "Histórico de estado",
                "point": "device_state",
                "mappings": {"RUN": "Em operação", "STOP": "Parado", "FAULT": "Falha"},
            },
            {"type": "status", "title": "Falha", "point": "fault", "mappings": {"true": "Falha", "false": "OK"}},
            {"type": "button", "title": "Reset falha", "op": "reset_fault", "params": {"pulse_ms": 500}},
            {"type": "alerts", "title": "Alertas abertos", "state": "open"},
        ],
        "layout": "cards-2col",
    },
}

CHILLER_V1: dict[str, Any] = {
    "slug": "chiller_v1",
    "name": "Chiller v1",
    "adapter": PayloadAdapter.V1,
    "description": "Chiller de água gelada publicando o envelope normalizado v1.",
    "points": [
        {
            "name": "temp_agua_entrada",
            "label": "Temperatura da água (entrada)",
            "value_type": ValueType.FLOAT,
            "unit": "°C",
            "default_hysteresis": 0.5,
            "default_low_limit": 4.0,
            "default_high_limit": 18.0,
        },
        {
            "name": "temp_agua_saida",
            "label": "Temperatura da água (saída)",
            "value_type": ValueType.FLOAT,
            "unit": "°C",
            "default_hysteresis": 0.5,
            "default_low_limit": 4.0,
            "default_high_limit": 12.0,
        },
        {"name": "compressor_1_on", "label": "Compressor 1 ligado", "value_type": ValueType.BOOL},
        {"name": "compressor_2_on", "label": "Compressor 2 ligado", "value_type": ValueType.BOOL},
        {
            "name": "pressao_succao",
            "label": "Pressão de sucção",
            "value_type": ValueType.FLOAT,
            "unit": "bar",
            "default_hysteresis": 0.2,
            "default_low_limit": 2.0,
            "default_high_limit": 6.0,
        },
        {
            "name": "corrente_total",
            "label": "Corrente total",
            "value_type": ValueType.FLOAT,
            "unit": "A",
            "default_high_limit": 180.0,
        },
        {
            "name": "modo_operacao",
            "label": "Modo de operação",
            "value_type": ValueType.ENUM,
            "enum_values": ["AUTO", "MANUAL", "OFF"],
        },
    ],
    "commands": [],
    "rules": [
        {
            "point": "temp_agua_saida",
            "kind": "threshold",
            "operator": "outside",
            "low": 4.0,
            "high": 12.0,
            "clear_hysteresis": 0.5,
            "for_s": 60,
            "severity": "major",
            "message_template": "{device}: água de saída a {value} °C, fora de [{low}, {high}]",
        },
        {
            "point": "temp_agua_entrada",
            "kind": "threshold",
            "operator": "outside",
            "low": 4.0,
            "high": 18.0,
            "clear_hysteresis": 0.5,
            "for_s": 60,
            "severity": "minor",
            "message_template": "{device}: água de entrada a {value} °C, fora de [{low}, {high}]",
        },
        {
            "point": "pressao_succao",
            "kind": "threshold",
            "operator": "outside",
            "low": 2.0,
            "high": 6.0,
            "clear_hysteresis": 0.2,
            "for_s": 30,
            "severity": "major",
            "message_template": "{device}: pressão de sucção {value} bar, fora de [{low}, {high}]",
        },
        {
            "point": "corrente_total",
            "kind": "threshold",
            "operator": "above",
            "high": 180.0,
            "clear_hysteresis": 5.0,
            "for_s": 10,
            "severity": "critical",
            "message_template": "{device}: corrente total {value} A acima de {high} A",
        },
        {
            "point": "temp_agua_saida",
            "kind": "no_data",
            "no_data_s": 300,
            "severity": "warning",
            "message_template": "{device}: sem leitura da água de saída há mais de 5 min",
        },
        {
            "point": None,
            "kind": "offline",
            "for_s": 60,
            "severity": "major",
            "message_template": "Chiller {device} offline",
        },
    ],
    "dashboard": {
        "schema": "v1",
        "panels": [
            {"type": "status", "title": "Modo", "point": "modo_operacao"},
            {
                "type": "timeseries",
                "title": "Temperatura da água",
                "points": ["temp_agua_entrada", "temp_agua_saida"],
                "agg": "1m",
                "yUnit": "°C",
            },
            {"type": "kpi", "title": "Saída de água", "point": "temp_agua_saida", "unit": "°C"},
            {
                "type": "timeline",
                "title": "Compressor 1",
                "point": "compressor_1_on",
                "mappings": {"true": "Ligado", "false": "Desligado"},
            },
            {
                "type": "timeline",
                "title": "Compressor 2",
                "point": "compressor_2_on",
                "mappings": {"true": "Ligado", "false": "Desligado"},
            },
            {"type": "timeseries", "title": "Pressão de sucção", "point": "pressao_succao", "yUnit": "bar"},
            {"type": "kpi", "title": "Corrente total", "point": "corrente_total", "unit": "A"},
            {"type": "alerts", "title": "Alertas abertos", "state": "open"},
        ],
        "layout": "cards-2col",
    },
}

SEED_TEMPLATES = (INVERTER_V1_PARSEC, CHILLER_V1)
