-- TrakSense — edição Community (imagens de produção timescale/timescaledb*): compressão, retenção e
-- agregados contínuos nativos (ADR-002). Mesmos nomes e colunas que 020_apache.sql.
-- Nada aqui usa RLS: o isolamento é pelas views security_barrier (ADR-001), o que deixa a hypertable
-- livre para compressão e agregados contínuos (o TimescaleDB recusa os dois com RLS; FACTS §2).

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM timescaledb_information.hypertables
        WHERE hypertable_schema = 'public' AND hypertable_name = 'ts_measure' AND compression_enabled
    ) THEN
        -- segmentby por ponto: as consultas são sempre "um ponto num intervalo", e a chave única
        -- (tenant, device, point, ts) fica coberta por segmentby + orderby, como a compressão exige.
        ALTER TABLE public.ts_measure SET (
            timescaledb.compress,
            timescaledb.compress_segmentby = 'tenant_id, device_id, point_id',
            timescaledb.compress_orderby = 'ts DESC'
        );
    END IF;
END $$;
SELECT add_compression_policy('public.ts_measure', INTERVAL '7 days', if_not_exists => true);
SELECT add_retention_policy('public.ts_measure', INTERVAL '365 days', if_not_exists => true);

DO $$
BEGIN
    IF to_regclass('public.ts_measure_1m') IS NULL THEN
        CREATE MATERIALIZED VIEW public.ts_measure_1m
            WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
        SELECT time_bucket(INTERVAL '1 minute', ts) AS tb, tenant_id, device_id, point_id,
               avg(v_num) AS v_avg, min(v_num) AS v_min, max(v_num) AS v_max,
               sum(v_num) AS v_sum, count(v_num) AS v_count, last(v_num, ts) AS v_last
        FROM public.ts_measure
        WHERE v_num IS NOT NULL
        GROUP BY 1, 2, 3, 4
        WITH NO DATA;
    END IF;
    -- Agregado hierárquico: 1h a partir do 1m (média ponderada por contagem, não média de médias).
    IF to_regclass('public.ts_measure_1h') IS NULL THEN
        CREATE MATERIALIZED VIEW public.ts_measure_1h
            WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
        SELECT time_bucket(INTERVAL '1 hour', tb) AS tb, tenant_id, device_id, point_id,
               sum(v_sum) / NULLIF(sum(v_count), 0) AS v_avg, min(v_min) AS v_min, max(v_max) AS v_max,
               sum(v_sum) AS v_sum, sum(v_count)::bigint AS v_count, last(v_last, tb) AS v_last
        FROM public.ts_measure_1m
        GROUP BY 1, 2, 3, 4
        WITH NO DATA;
    END IF;
    -- Hierárquicos da issue 16: 5m e 15m a partir do 1m e 1d (dias UTC) a partir do 1h.
    IF to_regclass('public.ts_measure_5m') IS NULL THEN
        CREATE MATERIALIZED VIEW public.ts_measure_5m
            WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
        SELECT time_bucket(INTERVAL '5 minutes', tb) AS tb, tenant_id, device_id, point_id,
               sum(v_sum) / NULLIF(sum(v_count), 0) AS v_avg, min(v_min) AS v_min, max(v_max) AS v_max,
               sum(v_sum) AS v_sum, sum(v_count)::bigint AS v_count, last(v_last, tb) AS v_last
        FROM public.ts_measure_1m
        GROUP BY 1, 2, 3, 4
        WITH NO DATA;
    END IF;
    IF to_regclass('public.ts_measure_15m') IS NULL THEN
        CREATE MATERIALIZED VIEW public.ts_measure_15m
            WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
        SELECT time_bucket(INTERVAL '15 minutes', tb) AS tb, tenant_id, device_id, point_id,
               sum(v_sum) / NULLIF(sum(v_count), 0) AS v_avg, min(v_min) AS v_min, max(v_max) AS v_max,
               sum(v_sum) AS v_sum, sum(v_count)::bigint AS v_count, last(v_last, tb) AS v_last
        FROM public.ts_measure_1m
        GROUP BY 1, 2, 3, 4
        WITH NO DATA;
    END IF;
    IF to_regclass('public.ts_measure_1d') IS NULL THEN
        CREATE MATERIALIZED VIEW public.ts_measure_1d
            WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
        SELECT time_bucket(INTERVAL '1 day', tb) AS tb, tenant_id, device_id, point_id,
               sum(v_sum) / NULLIF(sum(v_count), 0) AS v_avg, min(v_min) AS v_min, max(v_max) AS v_max,
               sum(v_sum) AS v_sum, sum(v_count)::bigint AS v_count, last(v_last, tb) AS v_last
        FROM public.ts_measure_1h
        GROUP BY 1, 2, 3, 4
        WITH NO DATA;
    END IF;
