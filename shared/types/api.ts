/* Gerado por scripts/dev.sh contracts a partir de shared/schemas/api.json. NÃO EDITE: altere o pacote contracts/ e regenere. */

/**
 * DTOs da API HTTP (o que o frontend recebe e envia): dispositivos e o bloco `mqtt`, pontos, token,
 * séries e últimos valores, frota, comandos, o corpo de erro (RFC 9457) e o caminho HTTP de ingestão.
 */
export type ApiContracts =
  | Bucket
  | Command
  | CommandAck
  | CommandRequest
  | Connectivity
  | DeadLetterInfo
  | Device
  | DeviceCreate
  | DeviceWithCredentials
  | EnumStateCounts
  | FieldError
  | FleetCounts
  | FleetGroup
  | FleetSummary
  | HttpIngestRequest
  | HttpIngestResponse
  | LatestPoint
  | LatestResponse
  | MqttCredentials
  | OpenAlerts
  | Point
  | PointLimits
  | Problem
  | RawSample
  | RequestedBy
  | Series
  | SeriesResponse
  | TokenRequest
  | TokenResponse;

/**
 * Bucket agregado de um ponto numérico (`agg` ≠ raw).
 */
export interface Bucket {
  ts: string;
  avg: number | null;
  min: number | null;
  max: number | null;
  count: number;
  last: number | null;
}
/**
 * Um comando e seu desfecho (resposta de `POST /api/cmd/{device_id}` e da auditoria).
 */
export interface Command {
  /**
   * ULID
   */
  cmd_id: string;
  device: string;
  op: string;
  params: {
    [k: string]: unknown | undefined;
  };
  status: 'pending' | 'sent' | 'acked_ok' | 'acked_error' | 'timed_out' | 'publish_failed';
  requested_by: RequestedBy;
  created_at: string;
  sent_at: string | null;
  timeout_s: number;
  timed_out_at: string | null;
  late_ack: boolean;
  ack: CommandAck | null;
  error: string;
}
export interface RequestedBy {
  id: number | null;
  username: string;
}
/**
 * O ACK que o dispositivo publicou (`ts_exec` é o instante de execução informado por ele).
 */
export interface CommandAck {
  ok: boolean;
  err: string | null;
  ts_exec: string | null;
  acked_at: string;
}
/**
 * Corpo de `POST /api/cmd/{device_id}`: `params` vão no topo do payload MQTT `cmd`.
 */
export interface CommandRequest {
  op: string;
  params?: {
    [k: string]: unknown | undefined;
  };
  /**
   * Segundos de espera pelo ACK.
   */
  timeout?: number | null;
}
/**
 * Conectividade do dispositivo pelo tópico `state` (LWT); `known=false` se nunca publicou state.
 */
export interface Connectivity {
  online: boolean;
  last_seen: string | null;
  known: boolean;
}
export interface DeadLetterInfo {
  reason: string;
  detail: string;
}
/**
 * Um dispositivo do tenant.
 */
export interface Device {
  id: string;
  site: string;
  template: string;
  slug: string;
  name: string;
  topic_base: string;
  mqtt_username: string;
  provisioning_status: 'pending' | 'provisioned' | 'failed' | 'revoking' | 'revoked';
  provisioning_error: string;
  provisioned_at: string | null;
  created_at: string;
}
/**
 * Corpo de `POST /api/devices/` (internal_ops).
 */
export interface DeviceCreate {
  site: string;
  site_name?: string;
  template: string;
  slug: string;
  name: string;
  /**
   * Nomes dos pontos contratados; omitido = todos os pontos do modelo.
   */
  contracted_points?: string[] | null;
}
/**
 * Dispositivo recém-criado ou com senha rotacionada, com o bloco `mqtt` (senha em texto, uma vez).
 */
export interface DeviceWithCredentials {
  id: string;
  site: string;
  template: string;
  slug: string;
  name: string;
  topic_base: string;
  mqtt_username: string;
  provisioning_status: 'pending' | 'provisioned' | 'failed' | 'revoking' | 'revoked';
  provisioning_error: string;
  provisioned_at: string | null;
  created_at: string;
  mqtt: MqttCredentials;
}
/**
 * Bloco `mqtt` de `POST /api/devices/` e de `rotate-credentials`: a senha aparece só aqui, uma vez.
 */
export interface MqttCredentials {
  host: string;
  port: number;
  username: string;
  client_id: string;
  password: string;
  /**
   * traksense/{tenant}/{site}/{device}
   */
  topic_base: string;
}
/**
 * Estado atual (última amostra) de um ponto `enum` contratado, contado por valor nos dispositivos ativos;
 * `no_data` = dispositivos em que o ponto nunca teve amostra.
 */
export interface EnumStateCounts {
  point: string;
  counts: {
    [k: string]: number | undefined;
  };
  no_data: number;
}
/**
 * Um erro de um campo (corpo) ou parâmetro (query): `field` é o caminho, vazio = o pedido inteiro.
 */
