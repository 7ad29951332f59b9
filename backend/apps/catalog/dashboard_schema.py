"""O contrato do dashboard mora em `contracts.dashboard` (fonte única, exportada para JSON Schema/TypeScript).

Este módulo só o reexporta para os usos do catálogo.
"""

from contracts.dashboard import (
    AlertsPanel,
    ButtonPanel,
    DashboardV1,
    KpiPanel,
    Panel,
    StatusPanel,
    TimelinePanel,
    TimeseriesPanel,
    validate_dashboard,
)

__all__ = [
    "AlertsPanel",
    "ButtonPanel",
    "DashboardV1",
    "KpiPanel",
    "Panel",
    "StatusPanel",
    "TimelinePanel",
    "TimeseriesPanel",
    "validate_dashboard",
]
