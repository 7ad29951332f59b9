"""Telemetria: hypertable única public.ts_measure, rollups e o caminho isolado por tenant."""

from django.apps import AppConfig


class TimeseriesConfig(AppConfig):
    name = "apps.timeseries"
    label = "timeseries"
    verbose_name = "Séries temporais"