export interface FieldError {
  field: string;
  message: string;
  code: string;
}
/**
 * Contagens de dispositivos. `active` = não desativados; `online` + `offline` = `active` (conectividade pelo
 * tópico `state`/LWT, como em `/api/data/latest`); `never_seen` ⊂ `offline`: nunca publicaram state.
 */
export interface FleetCounts {
  devices: number;
  active: number;
  decommissioned: number;
  online: number;
  offline: number;
  never_seen: number;
}
/**
 * Contagens de um site ou de um modelo de equipamento.
 */
export interface FleetGroup {
  devices: number;
  active: number;
  decommissioned: number;
  online: number;
  offline: number;
  never_seen: number;
  slug: string;
  name: string;
}
/**
 * Resposta de `GET /api/fleet/summary`.
 */
export interface FleetSummary {
  generated_at: string;
  totals: FleetCounts;
  by_site: FleetGroup[];
  by_template: FleetGroup[];
  states: EnumStateCounts[];
  alerts_open: OpenAlerts;
}
/**
 * Alertas abertos (não normalizados) por gravidade.
 */
export interface OpenAlerts {
  critical: number;
  major: number;
  minor: number;
  warning: number;
  total: number;
}
/**
 * Corpo de `POST /ingest` (regra HTTP do EMQX): o tópico e o payload MQTT (texto ou objeto).
 */
export interface HttpIngestRequest {
  topic: string;
  payload: unknown;
  clientid?: string | null;
}
/**
 * Resposta de `POST /ingest`: 202 aceito (pode ter dead letters parciais) ou 422 recusado (guardado).
 */
export interface HttpIngestResponse {
  accepted: boolean;
  dead_letters: DeadLetterInfo[];
}
/**
 * Último valor de um ponto (`ts`/`value` nulos se nunca houve amostra).
 */
export interface LatestPoint {
  point: string;
  name: string;
  value_type: 'float' | 'int' | 'bool' | 'enum' | 'text';
  unit: string;
  ts: string | null;
  value: boolean | number | string | null;
}
/**
 * Resposta de `GET /api/data/latest`.
 */
export interface LatestResponse {
  device: string;
  connectivity: Connectivity;
  points: LatestPoint[];
}
/**
 * Um ponto de um dispositivo e seus limites.
 */
export interface Point {
  id: string;
  device: string;
  name: string;
  label: string;
  value_type: 'float' | 'int' | 'bool' | 'enum' | 'text';
  unit: string;
  enum_values: string[];
  polarity: 'normal' | 'inverted';
  is_contracted: boolean;
  low_limit: number | null;
  high_limit: number | null;
  hysteresis: number | null;
}
/**
 * Corpo de `PATCH /api/points/{id}/`: omitido mantém, null apaga o limite.
 */
export interface PointLimits {
  low_limit?: number | null;
  high_limit?: number | null;
  hysteresis?: number | null;
}
/**
 * Corpo de TODA resposta de erro da API (`application/problem+json`, RFC 9457).
 *
 * `code` é estável e legível por máquina (ex.: `validation_error`, `not_found`, `tenant_required`);
 * `title` e `detail` são mensagens em pt-BR para pessoas; `errors` lista os erros por campo.
 */
export interface Problem {
  /**
   * URI do tipo do problema (`about:blank` quando só o status explica).
   */
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  /**
   * Caminho do pedido que falhou.
   */
  instance?: string | null;
  errors?: FieldError[];
}
/**
 * Amostra bruta (`agg=raw`) de um ponto numérico, ou mudança de estado de um ponto de estado.
 */
export interface RawSample {
  ts: string;
  value: boolean | number | string | null;
}
/**
 * Série de um ponto: `kind=numeric` traz `Bucket` (agregado) ou `RawSample` (raw); `kind=state` traz
 * mudanças de estado `(ts, value)`, a primeira sendo o estado vigente em `from`.
 */
export interface Series {
  point: string;
  name: string;
  value_type: 'float' | 'int' | 'bool' | 'enum' | 'text';
  unit: string;
  kind: 'numeric' | 'state';
  data: Bucket[] | RawSample[];
}
/**
 * Resposta de `GET /api/data/points`.
 */
export interface SeriesResponse {
  device: string;
  agg: 'raw' | '1m' | '5m' | '15m' | '1h' | '1d';
  tz: string;
  from: string;
  to: string;
  /**
   * Início do 1º bucket (só agregadas).
   */
  buckets_from?: string | null;
  /**
   * Fim do último bucket (só agregadas).
   */
  buckets_to?: string | null;
  series: Series[];
}
/**
 * Corpo de `POST /api/auth/token/`.
 */
export interface TokenRequest {
  username: string;
  password: string;
}
/**
 * Resposta 201 de `POST /api/auth/token/`: use `Authorization: Bearer <token>` até `expires_at`.
 */
export interface TokenResponse {
  token: string;
  expires_at: string;
  id: number;
  name: string;
}