END $$;

-- Janela de refresh de 30 dias: dados atrasados até 30 dias entram sozinhos; mais antigos pedem
-- refresh_continuous_aggregate manual (docs/operations.md). Nunca cobre a área já removida pela retenção.
SELECT add_continuous_aggregate_policy('public.ts_measure_1m',
    start_offset => INTERVAL '30 days', end_offset => INTERVAL '1 minute',
    schedule_interval => INTERVAL '1 minute', if_not_exists => true);
SELECT add_continuous_aggregate_policy('public.ts_measure_1h',
    start_offset => INTERVAL '30 days', end_offset => INTERVAL '1 hour',
    schedule_interval => INTERVAL '15 minutes', if_not_exists => true);
-- A API lê a parte ainda não materializada de cada nível do nível abaixo (services.rollup_tails).
SELECT add_continuous_aggregate_policy('public.ts_measure_5m',
    start_offset => INTERVAL '30 days', end_offset => INTERVAL '5 minutes',
    schedule_interval => INTERVAL '5 minutes', if_not_exists => true);
SELECT add_continuous_aggregate_policy('public.ts_measure_15m',
    start_offset => INTERVAL '30 days', end_offset => INTERVAL '15 minutes',
    schedule_interval => INTERVAL '5 minutes', if_not_exists => true);
SELECT add_continuous_aggregate_policy('public.ts_measure_1d',
    start_offset => INTERVAL '30 days', end_offset => INTERVAL '1 day',
    schedule_interval => INTERVAL '1 hour', if_not_exists => true);

-- Na Community, os agregados contínuos rastreiam invalidações sozinhos: anotar escrita é um no-op,
-- mantido para que o ingest e a API usem o mesmo código nas duas edições.
CREATE OR REPLACE FUNCTION public.ts_note_write(p_lo timestamptz, p_hi timestamptz) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT NULL::void $$;

-- No-op aqui: as políticas nativas fazem o trabalho (e são listadas pelo timeseries_status).
CREATE OR REPLACE FUNCTION public.ts_refresh_rollups() RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT 0 $$;
-- Retenção: os chunks caem pela política nativa; as dead letters (tabela comum) são limpas aqui, pelo
-- mesmo job do beat que na edição Apache. Prazo de public.ts_policy; só o worker executa (issue 11).
DROP FUNCTION IF EXISTS public.ts_apply_retention(integer);
CREATE OR REPLACE FUNCTION public.ts_apply_retention() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    v_days integer;
BEGIN
    SELECT retention_days INTO v_days FROM public.ts_policy;
    IF v_days IS NULL OR v_days < 1 THEN
        RAISE EXCEPTION 'ts_apply_retention: política de retenção ausente ou inválida (%)', v_days;
    END IF;
    DELETE FROM public.ingest_errors WHERE received_at < now() - make_interval(days => v_days);
    RETURN 0;
END $$;

REVOKE ALL ON public.ts_measure_1m, public.ts_measure_5m, public.ts_measure_15m, public.ts_measure_1h, public.ts_measure_1d FROM PUBLIC;
REVOKE ALL ON FUNCTION public.ts_note_write(timestamptz, timestamptz), public.ts_refresh_rollups(),
    public.ts_apply_retention() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.ts_note_write(timestamptz, timestamptz) TO {{api_role}}, {{ingest_role}};
-- Manutenção só pelo worker (a API perde o EXECUTE que tinha antes; REVOKE explícito para bancos antigos).
REVOKE ALL ON FUNCTION public.ts_refresh_rollups() FROM {{api_role}};
GRANT EXECUTE ON FUNCTION public.ts_refresh_rollups(), public.ts_apply_retention() TO {{worker_role}};
