/* Gerado por scripts/dev.sh contracts a partir de shared/schemas/dashboard.json. NÃO EDITE: altere o pacote contracts/ e regenere. */

/**
 * DashboardConfig `schema: v1` (seed 000 §10): o JSON de DashboardTemplate e da instância por dispositivo.
 */
export type DashboardContracts =
  AlertsPanel | ButtonPanel | DashboardV1 | KpiPanel | StatusPanel | TimelinePanel | TimeseriesPanel;

/**
 * Lista de alertas do dispositivo (`GET /api/alerts?device=<id>&state=...`), mais novos primeiro.
 */
export interface AlertsPanel {
  title: string;
  type: 'alerts';
  state?: 'open' | 'all';
  limit?: number;
}
/**
 * Botão que envia um comando (CommandDefinition `op`) com parâmetros fixos.
 */
export interface ButtonPanel {
  title: string;
  type: 'button';
  op: string;
  params?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * Dashboard completo: lista de painéis e o layout de cartões.
 */
export interface DashboardV1 {
  schema: 'v1';
  panels: (TimeseriesPanel | StatusPanel | TimelinePanel | KpiPanel | ButtonPanel | AlertsPanel)[];
  layout?: 'cards-1col' | 'cards-2col' | 'cards-3col';
}
/**
 * Série de um ou mais pontos numéricos ao longo do tempo.
 */
export interface TimeseriesPanel {
  title: string;
  type: 'timeseries';
  point?: string | null;
  points?: string[] | null;
  agg?: 'raw' | '1m' | '1h';
  yUnit?: string | null;
}
/**
 * Estado atual de um ponto enumerado/booleano, com rótulos por valor.
 */
export interface StatusPanel {
  title: string;
  type: 'status';
  point: string;
  mappings?: {
    [k: string]: string | undefined;
  };
}
/**
 * Linha do tempo das mudanças de estado de um ponto.
 */
export interface TimelinePanel {
  title: string;
  type: 'timeline';
  point: string;
  mappings?: {
    [k: string]: string | undefined;
  };
}
/**
 * Indicador numérico único (último valor ou agregado).
 */
export interface KpiPanel {
  title: string;
  type: 'kpi';
  point: string;
  agg?: 'last' | 'avg' | 'min' | 'max';
  unit?: string | null;
}
