/* Gerado por scripts/dev.sh contracts a partir de shared/schemas/openapi.json. NÃO EDITE: altere o pacote contracts/ e regenere. */

export interface paths {
    "/api/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Alertas do tenant, do mais novo para o mais antigo. Filtros: ?device=&state=&severity=&from=&to=
         *     (`state=open` = ativos; `from`/`to` sobre `started_at`).
         */
        get: operations["alerts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Alertas do tenant, do mais novo para o mais antigo. Filtros: ?device=&state=&severity=&from=&to=
         *     (`state=open` = ativos; `from`/`to` sobre `started_at`).
         */
        get: operations["alerts_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}/ack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Alertas do tenant, do mais novo para o mais antigo. Filtros: ?device=&state=&severity=&from=&to=
         *     (`state=open` = ativos; `from`/`to` sobre `started_at`).
         */
        post: operations["alerts_ack_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}/comment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Alertas do tenant, do mais novo para o mais antigo. Filtros: ?device=&state=&severity=&from=&to=
         *     (`state=open` = ativos; `from`/`to` sobre `started_at`).
         */
        post: operations["alerts_comment_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Alertas do tenant, do mais novo para o mais antigo. Filtros: ?device=&state=&severity=&from=&to=
         *     (`state=open` = ativos; `from`/`to` sobre `started_at`).
         */
        get: operations["alerts_summary_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/token/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Emite (POST) um token e revoga (DELETE) o token em uso. */
        post: operations["auth_token_create"];
        /** @description Emite (POST) um token e revoga (DELETE) o token em uso. */
        delete: operations["auth_token_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/tokens/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description `GET` lista os tokens do usuário; `DELETE` revoga todos (sair de todos os clientes). */
        get: operations["auth_tokens_list"];
        put?: never;
        post?: never;
        /** @description `GET` lista os tokens do usuário; `DELETE` revoga todos (sair de todos os clientes). */
        delete: operations["auth_tokens_revoke_all"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/tokens/{token_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** @description `DELETE /api/auth/tokens/<id>/`: revoga um token do próprio usuário (de outro usuário: 404). */
        delete: operations["auth_tokens_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cmd/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description `GET /api/cmd/?device=<uuid>&status=`: histórico (auditoria), mais recentes primeiro. */
        get: operations["cmd_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cmd/{cmd_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description `GET /api/cmd/{cmd_id}`: estado de um comando. Só lê: ACKs tardios são conciliados pelo worker. */
        get: operations["cmd_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cmd/{device_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description `POST /api/cmd/{device_id}`: publica o comando e responde com o desfecho (ACK ou timeout).
         *
         *     Registrada com `non_atomic_requests` (urls.py): o Command é commitado antes da publicação e a espera
         *     não segura transação. Tenant e papel são resolvidos numa transação curta só para a checagem.
         */
        post: operations["cmd_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboards/{device_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description `GET /api/dashboards/{device_id}`: o DashboardConfig do dispositivo (JSON `schema: v1`). */
        get: operations["dashboards_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/data/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Export das séries de um dispositivo como arquivo, em streaming: `format=csv` (padrão; UTF-8, cabeçalho na
         *     primeira linha) ou `format=parquet` (um row group a cada 2000 linhas, compressão zstd). O arquivo é
         *     gerado enquanto é enviado (cursor do servidor, 2000 linhas por vez): a memória do servidor não cresce com
         *     o intervalo.
         *
         *     Mesmos parâmetros, isolamento e conteúdo de `/api/data/points` (`device`, `point`, `from`, `to`, `agg`, `tz`):
         *     uma linha por amostra (`agg=raw`: colunas `point_id,point,ts,value,state`) ou por bucket (demais `agg`: colunas
         *     `point_id,point,ts,avg,min,max,count,last,state`), ponto a ponto na ordem pedida e por `ts` crescente. Pontos de estado (bool/enum/text)
         *     saem como mudanças de estado na coluna `state` (`true`/`false`, nome do enum ou texto), a primeira sendo o
         *     estado vigente em `from`.
         *
         *     **Limites do export** (400 se excedidos): até 100 pontos; intervalo máximo por `agg`:
         *     `raw` 31 dias, `1m` 31 dias, `5m` 92 dias, `15m` 366 dias, `1h` 732 dias, `1d` 3660 dias; pontos de estado até
         *     31 dias. Erros (400/404) saem antes do primeiro byte do arquivo, como problem+json.
         */
        get: operations["data_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/data/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Último valor e horário de cada ponto do dispositivo (um acesso por ponto no índice, sem varrer histórico) e a conectividade: `online`/`last_seen` do tópico state (LWT); `known=false` se o dispositivo nunca publicou state. 404 se o dispositivo não pertence ao tenant. */
        get: operations["data_latest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/data/points": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Séries de um dispositivo, vários pontos por chamada.
         *
         *     **Agregação (`agg`)**: `raw` (amostras de `ts_measure`), `1m`, `5m`, `15m` e `1h` (rollups de mesma largura),
         *     `1d` (rollup diário em UTC; em outro fuso, do 1h em dias do fuso `tz`). Cada bucket traz `avg` (média ponderada
         *     por contagem), `min`, `max`, `count` e `last`. Fusos com deslocamento que não é hora cheia no intervalo (ex.:
         *     Asia/Kolkata, +05:30) têm `1h`/`1d` derivados do rollup de 1m, para que cada bucket seja exato no fuso.
         *
         *     **Intervalo**: `from` inclusivo, `to` exclusivo, ISO-8601 **com fuso** obrigatório. Em séries agregadas o
         *     intervalo é expandido para buckets inteiros (`buckets_from`/`buckets_to` na resposta). Timestamps da resposta
         *     vêm no fuso `tz`.
         *
         *     **Pontos de estado** (`bool`, `enum`, `text`) são servidos como mudanças de estado `(ts, value)`,
         *     independentemente de `agg`; o primeiro item é o estado vigente em `from` (pode ter `ts` anterior a `from`).
         *
         *     **Dados recentes**: os rollups são materializados pelo job de refresh; os últimos minutos
         *     (`TS_DATA_RAW_TAIL_SECONDS`, padrão 300 s) são agregados do bruto na hora, então a série chega até agora.
         *
         *     **Limites** (400 se excedidos): até 20 pontos por chamada; `raw` até 24 h de
         *     intervalo e 50000 amostras por ponto; séries agregadas até 20000 buckets
         *     por ponto (ex.: `1m` ≈ 13 dias, `1h` ≈ 2 anos); pontos de estado até 31 dias e
         *     20000 mudanças por ponto.
         *
         *     **Erros**: 400 para parâmetro ausente/desconhecido, data inválida ou sem fuso, `from >= to`, `agg` ou `tz`
         *     desconhecidos, nome de ponto inexistente no dispositivo; 404 para `device` ou `point` (UUID) que não
         *     pertencem ao tenant.
         */
        get: operations["data_points"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Dispositivos do tenant. Filtros: ?site=, ?template=, ?status=, ?q= (slug/nome). */
        get: operations["devices_list"];
        put?: never;
        /** @description Dispositivos do tenant. Filtros: ?site=, ?template=, ?status=, ?q= (slug/nome). */
        post: operations["devices_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Dispositivos do tenant. Filtros: ?site=, ?template=, ?status=, ?q= (slug/nome). */
        get: operations["devices_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/decommission/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Desativa de vez: revoga a credencial no broker e o ingest passa a mandar a telemetria tardia para a dead letter `device_decommissioned`. O histórico continua em /api/data/*. Idempotente. */
        post: operations["devices_decommission_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/move/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Muda de site sem perder histórico (device_id e point_id não mudam). Tópico, usuário MQTT e ACL passam a ser os do site novo; credencial ativa é trocada por uma nova (`mqtt`, mostrada uma vez; `null` se o dispositivo está desativado). Site inexistente é criado. */
        post: operations["devices_move_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/reactivate/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Reativa um dispositivo revogado ou desativado com credencial MQTT nova (senha mostrada só nesta resposta). Mesmo device_id e pontos: o histórico continua. */
        post: operations["devices_reactivate_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/revoke/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Dispositivos do tenant. Filtros: ?site=, ?template=, ?status=, ?q= (slug/nome). */
        post: operations["devices_revoke_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/rotate-credentials/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Dispositivos do tenant. Filtros: ?site=, ?template=, ?status=, ?q= (slug/nome). */
        post: operations["devices_rotate_credentials_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/bulk/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Provisionamento em massa, idempotente por (site, slug): `created` / `exists` / `error` com o motivo, por linha. JSON `{rows: [...], dry_run}` ou CSV com cabeçalho `site,slug,name,template,contracted_points` (pontos separados por `;`, vazio = todos). Sites ausentes são criados. As senhas MQTT aparecem só nesta resposta (`?output=csv` devolve-as como arquivo). O broker recebe um lote só. */
        post: operations["devices_bulk_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/fleet/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Dispositivos por site e por modelo, conectados/desconectados (tópico `state`/LWT, como em `/api/data/latest`; `never_seen` = nunca publicou state), estado atual dos pontos `enum` contratados (ex.: RUN/STOP/FAULT de `device_state`, pela última amostra) e alertas abertos por gravidade. Desativados contam em `devices`/`decommissioned`, não em conectividade nem estados. Três consultas agregadas, qualquer que seja o tamanho da frota. */
        get: operations["fleet_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/points/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Pontos do tenant. Filtros: ?device=<uuid>, ?is_contracted=true|false, ?name=. PATCH só de limites. */
        get: operations["points_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/points/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Pontos do tenant. Filtros: ?device=<uuid>, ?is_contracted=true|false, ?name=. PATCH só de limites. */
        get: operations["points_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Pontos do tenant. Filtros: ?device=<uuid>, ?is_contracted=true|false, ?name=. PATCH só de limites. */
        patch: operations["points_partial_update"];
        trace?: never;
    };
    "/api/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Regras do tenant. Filtros: ?device=&point=&kind=&enabled=. internal_ops: CRUD; customer_admin (se o
         *     tenant permite ajustar limites): PATCH de low/high/clear_hysteresis/enabled; viewer: leitura.
         */
        get: operations["rules_list"];
        put?: never;
        /**
         * @description Regras do tenant. Filtros: ?device=&point=&kind=&enabled=. internal_ops: CRUD; customer_admin (se o
         *     tenant permite ajustar limites): PATCH de low/high/clear_hysteresis/enabled; viewer: leitura.
         */
        post: operations["rules_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Regras do tenant. Filtros: ?device=&point=&kind=&enabled=. internal_ops: CRUD; customer_admin (se o
         *     tenant permite ajustar limites): PATCH de low/high/clear_hysteresis/enabled; viewer: leitura.
         */
        get: operations["rules_retrieve"];
        put?: never;
        post?: never;
        /**
         * @description Regras do tenant. Filtros: ?device=&point=&kind=&enabled=. internal_ops: CRUD; customer_admin (se o
         *     tenant permite ajustar limites): PATCH de low/high/clear_hysteresis/enabled; viewer: leitura.
         */
        delete: operations["rules_destroy"];
        options?: never;
        head?: never;
        /**
         * @description Regras do tenant. Filtros: ?device=&point=&kind=&enabled=. internal_ops: CRUD; customer_admin (se o
         *     tenant permite ajustar limites): PATCH de low/high/clear_hysteresis/enabled; viewer: leitura.
         */
        patch: operations["rules_partial_update"];
        trace?: never;
    };
    "/api/stream/ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Emite um ticket de stream (TTL curto, uso único) para `GET /api/stream?ticket=...`. */
        post: operations["stream_ticket_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhook-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Entregas de webhook (mais novas primeiro). Filtros: ?endpoint=&status=&alert=. POST .../resend reenvia. */
        get: operations["webhook_deliveries_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhook-deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Entregas de webhook (mais novas primeiro). Filtros: ?endpoint=&status=&alert=. POST .../resend reenvia. */
        get: operations["webhook_deliveries_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhook-deliveries/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Entregas de webhook (mais novas primeiro). Filtros: ?endpoint=&status=&alert=. POST .../resend reenvia. */
        post: operations["webhook_deliveries_resend_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Endpoints de webhook do tenant. O segredo só aparece na resposta da criação. */
        get: operations["webhooks_list"];
        put?: never;
        /** @description Endpoints de webhook do tenant. O segredo só aparece na resposta da criação. */
        post: operations["webhooks_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Endpoints de webhook do tenant. O segredo só aparece na resposta da criação. */
        get: operations["webhooks_retrieve"];
        put?: never;
        post?: never;
        /** @description Endpoints de webhook do tenant. O segredo só aparece na resposta da criação. */
        delete: operations["webhooks_destroy"];
        options?: never;
        head?: never;
        /** @description Endpoints de webhook do tenant. O segredo só aparece na resposta da criação. */
        patch: operations["webhooks_partial_update"];
        trace?: never;
    };
    "/ingest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ingest_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * AlertDetailOut
         * @description Alerta com o histórico completo (`GET /api/alerts/{id}`).
         */
        AlertDetailOut: {
            /** Acked At */
            acked_at: string | null;
            /** Acked By */
            acked_by: string | null;
            /** Cleared At */
            cleared_at: string | null;
            /**
             * Device Id
             * Format: uuid
             */
            device_id: string;
            /** Events */
            events: components["schemas"]["AlertEventOut"][];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Text */
            last_text: string | null;
            /** Last Value */
            last_value: number | null;
            /** Message */
            message: string;
            /** Peak Value */
            peak_value: number | null;
            /** Point Id */
            point_id: string | null;
            /**
             * Rule Id
             * Format: uuid
             */
            rule_id: string;
            /** Rule Kind */
            rule_kind: string;
            /** Severity */
            severity: components["schemas"]["AlertSeverityEnum"];
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /** State */
            state: components["schemas"]["AlertStateNameEnum"];
        };
        /**
         * AlertEventOut
         * @description Uma linha do histórico do alerta.
         */
        AlertEventOut: {
            /** Actor */
            actor: string | null;
            /** Detail */
            detail: {
                [key: string]: unknown;
            };
            /** Id */
            id: number;
            /** Kind */
            kind: components["schemas"]["AlertEventOutKindEnum"];
            /**
             * Ts
             * Format: date-time
             */
            ts: string;
        };
        /** @enum {string} */
        AlertEventOutKindEnum: "raised" | "escalated" | "acked" | "cleared" | "commented" | "notified";
        /**
         * AlertOut
         * @description Um alerta (uma ocorrência de uma regra num dispositivo).
         */
        AlertOut: {
            /** Acked At */
            acked_at: string | null;
            /** Acked By */
            acked_by: string | null;
            /** Cleared At */
            cleared_at: string | null;
            /**
             * Device Id
             * Format: uuid
             */
            device_id: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Text */
            last_text: string | null;
            /** Last Value */
            last_value: number | null;
            /** Message */
            message: string;
            /** Peak Value */
            peak_value: number | null;
            /** Point Id */
            point_id: string | null;
            /**
             * Rule Id
             * Format: uuid
             */
            rule_id: string;
            /** Rule Kind */
            rule_kind: string;
            /** Severity */
            severity: components["schemas"]["AlertSeverityEnum"];
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /** State */
            state: components["schemas"]["AlertStateNameEnum"];
        };
        /** @enum {string} */
        AlertSeverityEnum: "critical" | "major" | "minor" | "warning";
        /**
         * AlertsPanel
         * @description Lista de alertas do dispositivo (`GET /api/alerts?device=<id>&state=...`), mais novos primeiro.
         */
        AlertsPanel: {
            /**
             * Limit
             * @default 10
             */
            limit: number;
            /**
             * State
             * @default open
             */
            state: components["schemas"]["AlertsPanelStateEnum"];
            /** Title */
            title: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "alerts";
        };
        /** @enum {string} */
        AlertsPanelStateEnum: "open" | "all";
        /** @enum {string} */
        AlertStateNameEnum: "active_unack" | "active_ack" | "cleared_unack" | "cleared_ack";
        /**
         * AlertSummaryOut
         * @description Alertas abertos por gravidade e por estado (painéis de KPI).
         */
        AlertSummaryOut: {
            /** By State */
            by_state: {
                [key: string]: number;
            };
            /** Open By Severity */
            open_by_severity: {
                [key: string]: number;
            };
            /** Open Total */
            open_total: number;
            /** Unacked Total */
            unacked_total: number;
        };
        /** @description Um token sem o segredo (nem o hash): o que o usuário precisa para reconhecer e revogar. */
        ApiToken: {
            /**
             * Criado em
             * Format: date-time
             */
            readonly created_at: string;
            readonly current: boolean;
            /**
             * Expira em
             * Format: date-time
             */
            expires_at: string;
            readonly id: number;
            /**
             * Último uso
             * Format: date-time
             */
            last_used_at?: string | null;
            /**
             * Nome
             * @description Nome do cliente/sessão (ex.: 'laptop', 'celular'), informado na emissão.
             */
            name: string;
            /**
             * Prefixo
             * @description Início do token (não autentica): identifica o cliente sem expor o segredo.
             */
            prefix: string;
        };
        /** @enum {unknown} */
        BlankEnum: "";
        /**
         * Bucket
         * @description Bucket agregado de um ponto numérico (`agg` ≠ raw).
         */
        Bucket: {
            /** Avg */
            avg: number | null;
            /** Count */
            count: number;
            /** Last */
            last: number | null;
            /** Max */
            max: number | null;
            /** Min */
            min: number | null;
            /**
             * Ts
             * Format: date-time
             */
            ts: string;
        };
        BulkRequestRequest: {
            /** @default false */
            dry_run: boolean;
            /** @description Linhas {site, slug, name, template, contracted_points?, site_name?}; validadas linha a linha. */
            rows: {
                [key: string]: unknown;
            }[];
        };
        BulkResult: {
            counts: {
                [key: string]: number;
            };
            dry_run: boolean;
            results: components["schemas"]["BulkRow"][];
        };
        BulkRow: {
            /** Format: uuid */
            device_id: string | null;
            /** @description Só em `created` fora de dry_run; uma vez. */
            mqtt_password: string | null;
            mqtt_username: string | null;
            reason: string;
            /** @description Número da linha (1 = primeira linha de dados). */
            row: number;
            site: string;
            slug: string;
            status: components["schemas"]["BulkRowStatusEnum"];
        };
        /**
         * @description * `created` - created
         *     * `exists` - exists
         *     * `error` - error
         * @enum {string}
         */
        BulkRowStatusEnum: "created" | "exists" | "error";
        /**
         * ButtonPanel
         * @description Botão que envia um comando (CommandDefinition `op`) com parâmetros fixos.
         */
        ButtonPanel: {
            /** Op */
            op: string;
            /** Params */
            params?: {
                [key: string]: unknown;
            };
            /** Title */
            title: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "button";
        };
        /** @description Um comando e o seu desfecho (auditoria: quem, quando, o quê, o que o dispositivo respondeu). */
        Command: {
            readonly ack: {
                [key: string]: unknown;
            } | null;
            /**
             * Id do comando
             * @description ULID do comando (vai no payload; o ACK volta com ele).
             */
            cmd_id: string;
            /**
             * Criado em
             * Format: date-time
             */
            readonly created_at: string;
            /** Format: uuid */
            readonly device: string;
            /**
             * Erro
             * @description Falha do lado da plataforma (ex.: broker não confirmou a publicação).
             */
            error?: string;
            /**
             * ACK tardio
             * @description O ACK chegou depois do prazo (já respondido como timed_out).
             */
            late_ack?: boolean;
            /** Operação */
            op: string;
            /** Parâmetros */
            params?: unknown;
            readonly requested_by: {
                [key: string]: unknown;
            };
            /**
             * Enviado em
             * Format: date-time
             */
            sent_at?: string | null;
            /** Situação */
            status?: components["schemas"]["CommandStatusEnum"];
            /**
             * Expirado em
             * Format: date-time
             */
            timed_out_at?: string | null;
            /**
             * Tempo limite (s)
             * Format: double
             * @description Prazo de espera pelo ACK usado neste comando.
             */
            timeout_s: number;
        };
        /** @description Corpo de `POST /api/cmd/{device_id}`. */
        CommandRequestRequest: {
            op: string;
            params?: {
                [key: string]: unknown;
            };
            /**
             * Format: double
             * @description Segundos de espera pelo ACK (padrão TS_CMD_ACK_TIMEOUT_SECONDS; teto TS_CMD_ACK_TIMEOUT_MAX_SECONDS).
             */
            timeout?: number;
        };
        /**
         * @description * `pending` - Registrado, ainda não publicado
         *     * `sent` - Publicado (PUBACK do broker), aguardando ACK
         *     * `acked_ok` - Executado pelo dispositivo
         *     * `acked_error` - Recusado/falhou no dispositivo
         *     * `timed_out` - Sem ACK dentro do prazo
         *     * `publish_failed` - Broker não confirmou a publicação
         * @enum {string}
         */
        CommandStatusEnum: "pending" | "sent" | "acked_ok" | "acked_error" | "timed_out" | "publish_failed";
        /** CommentIn */
        CommentInRequest: {
            /** Text */
            text: string;
        };
        /**
         * Connectivity
         * @description Conectividade do dispositivo pelo tópico `state` (LWT); `known=false` se nunca publicou state.
         */
        Connectivity: {
            /** Known */
            known: boolean;
            /** Last Seen */
            last_seen: string | null;
            /** Online */
            online: boolean;
        };
        /**
         * DashboardV1
         * @description Dashboard completo: lista de painéis e o layout de cartões.
         */
        DashboardV1: {
            /**
             * Layout
             * @default cards-2col
             */
            layout: components["schemas"]["LayoutEnum"];
            /** Panels */
            panels: (components["schemas"]["TimeseriesPanel"] | components["schemas"]["StatusPanel"] | components["schemas"]["TimelinePanel"] | components["schemas"]["KpiPanel"] | components["schemas"]["ButtonPanel"] | components["schemas"]["AlertsPanel"])[];
            /**
             * Schema
             * @constant
             */
            schema: "v1";
        };
        /** @enum {string} */
        DataAggEnum: "raw" | "1m" | "5m" | "15m" | "1h" | "1d";
        /** DeadLetterInfo */
        DeadLetterInfo: {
            /** Detail */
            detail: string;
            /** Reason */
            reason: string;
        };
        Device: {
            /**
             * Criado em
             * Format: date-time
             */
            readonly created_at: string;
            /**
             * Desativado em
             * Format: date-time
             * @description Preenchido = desativado de vez (credencial revogada, telemetria recusada); histórico fica.
             */
            readonly decommissioned_at: string | null;
            /** Format: uuid */
            readonly id: string;
            /**
             * Usuário MQTT
             * @description Referência à credencial em public.broker_mqtt_credential (client id = usuário).
             */
            readonly mqtt_username: string;
            /** Nome */
            readonly name: string;
            /**
             * Provisionado em
             * Format: date-time
             */
            readonly provisioned_at: string | null;
            /** Erro de provisionamento */
            readonly provisioning_error: string;
            /** Provisionamento */
            readonly provisioning_status: components["schemas"]["ProvisioningStatusEnum"];
            readonly site: string;
            readonly slug: string;
            /** @description Identificador estável, ex.: inverter_v1_parsec. */
            readonly template: string;
            /**
             * Tópico base
             * @description traksense/{tenant}/{site}/{device} (contrato MQTT).
             */
            readonly topic_base: string;
        };
        DeviceCreateRequest: {
            /** @description Nomes dos pontos contratados; omitido = todos os pontos do modelo. */
            contracted_points?: string[];
            name: string;
            site: string;
            /** @default  */
            site_name: string;
            slug: string;
            template: string;
        };
        DeviceMoveRequest: {
            /** @description Site de destino (criado se não existir). */
            site: string;
            /** @default  */
            site_name: string;
        };
        /** @enum {string} */
        DeviceProvisioningStatusEnum: "pending" | "provisioned" | "failed" | "revoking" | "revoked";
        /**
         * DeviceWithCredentials
         * @description Dispositivo recém-criado ou com senha rotacionada, com o bloco `mqtt` (senha em texto, uma vez).
         */
        DeviceWithCredentials: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            mqtt: components["schemas"]["MqttCredentials"];
            /** Mqtt Username */
            mqtt_username: string;
            /** Name */
            name: string;
            /** Provisioned At */
            provisioned_at: string | null;
            /** Provisioning Error */
            provisioning_error: string;
            /** Provisioning Status */
            provisioning_status: components["schemas"]["DeviceProvisioningStatusEnum"];
            /** Site */
            site: string;
            /** Slug */
            slug: string;
            /** Template */
            template: string;
            /** Topic Base */
            topic_base: string;
        };
        /**
         * EnumStateCounts
         * @description Estado atual (última amostra) de um ponto `enum` contratado, contado por valor nos dispositivos ativos;
         *     `no_data` = dispositivos em que o ponto nunca teve amostra.
         */
        EnumStateCounts: {
            /** Counts */
            counts: {
                [key: string]: number;
            };
            /** No Data */
            no_data: number;
            /** Point */
            point: string;
        };
        /**
         * FieldError
         * @description Um erro de um campo (corpo) ou parâmetro (query): `field` é o caminho, vazio = o pedido inteiro.
         */
        FieldError: {
            /** Code */
            code: string;
            /** Field */
            field: string;
            /** Message */
            message: string;
        };
        /**
         * FleetCounts
         * @description Contagens de dispositivos. `active` = não desativados; `online` + `offline` = `active` (conectividade pelo
         *     tópico `state`/LWT, como em `/api/data/latest`); `never_seen` ⊂ `offline`: nunca publicaram state.
         */
        FleetCounts: {
            /** Active */
            active: number;
            /** Decommissioned */
            decommissioned: number;
            /** Devices */
            devices: number;
            /** Never Seen */
            never_seen: number;
            /** Offline */
            offline: number;
            /** Online */
            online: number;
        };
        /**
         * FleetGroup
         * @description Contagens de um site ou de um modelo de equipamento.
         */
        FleetGroup: {
            /** Active */
            active: number;
            /** Decommissioned */
            decommissioned: number;
            /** Devices */
            devices: number;
            /** Name */
            name: string;
            /** Never Seen */
            never_seen: number;
            /** Offline */
            offline: number;
            /** Online */
            online: number;
            /** Slug */
            slug: string;
        };
        /**
         * FleetSummary
         * @description Resposta de `GET /api/fleet/summary`.
         */
        FleetSummary: {
            alerts_open: components["schemas"]["OpenAlerts"];
            /** By Site */
            by_site: components["schemas"]["FleetGroup"][];
            /** By Template */
            by_template: components["schemas"]["FleetGroup"][];
            /**
             * Generated At
             * Format: date-time
             */
            generated_at: string;
            /** States */
            states: components["schemas"]["EnumStateCounts"][];
            totals: components["schemas"]["FleetCounts"];
        };
        HttpIngestRequest: {
            clientid?: string;
            payload: unknown;
            topic: string;
        };
        /**
         * HttpIngestResponse
         * @description Resposta de `POST /ingest`: 202 aceito (pode ter dead letters parciais) ou 422 recusado (guardado).
         */
        HttpIngestResponse: {
            /** Accepted */
            accepted: boolean;
            /** Dead Letters */
            dead_letters: components["schemas"]["DeadLetterInfo"][];
        };
        /**
         * KpiPanel
         * @description Indicador numérico único (último valor ou agregado).
         */
        KpiPanel: {
            /**
             * Agg
             * @default last
             */
            agg: components["schemas"]["KpiPanelAggEnum"];
            /** Point */
            point: string;
            /** Title */
            title: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "kpi";
            /**
             * Unit
             * @default null
             */
            unit: string | null;
        };
        /** @enum {string} */
        KpiPanelAggEnum: "last" | "avg" | "min" | "max";
        /**
         * LatestPoint
         * @description Último valor de um ponto (`ts`/`value` nulos se nunca houve amostra).
         */
        LatestPoint: {
            /** Name */
            name: string;
            /**
             * Point
             * Format: uuid
             */
            point: string;
            /** Ts */
            ts: string | null;
            /** Unit */
            unit: string;
            /** Value */
            value: boolean | number | string | null;
            /** Value Type */
            value_type: components["schemas"]["PointValueTypeEnum"];
        };
        /**
         * LatestResponse
         * @description Resposta de `GET /api/data/latest`.
         */
        LatestResponse: {
            connectivity: components["schemas"]["Connectivity"];
            /**
             * Device
             * Format: uuid
             */
            device: string;
            /** Points */
            points: components["schemas"]["LatestPoint"][];
        };
        /** @enum {string} */
        LayoutEnum: "cards-1col" | "cards-2col" | "cards-3col";
        /**
         * MqttCredentials
         * @description Bloco `mqtt` de `POST /api/devices/` e de `rotate-credentials`: a senha aparece só aqui, uma vez.
         */
        MqttCredentials: {
            /** Client Id */
            client_id: string;
            /** Host */
            host: string;
            /** Password */
            password: string;
            /** Port */
            port: number;
            /**
             * Topic Base
             * @description traksense/{tenant}/{site}/{device}
             */
            topic_base: string;
            /** Username */
            username: string;
        };
        /**
         * OpenAlerts
         * @description Alertas abertos (não normalizados) por gravidade.
         */
        OpenAlerts: {
            /** Critical */
            critical: number;
            /** Major */
            major: number;
            /** Minor */
            minor: number;
            /** Total */
            total: number;
            /** Warning */
            warning: number;
        };
        /**
         * @description * `above` - Acima de high
         *     * `below` - Abaixo de low
         *     * `outside` - Fora da faixa [low, high]
         * @enum {string}
         */
        OperatorEnum: "above" | "below" | "outside";
        PaginatedAlertOutList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["AlertOut"][];
        };
        PaginatedCommandList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["Command"][];
        };
        PaginatedDeviceList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["Device"][];
        };
        PaginatedPointList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["Point"][];
        };
        PaginatedRuleList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["Rule"][];
        };
        PaginatedWebhookDeliveryList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["WebhookDelivery"][];
        };
        PaginatedWebhookEndpointList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["WebhookEndpoint"][];
        };
        /** @description PATCH de limites: campos omitidos mantêm o valor atual; null apaga o limite. */
        PatchedPointLimitsRequest: {
            /** Format: double */
            high_limit?: number | null;
            /** Format: double */
            hysteresis?: number | null;
            /** Format: double */
            low_limit?: number | null;
        };
        PatchedRuleUpdateRequest: {
            /**
             * Histerese de normalização
             * Format: double
             * @description Limiar de recuperação: 'acima de 8' com histerese 0,5 só normaliza abaixo de 7,5.
             */
            clear_hysteresis?: number;
            /** Ativa */
            enabled?: boolean;
            /**
             * Duração mínima (s)
             * @description A condição precisa valer por este tempo antes de disparar.
             */
            for_s?: number;
            /**
             * Limite superior
             * Format: double
             */
            high?: number | null;
            /**
             * Manter disparado por (s)
             * @description Depois que a condição some, o alerta continua aberto por este tempo (evita flapping).
             */
            keep_firing_for_s?: number;
            /**
             * Limite inferior
             * Format: double
             */
            low?: number | null;
            /**
             * Modelo de mensagem
             * @description Campos: {device}, {point}, {value}, {low}, {high}, {state_value}.
             */
            message_template?: string;
            /**
             * Sem dados após (s)
             * @description Tipo no_data: segundos sem nenhum valor do ponto.
             */
            no_data_s?: number | null;
            /**
             * Operador
             * @description Só no tipo threshold.
             *
             *     * `above` - Acima de high
             *     * `below` - Abaixo de low
             *     * `outside` - Fora da faixa [low, high]
             */
            operator?: components["schemas"]["OperatorEnum"] | components["schemas"]["BlankEnum"];
            /** Gravidade */
            severity?: components["schemas"]["SeverityEnum"];
            /**
             * Valor de estado
             * @description Tipo state: valor que dispara (enum, ex.: FAULT; bool: true/false).
             */
            state_value?: string;
        };
        PatchedWebhookEndpointRequest: {
            /** Ativo */
            enabled?: boolean;
            /**
             * Eventos
             * @description Eventos enviados, ex.: ["raised", "cleared"]; vazio = todos.
             */
            event_kinds?: unknown;
            /**
             * Gravidade mínima
             * @description Só alertas desta gravidade ou mais graves.
             *
             *     * `critical` - Crítico
             *     * `major` - Grave
             *     * `minor` - Leve
             *     * `warning` - Aviso
             */
            min_severity?: components["schemas"]["SeverityEnum"];
            /** Nome */
            name?: string;
            /** Format: uri */
            url?: string;
        };
        Point: {
            /**
             * Dispositivo
             * Format: uuid
             */
            readonly device: string;
            /** Valores do enum */
            readonly enum_values: unknown;
            /**
             * Limite superior
             * Format: double
             */
            high_limit?: number | null;
            /**
             * Histerese
             * Format: double
             */
            hysteresis?: number | null;
            /** Format: uuid */
            readonly id: string;
            /**
             * Contratado
             * @description Só pontos contratados são roteados pelo ingest e aparecem no dashboard.
             */
            readonly is_contracted: boolean;
            /** Rótulo */
            readonly label: string;
            /**
             * Limite inferior
             * Format: double
             */
            low_limit?: number | null;
            /** Nome */
            readonly name: string;
            /** Polaridade */
            readonly polarity: components["schemas"]["PolarityEnum"];
            /** Unidade */
            readonly unit: string;
            /** Tipo de valor */
            readonly value_type: components["schemas"]["ValueTypeEnum"];
        };
        /** @enum {string} */
        PointValueTypeEnum: "float" | "int" | "bool" | "enum" | "text";
        /**
         * @description * `normal` - Normal (1 = verdadeiro)
         *     * `inverted` - Invertida (0 = verdadeiro)
         * @enum {string}
         */
        PolarityEnum: "normal" | "inverted";
        /**
         * Problem
         * @description Corpo de TODA resposta de erro da API (`application/problem+json`, RFC 9457).
         *
         *     `code` é estável e legível por máquina (ex.: `validation_error`, `not_found`, `tenant_required`);
         *     `title` e `detail` são mensagens em pt-BR para pessoas; `errors` lista os erros por campo.
         */
        Problem: {
            /** Code */
            code: string;
            /** Detail */
            detail: string;
            /** Errors */
            errors?: components["schemas"]["FieldError"][];
            /**
             * Instance
             * @description Caminho do pedido que falhou.
             * @default null
             */
            instance: string | null;
            /** Status */
            status: number;
            /** Title */
            title: string;
            /**
             * Type
             * @description URI do tipo do problema (`about:blank` quando só o status explica).
             */
            type: string;
        };
        /**
         * @description * `pending` - Aguardando o broker
         *     * `provisioned` - Provisionado
         *     * `failed` - Falhou (ver erro; rode rotate ou resync)
         *     * `revoking` - Revogando no broker
         *     * `revoked` - Revogado
         * @enum {string}
         */
        ProvisioningStatusEnum: "pending" | "provisioned" | "failed" | "revoking" | "revoked";
        /**
         * RawSample
         * @description Amostra bruta (`agg=raw`) de um ponto numérico, ou mudança de estado de um ponto de estado.
         */
        RawSample: {
            /**
             * Ts
             * Format: date-time
             */
            ts: string;
            /** Value */
            value: boolean | number | string | null;
        };
        Rule: {
            /**
             * Histerese de normalização
             * Format: double
             * @description Limiar de recuperação: 'acima de 8' com histerese 0,5 só normaliza abaixo de 7,5.
             */
            clear_hysteresis?: number;
            /**
             * Criada em
             * Format: date-time
             */
            readonly created_at: string;
            /**
             * Dispositivo
             * Format: uuid
             */
            device: string;
            /** Ativa */
            enabled?: boolean;
            /**
             * Duração mínima (s)
             * @description A condição precisa valer por este tempo antes de disparar.
             */
            for_s?: number;
            /**
             * Limite superior
             * Format: double
             */
            high?: number | null;
            /** Format: uuid */
            readonly id: string;
            /**
             * Manter disparado por (s)
             * @description Depois que a condição some, o alerta continua aberto por este tempo (evita flapping).
             */
            keep_firing_for_s?: number;
            /** Tipo */
            kind: components["schemas"]["RuleKindEnum"];
            /**
             * Limite inferior
             * Format: double
             */
            low?: number | null;
            /**
             * Modelo de mensagem
             * @description Campos: {device}, {point}, {value}, {low}, {high}, {state_value}.
             */
            message_template?: string;
            /**
             * Sem dados após (s)
             * @description Tipo no_data: segundos sem nenhum valor do ponto.
             */
            no_data_s?: number | null;
            /**
             * Operador
             * @description Só no tipo threshold.
             *
             *     * `above` - Acima de high
             *     * `below` - Abaixo de low
             *     * `outside` - Fora da faixa [low, high]
             */
            operator?: components["schemas"]["OperatorEnum"] | components["schemas"]["BlankEnum"];
            /**
             * Ponto
             * Format: uuid
             * @description Vazio só no tipo offline (regra do dispositivo).
             */
            point?: string | null;
            readonly point_name: string | null;
            /** Gravidade */
            severity?: components["schemas"]["SeverityEnum"];
            /**
             * Valor de estado
             * @description Tipo state: valor que dispara (enum, ex.: FAULT; bool: true/false).
             */
            state_value?: string;
            /**
             * Atualizada em
             * Format: date-time
             */
            readonly updated_at: string;
        };
        /**
         * @description * `threshold` - Limite (acima / abaixo / fora da faixa)
         *     * `state` - Estado igual a um valor
         *     * `no_data` - Ponto sem dados
         *     * `offline` - Dispositivo offline (LWT/state)
         * @enum {string}
         */
        RuleKindEnum: "threshold" | "state" | "no_data" | "offline";
        RuleRequest: {
            /**
             * Histerese de normalização
             * Format: double
             * @description Limiar de recuperação: 'acima de 8' com histerese 0,5 só normaliza abaixo de 7,5.
             */
            clear_hysteresis?: number;
            /**
             * Dispositivo
             * Format: uuid
             */
            device: string;
            /** Ativa */
            enabled?: boolean;
            /**
             * Duração mínima (s)
             * @description A condição precisa valer por este tempo antes de disparar.
             */
            for_s?: number;
            /**
             * Limite superior
             * Format: double
             */
            high?: number | null;
            /**
             * Manter disparado por (s)
             * @description Depois que a condição some, o alerta continua aberto por este tempo (evita flapping).
             */
            keep_firing_for_s?: number;
            /** Tipo */
            kind: components["schemas"]["RuleKindEnum"];
            /**
             * Limite inferior
             * Format: double
             */
            low?: number | null;
            /**
             * Modelo de mensagem
             * @description Campos: {device}, {point}, {value}, {low}, {high}, {state_value}.
             */
            message_template?: string;
            /**
             * Sem dados após (s)
             * @description Tipo no_data: segundos sem nenhum valor do ponto.
             */
            no_data_s?: number | null;
            /**
             * Operador
             * @description Só no tipo threshold.
             *
             *     * `above` - Acima de high
             *     * `below` - Abaixo de low
             *     * `outside` - Fora da faixa [low, high]
             */
            operator?: components["schemas"]["OperatorEnum"] | components["schemas"]["BlankEnum"];
            /**
             * Ponto
             * Format: uuid
             * @description Vazio só no tipo offline (regra do dispositivo).
             */
            point?: string | null;
            /** Gravidade */
            severity?: components["schemas"]["SeverityEnum"];
            /**
             * Valor de estado
             * @description Tipo state: valor que dispara (enum, ex.: FAULT; bool: true/false).
             */
            state_value?: string;
        };
        /**
         * Series
         * @description Série de um ponto: `kind=numeric` traz `Bucket` (agregado) ou `RawSample` (raw); `kind=state` traz
         *     mudanças de estado `(ts, value)`, a primeira sendo o estado vigente em `from`.
         */
        Series: {
            /** Data */
            data: components["schemas"]["Bucket"][] | components["schemas"]["RawSample"][];
            /** Kind */
            kind: components["schemas"]["SeriesKindEnum"];
            /** Name */
            name: string;
            /**
             * Point
             * Format: uuid
             */
            point: string;
            /** Unit */
            unit: string;
            /** Value Type */
            value_type: components["schemas"]["PointValueTypeEnum"];
        };
        /** @enum {string} */
        SeriesKindEnum: "numeric" | "state";
        /**
         * SeriesResponse
         * @description Resposta de `GET /api/data/points`.
         */
        SeriesResponse: {
            /** Agg */
            agg: components["schemas"]["DataAggEnum"];
            /**
             * Buckets From
             * @description Início do 1º bucket (só agregadas).
             * @default null
             */
            buckets_from: string | null;
            /**
             * Buckets To
             * @description Fim do último bucket (só agregadas).
             * @default null
             */
            buckets_to: string | null;
            /**
             * Device
             * Format: uuid
             */
            device: string;
            /**
             * From
             * Format: date-time
             */
            from: string;
            /** Series */
            series: components["schemas"]["Series"][];
            /**
             * To
             * Format: date-time
             */
            to: string;
            /** Tz */
            tz: string;
        };
        /**
         * @description * `critical` - Crítico
         *     * `major` - Grave
         *     * `minor` - Leve
         *     * `warning` - Aviso
         * @enum {string}
         */
        SeverityEnum: "critical" | "major" | "minor" | "warning";
        /**
         * StatusPanel
         * @description Estado atual de um ponto enumerado/booleano, com rótulos por valor.
         */
        StatusPanel: {
            /** Mappings */
            mappings?: {
                [key: string]: string;
            };
            /** Point */
            point: string;
            /** Title */
            title: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "status";
        };
        StreamTicket: {
            expires_in: number;
            stream_url: string;
            ticket: string;
        };
        TicketRequestRequest: {
            /** @description Dispositivos que o stream vai ouvir (ids do tenant). */
            devices: string[];
        };
        /**
         * TimelinePanel
         * @description Linha do tempo das mudanças de estado de um ponto.
         */
        TimelinePanel: {
            /** Mappings */
            mappings?: {
                [key: string]: string;
            };
            /** Point */
            point: string;
            /** Title */
            title: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "timeline";
        };
        /**
         * TimeseriesPanel
         * @description Série de um ou mais pontos numéricos ao longo do tempo.
         */
        TimeseriesPanel: {
            /**
             * Agg
             * @default 1m
             */
            agg: components["schemas"]["TimeseriesPanelAggEnum"];
            /**
             * Point
             * @default null
             */
            point: string | null;
            /**
             * Points
             * @default null
             */
            points: string[] | null;
            /** Title */
            title: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "timeseries";
            /**
             * Yunit
             * @default null
             */
            yUnit: string | null;
        };
        /** @enum {string} */
        TimeseriesPanelAggEnum: "raw" | "1m" | "1h";
        TokenRequestRequest: {
            /** @description Nome deste cliente (ex.: 'laptop'); padrão: User-Agent. */
            name?: string;
            password: string;
            username: string;
        };
        /**
         * TokenResponse
         * @description Resposta 201 de `POST /api/auth/token/`: use `Authorization: Bearer <token>` até `expires_at`.
         */
        TokenResponse: {
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Token */
            token: string;
        };
        TokensRevoked: {
            revoked: number;
        };
        /**
         * @description * `float` - Número real
         *     * `int` - Inteiro
         *     * `bool` - Booleano
         *     * `enum` - Enumeração
         *     * `text` - Texto
         * @enum {string}
         */
        ValueTypeEnum: "float" | "int" | "bool" | "enum" | "text";
        WebhookDelivery: {
            /**
             * Alerta (id)
             * Format: uuid
             */
            readonly alert_id: string;
            /** Tentativas */
            readonly attempts: number;
            /**
             * Criada em
             * Format: date-time
             */
            readonly created_at: string;
            /**
             * Entregue em
             * Format: date-time
             */
            readonly delivered_at: string | null;
            /** Format: uuid */
            readonly endpoint: string;
            /** Evento */
            readonly event_kind: string;
            readonly id: string;
            /** Último erro */
            readonly last_error: string;
            /** Última resposta */
            readonly last_response: string;
            /** Último código HTTP */
            readonly last_status_code: number | null;
            /**
             * Próxima tentativa
             * Format: date-time
             */
            readonly next_attempt_at: string | null;
            readonly payload: unknown;
            /** Situação */
            readonly status: components["schemas"]["WebhookDeliveryStatusEnum"];
        };
        /**
         * @description * `pending` - Aguardando envio
         *     * `retrying` - Aguardando nova tentativa
         *     * `delivered` - Entregue
         *     * `failed` - Falhou (tentativas esgotadas)
         * @enum {string}
         */
        WebhookDeliveryStatusEnum: "pending" | "retrying" | "delivered" | "failed";
        WebhookEndpoint: {
            /**
             * Criado em
             * Format: date-time
             */
            readonly created_at: string;
            /** Ativo */
            enabled?: boolean;
            /**
             * Eventos
             * @description Eventos enviados, ex.: ["raised", "cleared"]; vazio = todos.
             */
            event_kinds?: unknown;
            /** Format: uuid */
            readonly id: string;
            /**
             * Gravidade mínima
             * @description Só alertas desta gravidade ou mais graves.
             *
             *     * `critical` - Crítico
             *     * `major` - Grave
             *     * `minor` - Leve
             *     * `warning` - Aviso
             */
            min_severity?: components["schemas"]["SeverityEnum"];
            /** Nome */
            name: string;
            /** Format: uri */
            url: string;
        };
        WebhookEndpointRequest: {
            /** Ativo */
            enabled?: boolean;
            /**
             * Eventos
             * @description Eventos enviados, ex.: ["raised", "cleared"]; vazio = todos.
             */
            event_kinds?: unknown;
            /**
             * Gravidade mínima
             * @description Só alertas desta gravidade ou mais graves.
             *
             *     * `critical` - Crítico
             *     * `major` - Grave
             *     * `minor` - Leve
             *     * `warning` - Aviso
             */
            min_severity?: components["schemas"]["SeverityEnum"];
            /** Nome */
            name: string;
            /** Format: uri */
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    alerts_list: {
        parameters: {
            query?: {
                device?: string;
                from?: string;
                /** @description Número de resultados a serem retornados por página. */
                limit?: number;
                /** @description O índice inicial a partir do qual retornar os resultados. */
                offset?: number;
                severity?: string;
                state?: string;
                to?: string;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedAlertOutList"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    alerts_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este alerta. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetailOut"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    alerts_ack_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este alerta. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetailOut"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    alerts_comment_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este alerta. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CommentInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CommentInRequest"];
                "multipart/form-data": components["schemas"]["CommentInRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertEventOut"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    alerts_summary_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertSummaryOut"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    auth_token_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequestRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequestRequest"];
                "multipart/form-data": components["schemas"]["TokenRequestRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    auth_token_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    auth_tokens_list: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"][];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    auth_tokens_revoke_all: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensRevoked"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    auth_tokens_revoke: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                token_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cmd_list: {
        parameters: {
            query?: {
                /** @description device_id. */
                device?: string;
                /** @description Número de resultados a serem retornados por página. */
                limit?: number;
                /** @description O índice inicial a partir do qual retornar os resultados. */
                offset?: number;
                /**
                 * @description * `pending` - Registrado, ainda não publicado
                 *     * `sent` - Publicado (PUBACK do broker), aguardando ACK
                 *     * `acked_ok` - Executado pelo dispositivo
                 *     * `acked_error` - Recusado/falhou no dispositivo
                 *     * `timed_out` - Sem ACK dentro do prazo
                 *     * `publish_failed` - Broker não confirmou a publicação
                 */
                status?: "acked_error" | "acked_ok" | "pending" | "publish_failed" | "sent" | "timed_out";
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedCommandList"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cmd_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                cmd_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Command"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cmd_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CommandRequestRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CommandRequestRequest"];
                "multipart/form-data": components["schemas"]["CommandRequestRequest"];
            };
        };
        responses: {
            /** @description ACK recebido (`acked_ok` ou `acked_error`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Command"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Dispositivo offline; nada publicado (`device_offline`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Broker não confirmou a publicação. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Command"];
                };
            };
            /** @description Sem ACK no prazo (`timed_out`). */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Command"];
                };
            };
        };
    };
    dashboards_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardV1"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    data_export: {
        parameters: {
            query: {
                /** @description Resolução. */
                agg: "15m" | "1d" | "1h" | "1m" | "5m" | "raw";
                /** @description device_id. */
                device: string;
                /** @description Formato (csv). */
                format?: "csv" | "parquet";
                /** @description Início inclusivo, com fuso. */
                from: string;
                /** @description point_id (UUID) ou nome; repetido ou separado por vírgulas; máx. 100. */
                point: string[];
                /** @description Fim exclusivo, com fuso. */
                to: string;
                /** @description Fuso IANA dos buckets 1h/1d e dos `ts` (UTC). */
                tz?: string;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, em streaming. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.apache.parquet": string;
                    "text/csv": string;
                };
            };
            /** @description Parâmetros inválidos ou limites do export excedidos. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Dispositivo ou ponto inexistente neste tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    data_latest: {
        parameters: {
            query: {
                /** @description device_id. */
                device: string;
                /** @description Fuso IANA dos timestamps da resposta (UTC). */
                tz?: string;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LatestResponse"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    data_points: {
        parameters: {
            query: {
                /** @description Resolução; `raw` limitado a 24 h. */
                agg: "15m" | "1d" | "1h" | "1m" | "5m" | "raw";
                /** @description device_id. */
                device: string;
                /** @description Início inclusivo, com fuso. */
                from: string;
                /** @description point_id (UUID) ou nome; repetido ou separado por vírgulas; máx. 20. */
                point: string[];
                /** @description Fim exclusivo, com fuso. */
                to: string;
                /** @description Fuso IANA dos buckets 1h/1d e da resposta (UTC). */
                tz?: string;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SeriesResponse"];
                };
            };
            /** @description Parâmetros inválidos ou limites excedidos (mensagem por campo). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Dispositivo ou ponto inexistente neste tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_list: {
        parameters: {
            query?: {
                /** @description Número de resultados a serem retornados por página. */
                limit?: number;
                /** @description O índice inicial a partir do qual retornar os resultados. */
                offset?: number;
                /** @description Trecho do slug ou do nome. */
                q?: string;
                /** @description Slug do site. */
                site?: string;
                /**
                 * @description Estado no broker.
                 *
                 *     * `pending` - Aguardando o broker
                 *     * `provisioned` - Provisionado
                 *     * `failed` - Falhou (ver erro; rode rotate ou resync)
                 *     * `revoking` - Revogando no broker
                 *     * `revoked` - Revogado
                 */
                status?: "failed" | "pending" | "provisioned" | "revoked" | "revoking";
                /** @description Slug do modelo de equipamento. */
                template?: string;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedDeviceList"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceCreateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["DeviceCreateRequest"];
                "multipart/form-data": components["schemas"]["DeviceCreateRequest"];
            };
        };
        responses: {
            /** @description Criado; `mqtt.password` aparece só aqui. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceWithCredentials"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Dispositivo já existe (`conflict`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este dispositivo. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_decommission_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este dispositivo. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_move_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este dispositivo. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceMoveRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["DeviceMoveRequest"];
                "multipart/form-data": components["schemas"]["DeviceMoveRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceWithCredentials"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Slug já usado no site de destino (`conflict`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_reactivate_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este dispositivo. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceWithCredentials"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Dispositivo já ativo (`conflict`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_revoke_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este dispositivo. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_rotate_credentials_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este dispositivo. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Nova senha em `mqtt.password`, mostrada uma vez. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceWithCredentials"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Credencial revogada não pode ser rotacionada (`conflict`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    devices_bulk_create: {
        parameters: {
            query?: {
                /** @description Só simula (também aceito no corpo JSON). */
                dry_run?: boolean;
                /** @description `csv` = arquivo com as senhas. */
                output?: "csv" | "json";
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["BulkRequestRequest"];
                "text/csv": string;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkResult"];
                    "text/csv": string;
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    fleet_summary: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FleetSummary"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    points_list: {
        parameters: {
            query?: {
                /** @description device_id. */
                device?: string;
                /**
                 * @description * `true` - true
                 *     * `false` - false
                 *     * `1` - 1
                 *     * `0` - 0
                 */
                is_contracted?: "0" | "1" | "false" | "true";
                /** @description Número de resultados a serem retornados por página. */
                limit?: number;
                name?: string;
                /** @description O índice inicial a partir do qual retornar os resultados. */
                offset?: number;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedPointList"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    points_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este ponto. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Point"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    points_partial_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este ponto. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedPointLimitsRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedPointLimitsRequest"];
                "multipart/form-data": components["schemas"]["PatchedPointLimitsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Point"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rules_list: {
        parameters: {
            query?: {
                /** @description Número de resultados a serem retornados por página. */
                limit?: number;
                /** @description O índice inicial a partir do qual retornar os resultados. */
                offset?: number;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedRuleList"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rules_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["RuleRequest"];
                "multipart/form-data": components["schemas"]["RuleRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rule"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rules_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este regra. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rule"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rules_destroy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este regra. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rules_partial_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este regra. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedRuleUpdateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedRuleUpdateRequest"];
                "multipart/form-data": components["schemas"]["PatchedRuleUpdateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rule"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    stream_ticket_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TicketRequestRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["TicketRequestRequest"];
                "multipart/form-data": components["schemas"]["TicketRequestRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StreamTicket"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhook_deliveries_list: {
        parameters: {
            query?: {
                /** @description Número de resultados a serem retornados por página. */
                limit?: number;
                /** @description O índice inicial a partir do qual retornar os resultados. */
                offset?: number;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedWebhookDeliveryList"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhook_deliveries_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um valor único que identifica este entrega de webhook. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhook_deliveries_resend_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um valor único que identifica este entrega de webhook. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhooks_list: {
        parameters: {
            query?: {
                /** @description Número de resultados a serem retornados por página. */
                limit?: number;
                /** @description O índice inicial a partir do qual retornar os resultados. */
                offset?: number;
            };
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedWebhookEndpointList"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhooks_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["WebhookEndpointRequest"];
                "multipart/form-data": components["schemas"]["WebhookEndpointRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhooks_retrieve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este endpoint de webhook. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhooks_destroy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este endpoint de webhook. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhooks_partial_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path: {
                /** @description Um string UUID que identifica este endpoint de webhook. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedWebhookEndpointRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedWebhookEndpointRequest"];
                "multipart/form-data": components["schemas"]["PatchedWebhookEndpointRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ingest_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Slug do tenant. Obrigatório, a menos que o host já seja o do tenant (`<slug>.<domínio>`). */
                "X-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HttpIngestRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["HttpIngestRequest"];
                "multipart/form-data": components["schemas"]["HttpIngestRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HttpIngestResponse"];
                };
            };
            /** @description Parâmetros ou corpo inválidos (`code=validation_error`, detalhes em `errors`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem token ou token inválido/expirado (`not_authenticated`, `authentication_failed`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sem papel neste tenant ou papel insuficiente (`permission_denied`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Recurso inexistente neste tenant, ou tenant não informado (`not_found`, `tenant_required`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Método não suportado nesta rota (`method_not_allowed`). */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Formato de resposta pedido em Accept não suportado (`not_acceptable`). */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Corpo grande demais: guardado (truncado) como dead letter `oversize`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HttpIngestResponse"];
                };
            };
            /** @description Nada aceito; a mensagem foi guardada. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HttpIngestResponse"];
                };
            };
            /** @description Limite de requisições excedido (`throttled`; ver Retry-After). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Erro interno (`server_error`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Caminho desligado (sem TS_HTTP_INGEST_TOKEN). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
