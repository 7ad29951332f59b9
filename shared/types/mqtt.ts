/* Gerado por scripts/dev.sh contracts a partir de shared/schemas/mqtt.json. NÃO EDITE: altere o pacote contracts/ e regenere. */

/**
 * Payloads MQTT (seed 000 §5): o que o dispositivo publica (`telem`, `state`, `event`, `alarm`, `ack`) e o
 * que a API publica para ele (`cmd`).
 */
export type MqttContracts =
  AckPayload | CommandPayload | EventPayload | ParsecPayload | StatePayload | V1Envelope | V1Point;

/**
 * `.../ack`: `{"schema": "v1", "cmd_id": "...", "ok": true, "ts_exec": "...", "err": null}`.
 */
export interface AckPayload {
  schema?: string;
  cmd_id: string;
  ok: boolean;
  ts_exec?: string | null;
  err?: string | null;
  [k: string]: unknown | undefined;
}
/**
 * `.../cmd` (publicado pela API, QoS 1): `{"schema": "v1", "cmd_id": "<ulid>", "op": "reset_fault",
 * "pulse_ms": 500, "by": "<usuário>"}`.
 *
 * Os parâmetros do comando vão no topo do documento, ao lado das chaves do envelope (como na
 * especificação); por isso `extra="allow"`. Monte com `CommandPayload.build`.
 */
export interface CommandPayload {
  schema?: 'v1';
  cmd_id: string;
  op: string;
  by: string;
  [k: string]: unknown | undefined;
}
/**
 * `.../event` e `.../alarm`: `{"ts": ISO, "code"?: str, "severity"?: str, ...}`.
 *
 * `ts` é obrigatório: é a identidade da ocorrência (reentregas não duplicam). O documento inteiro é guardado.
 */
export interface EventPayload {
  ts: string;
  code?: string | null;
  severity?: string | null;
  [k: string]: unknown | undefined;
}
/**
 * Payload bruto dos inversores Parsec em `.../telem`.
 *
 * `{"schema": "parsec_v1", "ts": "...", "di1": 1, "di2": 0, "seq": 123}`: `di1` = status (1 RUN, 0 STOP),
 * `di2` = falha (1 FAULT, 0 OK), aceitos como 0/1 ou true/false e normalizados para bool; `seq` é o
 * contador opcional do gateway; `meta` é repassado para a coluna `meta`.
 */
export interface ParsecPayload {
  schema: 'parsec_v1';
  ts: string;
  di1: boolean | number;
  di2: boolean | number;
  seq?: number | null;
  meta?: {
    [k: string]: unknown | undefined;
  } | null;
}
/**
 * `.../state` (retido; também o LWT): `{"online": bool, "ts"?: ISO, ...}`.
 *
 * O ingest aceita ainda o texto puro `online`/`offline`. Sem `ts`, `last_seen` é o instante de chegada.
 * Campos extras (ex.: "fw", "rssi") são guardados junto do estado.
 */
export interface StatePayload {
  online: boolean;
  ts?: string | null;
  [k: string]: unknown | undefined;
}
/**
 * Telemetria normalizada `v1` em `.../telem`.
 *
 * `{"schema": "v1", "ts": "2025-10-07T02:34:12Z", "points": [{"name": "temp_agua", "t": "float",
 * "v": 7.3, "u": "°C"}], "meta": {"fw": "1.2.3"}}`. Campos desconhecidos são recusados (um erro de
 * digitação não pode virar dado silenciosamente perdido).
 */
export interface V1Envelope {
  schema: 'v1';
  ts: string;
  /**
   * @minItems 1
   * @maxItems 10000
   */
  points: [V1Point, ...V1Point[]];
  meta?: {
    [k: string]: unknown | undefined;
  } | null;
}
/**
 * Uma amostra do envelope `v1`: nome do ponto, tipo declarado, valor, unidade e qualidade.
 *
 * `q` (qualidade, 0..32767, padrão 0) é uma extensão compatível da especificação.
 */
export interface V1Point {
  name: string;
  t: 'float' | 'int' | 'bool' | 'enum' | 'text';
  v: boolean | number | string | null;
  u?: string | null;
  q?: number;
}
