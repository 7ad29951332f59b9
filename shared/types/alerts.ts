/* Gerado por scripts/dev.sh contracts a partir de shared/schemas/alerts.json. NÃO EDITE: altere o pacote contracts/ e regenere. */

/**
 * Contratos dos alertas: corpo da API `/api/alerts` e o `data` dos webhooks (Standard Webhooks).
 */
export type AlertsContracts =
  AckIn | AlertDetailOut | AlertEventOut | AlertOut | AlertSummaryOut | CommentIn | WebhookMessage;

export interface AckIn {}
/**
 * Alerta com o histórico completo (`GET /api/alerts/{id}`).
 */
export interface AlertDetailOut {
  id: string;
  device_id: string;
  point_id: string | null;
  rule_id: string;
  rule_kind: string;
  state: 'active_unack' | 'active_ack' | 'cleared_unack' | 'cleared_ack';
  severity: 'critical' | 'major' | 'minor' | 'warning';
  message: string;
  started_at: string;
  cleared_at: string | null;
  acked_at: string | null;
  acked_by: string | null;
  peak_value: number | null;
  last_value: number | null;
  last_text: string | null;
  events: AlertEventOut[];
}
/**
 * Uma linha do histórico do alerta.
 */
export interface AlertEventOut {
  id: number;
  ts: string;
  kind: 'raised' | 'escalated' | 'acked' | 'cleared' | 'commented' | 'notified';
  actor: string | null;
  detail: {
    [k: string]: unknown | undefined;
  };
}
/**
 * Um alerta (uma ocorrência de uma regra num dispositivo).
 */
export interface AlertOut {
  id: string;
  device_id: string;
  point_id: string | null;
  rule_id: string;
  rule_kind: string;
  state: 'active_unack' | 'active_ack' | 'cleared_unack' | 'cleared_ack';
  severity: 'critical' | 'major' | 'minor' | 'warning';
  message: string;
  started_at: string;
  cleared_at: string | null;
  acked_at: string | null;
  acked_by: string | null;
  peak_value: number | null;
  last_value: number | null;
  last_text: string | null;
}
/**
 * Alertas abertos por gravidade e por estado (painéis de KPI).
 */
export interface AlertSummaryOut {
  open_total: number;
  open_by_severity: {
    [k: string]: number | undefined;
  };
  unacked_total: number;
  by_state: {
    [k: string]: number | undefined;
  };
}
export interface CommentIn {
  text: string;
}
/**
 * Corpo de uma entrega de webhook: `type` = `alert.<mudança>`, `data` = o alerta naquele instante.
 */
export interface WebhookMessage {
  type: 'alert.raised' | 'alert.escalated' | 'alert.acked' | 'alert.cleared';
  timestamp: string;
  data: AlertOut;
}
