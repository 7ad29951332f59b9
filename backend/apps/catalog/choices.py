"""Escolhas do catálogo. Tipo de valor e adapter vêm do registro (um único contrato com o ingest)."""

from django.db import models

from apps.registry.choices import PayloadAdapter, ValueType

__all__ = ["PanelType", "PayloadAdapter", "Polarity", "ValueType"]


class Polarity(models.TextChoices):
    """Polaridade de um ponto booleano/entrada digital: como o nível elétrico vira `true`."""

    NORMAL = "normal", "Normal (1 = verdadeiro)"
    INVERTED = "inverted", "Invertida (0 = verdadeiro)"


class PanelType(models.TextChoices):
    """Tipos de painel do dashboard `schema: v1` (o frontend Spark sabe renderizar estes)."""

    TIMESERIES = "timeseries", "Série temporal"
    STATUS = "status", "Estado"
    TIMELINE = "timeline", "Linha do tempo"
    KPI = "kpi", "Indicador"
    BUTTON = "button", "Botão de comando"
    ALERTS = "alerts", "Alertas do dispositivo"
