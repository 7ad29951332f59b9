-- TrakSense — armazenamento de telemetria comum às duas edições do TimescaleDB (ADR-001, ADR-002).
-- Idempotente: pode ser reaplicado sem erro. Executado pelo papel dono (migrações).
-- Placeholders {{api_role}} e {{ingest_role}} são substituídos pelo carregador (Python e Node).

-- Tenant corrente da transação. NULLIF porque current_setting(..., true) devolve '' depois que a
-- conexão já tocou a variável; sem tenant => NULL => nenhuma linha casa (FACTS §2).
CREATE OR REPLACE FUNCTION public.current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

-- Colunas exatamente as da especificação (contrato; 000 §6).
CREATE TABLE IF NOT EXISTS public.ts_measure (
    tenant_id  uuid NOT NULL,
    device_id  uuid NOT NULL,
    point_id   uuid NOT NULL,
    ts         timestamptz NOT NULL,
    v_num      double precision,
    v_bool     boolean,
    v_text     text,
    unit       text,
    qual       smallint DEFAULT 0,
    meta       jsonb
);

-- Chunks diários; o índice padrão (ts DESC) é mantido: é o que o refresh de rollups e a retenção varrem.
SELECT create_hypertable(
    'public.ts_measure', 'ts',
    chunk_time_interval => INTERVAL '1 day',
    if_not_exists => true
);

-- Chave única: uma mensagem reentregue nunca duplica linha (INSERT ... ON CONFLICT DO NOTHING).
-- Também é o índice das consultas por ponto (tenant, device, point, intervalo de ts).
-- O índice (tenant_id, ts DESC) da especificação não é criado: nenhuma consulta o usa e cada índice
-- custa vazão de ingest (FACTS §3; números em docs/benchmarks.md).
CREATE UNIQUE INDEX IF NOT EXISTS ts_measure_tenant_device_point_ts_uniq
    ON public.ts_measure (tenant_id, device_id, point_id, ts DESC);

-- Fila de mensagens inválidas (dead letters): nada é descartado em silêncio.
CREATE TABLE IF NOT EXISTS public.ingest_errors (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    tenant_id   uuid,
    source      text NOT NULL DEFAULT 'mqtt',
    topic       text NOT NULL,
    payload     bytea NOT NULL,
    reason      text NOT NULL,
    detail      text
);
CREATE INDEX IF NOT EXISTS ingest_errors_tenant_received_idx
    ON public.ingest_errors (tenant_id, received_at DESC);
CREATE INDEX IF NOT EXISTS ingest_errors_received_idx
    ON public.ingest_errors (received_at DESC);

-- Política de manutenção (uma linha), gravada pelo dono em cada `migrate_all` a partir de TS_RETENTION_DAYS.
-- As funções de manutenção leem daqui: o prazo de retenção não é argumento de quem as chama (issue 11).
CREATE TABLE IF NOT EXISTS public.ts_policy (
    id             boolean PRIMARY KEY DEFAULT true CHECK (id),
    retention_days integer NOT NULL CHECK (retention_days >= 1)
);
INSERT INTO public.ts_policy (retention_days) VALUES (365) ON CONFLICT (id) DO NOTHING;
REVOKE ALL ON public.ts_policy FROM PUBLIC;

-- Caminho isolado por tenant (ADR-001): view security_barrier com CHECK OPTION. Os papéis de serviço só
-- têm privilégio nas views; a hypertable, os chunks e os rollups ficam inacessíveis a eles.
CREATE OR REPLACE VIEW public.tenant_ts_measure WITH (security_barrier) AS
    SELECT tenant_id, device_id, point_id, ts, v_num, v_bool, v_text, unit, qual, meta
    FROM public.ts_measure
    WHERE tenant_id = public.current_tenant_id()
    WITH CASCADED CHECK OPTION;

CREATE OR REPLACE VIEW public.tenant_ingest_errors WITH (security_barrier) AS
    SELECT id, received_at, tenant_id, source, topic, payload, reason, detail
    FROM public.ingest_errors
    WHERE tenant_id = public.current_tenant_id();

REVOKE ALL ON public.ts_measure, public.ingest_errors FROM PUBLIC;
REVOKE ALL ON public.ts_measure, public.ingest_errors FROM {{api_role}}, {{ingest_role}};
REVOKE ALL ON public.tenant_ts_measure, public.tenant_ingest_errors FROM PUBLIC;
GRANT SELECT, INSERT ON public.tenant_ts_measure TO {{api_role}}, {{ingest_role}};
GRANT SELECT ON public.tenant_ingest_errors TO {{api_role}};
-- O ingest (MQTT) e a API (caminho HTTP `POST /ingest`) gravam dead letters mesmo sem tenant conhecido,
-- mas não leem nenhuma fora da view isolada.
GRANT INSERT ON public.ingest_errors TO {{ingest_role}}, {{api_role}};
