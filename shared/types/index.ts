/* Gerado por scripts/dev.sh contracts a partir de shared/schemas/. NÃO EDITE: altere o pacote contracts/ e regenere. */

export * as alerts from './alerts';
export * as api from './api';
export * as dashboard from './dashboard';
export * as events from './events';
export * as mqtt from './mqtt';
export type * as openapi from './api.openapi';
