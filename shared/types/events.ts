/* Gerado por scripts/dev.sh contracts a partir de shared/schemas/events.json. NÃO EDITE: altere o pacote contracts/ e regenere. */

/**
 * Eventos ao vivo (SSE `GET /api/stream`): o que o frontend recebe para atualizar dashboards sem polling.
 */
export type EventsContracts =
  AlertStateEvent | CommandEvent | ConnectivityEvent | PointValue | ResetEvent | TelemetryEvent;

/**
 * Mudança de estado de um alerta (aberto, escalado, reconhecido, normalizado) — o mesmo instante que gera a
 * entrega de webhook. O detalhe completo está em `GET /api/alerts/{alert_id}`.
 */
export interface AlertStateEvent {
  schema?: 'v1';
  type?: 'alert';
  device_id: string;
  alert_id: string;
  change: 'raised' | 'escalated' | 'acked' | 'cleared';
  state: 'active_unack' | 'active_ack' | 'cleared_unack' | 'cleared_ack';
  severity: 'critical' | 'major' | 'minor' | 'warning';
  message: string;
  changed_at: string;
}
/**
 * Mudança de status de um comando (pending → sent → acked_ok | acked_error | timed_out | publish_failed).
 */
export interface CommandEvent {
  schema?: 'v1';
  type?: 'command';
  device_id: string;
  cmd_id: string;
  op: string;
  status: 'pending' | 'sent' | 'acked_ok' | 'acked_error' | 'timed_out' | 'publish_failed';
  error?: string | null;
  late_ack?: boolean;
  changed_at: string;
}
/**
 * Mudança de conectividade (`state` do dispositivo, inclusive o LWT do broker).
 */
export interface ConnectivityEvent {
  schema?: 'v1';
  type?: 'connectivity';
  device_id: string;
  online: boolean;
  last_seen: string;
}
/**
 * Último valor de um ponto (o mais recente da janela de coalescência: o último vence).
 */
export interface PointValue {
  point_id: string;
  /**
   * Nome do ponto (o mesmo do DashboardConfig e da telemetria).
   */
  name: string;
  /**
   * Instante da medição.
   */
  ts: string;
  /**
   * Valor (número, booleano ou texto/enum; null sem leitura).
   */
  v: boolean | number | string | null;
  unit?: string | null;
  qual?: number;
}
/**
 * Só no SSE (nunca gravado no Redis): o cliente ficou para trás da retenção do stream (ou apresentou uma
 * posição desconhecida). Deve buscar o estado atual em `refetch` e seguir a partir do `id:` deste evento.
 */
export interface ResetEvent {
  schema?: 'v1';
  type?: 'reset';
  reason: 'behind_retention' | 'unknown_position';
  refetch?: string;
}
/**
 * Novos últimos valores dos pontos de um dispositivo que receberam amostra mais recente desde o último evento.
 */
export interface TelemetryEvent {
  schema?: 'v1';
  type?: 'telemetry';
  device_id: string;
  points: PointValue[];
}
