"""DashboardConfig `schema: v1` (seed 000 §10): o JSON de DashboardTemplate e da instância por dispositivo.

Tipos de painel: timeseries, status, timeline, kpi, button. O frontend Spark renderiza exatamente isto;
nada fora deste modelo é aceito (extra = forbid), para que um erro de digitação num template falhe na
gravação e não em produção na tela do cliente.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_NAME = r"^[a-z][a-z0-9_]*$"


class _Panel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=120)


class TimeseriesPanel(_Panel):
    """Série de um ou mais pontos numéricos ao longo do tempo."""

    type: Literal["timeseries"]
    point: str | None = Field(default=None, pattern=_NAME)
    points: list[Annotated[str, Field(pattern=_NAME)]] | None = None
    agg: Literal["raw", "1m", "1h"] = "1m"
    yUnit: str | None = None

    def referenced_points(self) -> list[str]:
        return [p for p in [self.point, *(self.points or [])] if p]


class StatusPanel(_Panel):
    """Estado atual de um ponto enumerado/booleano, com rótulos por valor."""

    type: Literal["status"]
    point: str = Field(pattern=_NAME)
    mappings: dict[str, str] = Field(default_factory=dict)

    def referenced_points(self) -> list[str]:
        return [self.point]


class TimelinePanel(_Panel):
    """Linha do tempo das mudanças de estado de um ponto."""

    type: Literal["timeline"]
    point: str = Field(pattern=_NAME)
    mappings: dict[str, str] = Field(default_factory=dict)

    def referenced_points(self) -> list[str]:
        return [self.point]


class KpiPanel(_Panel):
    """Indicador numérico único (último valor ou agregado)."""

    type: Literal["kpi"]
    point: str = Field(pattern=_NAME)
    agg: Literal["last", "avg", "min", "max"] = "last"
    unit: str | None = None

    def referenced_points(self) -> list[str]:
        return [self.point]


class ButtonPanel(_Panel):
    """Botão que envia um comando (CommandDefinition `op`) com parâmetros fixos."""

    type: Literal["button"]
    op: str = Field(pattern=_NAME)
    params: dict[str, Any] = Field(default_factory=dict)

    def referenced_points(self) -> list[str]:
        return []


class AlertsPanel(_Panel):
    """Lista de alertas do dispositivo (`GET /api/alerts?device=<id>&state=...`), mais novos primeiro."""

    type: Literal["alerts"]
    state: Literal["open", "all"] = "open"
    limit: int = Field(default=10, ge=1, le=100)

    def referenced_points(self) -> list[str]:
        return []


Panel = Annotated[
    TimeseriesPanel | StatusPanel | TimelinePanel | KpiPanel | ButtonPanel | AlertsPanel,
    Field(discriminator="type"),
]


class DashboardV1(BaseModel):
    """Dashboard completo: lista de painéis e o layout de cartões."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_: Literal["v1"] = Field(alias="schema")
    # Pode ficar vazio numa instância (nenhum ponto contratado); templates exigem ao menos um painel.
    panels: list[Panel]
    layout: Literal["cards-1col", "cards-2col", "cards-3col"] = "cards-2col"

    @field_validator("panels")
    @classmethod
    def _titles_unique(cls, panels: list[Any]) -> list[Any]:
        titles = [p.title for p in panels]
        if len(titles) != len(set(titles)):
            raise ValueError("títulos de painel repetidos")
        return panels

    def referenced_points(self) -> set[str]:
        return {name for panel in self.panels for name in panel.referenced_points()}

    def referenced_ops(self) -> set[str]:
        return {panel.op for panel in self.panels if isinstance(panel, ButtonPanel)}

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def filtered(self, *, points: Iterable[str], ops: Iterable[str]) -> DashboardV1:
        """Só os painéis cujos pontos estão todos em `points` e cujos comandos estão em `ops`.

        Um painel de série com vários pontos perde os não contratados e some se não sobrar nenhum.
        """
        allowed_points, allowed_ops = set(points), set(ops)
        kept: list[Any] = []
        for panel in self.panels:
            if isinstance(panel, ButtonPanel):
                if panel.op in allowed_ops:
                    kept.append(panel)
            elif isinstance(panel, TimeseriesPanel):
                names = [p for p in panel.referenced_points() if p in allowed_points]
                if names:
                    kept.append(
                        panel.model_copy(update={"point": None, "points": names})
                        if len(names) > 1 or panel.points
                        else panel.model_copy(update={"point": names[0], "points": None})
                    )
            elif all(p in allowed_points for p in panel.referenced_points()):
                kept.append(panel)
        data = self.to_json()
        data["panels"] = [p.model_dump(mode="json", exclude_none=True) for p in kept]
        return DashboardV1.model_validate(data)


def validate_dashboard(data: Any) -> DashboardV1:
    """Valida um JSON de dashboard; levanta pydantic.ValidationError com o caminho do erro."""
    return DashboardV1.model_validate(data)
