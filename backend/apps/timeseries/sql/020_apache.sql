-- TrakSense — rollups e retenção na edição Apache (ADR-002): mesmos nomes e colunas da Community,
-- mantidos por funções do projeto chamadas por um job agendado (Celery beat).

CREATE TABLE IF NOT EXISTS public.ts_measure_1m (
    tb        timestamptz NOT NULL,
    tenant_id uuid NOT NULL,
    device_id uuid NOT NULL,
    point_id  uuid NOT NULL,
    v_avg     double precision,
    v_min     double precision,
    v_max     double precision,
    v_sum     double precision,
    v_count   bigint NOT NULL,
    v_last    double precision,
    CONSTRAINT ts_measure_1m_pk PRIMARY KEY (tenant_id, device_id, point_id, tb)
);
CREATE TABLE IF NOT EXISTS public.ts_measure_1h (LIKE public.ts_measure_1m);
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ts_measure_1h_pk') THEN
        ALTER TABLE public.ts_measure_1h
            ADD CONSTRAINT ts_measure_1h_pk PRIMARY KEY (tenant_id, device_id, point_id, tb);
    END IF;
END $$;

-- Rollups de 15 min (do 1m) e de 1 dia UTC (do 1h), issue 16: servem 7 d @ 15m e 90 d @ 1d sem reagregar
-- dezenas de milhares de linhas por requisição. Mesmas colunas; mesmos nomes na Community (agregados contínuos).
CREATE TABLE IF NOT EXISTS public.ts_measure_15m (LIKE public.ts_measure_1m);
CREATE TABLE IF NOT EXISTS public.ts_measure_1d (LIKE public.ts_measure_1m);
-- Rollup de 5 min (do 1m): 24 h @ 5m de 10 pontos lia 14.400 linhas do 1m por requisição; daqui, 2.880.
CREATE TABLE IF NOT EXISTS public.ts_measure_5m (LIKE public.ts_measure_1m);
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ts_measure_5m_pk') THEN
        ALTER TABLE public.ts_measure_5m
            ADD CONSTRAINT ts_measure_5m_pk PRIMARY KEY (tenant_id, device_id, point_id, tb);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ts_measure_15m_pk') THEN
        ALTER TABLE public.ts_measure_15m
            ADD CONSTRAINT ts_measure_15m_pk PRIMARY KEY (tenant_id, device_id, point_id, tb);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ts_measure_1d_pk') THEN
        ALTER TABLE public.ts_measure_1d
            ADD CONSTRAINT ts_measure_1d_pk PRIMARY KEY (tenant_id, device_id, point_id, tb);
    END IF;
END $$;

-- Registro de invalidação: quem grava telemetria anota (tenant, menor ts, maior ts) na MESMA transação,
-- via ts_note_write(). O refresh consome só as linhas visíveis ao seu snapshot, então escrita concorrente
-- nunca se perde: sua anotação fica para o próximo ciclo. Dados atrasados entram pelo mesmo caminho.
CREATE TABLE IF NOT EXISTS public.ts_rollup_invalidation (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL,
    lo        timestamptz NOT NULL,
    hi        timestamptz NOT NULL,
    logged_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS public.ts_rollup_state (
    level        text PRIMARY KEY,
    refreshed_at timestamptz NOT NULL
);

CREATE OR REPLACE FUNCTION public.ts_note_write(p_lo timestamptz, p_hi timestamptz) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    v_tenant uuid := public.current_tenant_id();
BEGIN
    -- Só anota para o tenant da transação: um papel não invalida (nem descobre) dados de outro tenant.
    IF v_tenant IS NULL THEN
        RAISE EXCEPTION 'ts_note_write: app.tenant_id não definido nesta transação';
    END IF;
    INSERT INTO public.ts_rollup_invalidation (tenant_id, lo, hi) VALUES (v_tenant, p_lo, p_hi);
END $$;

-- Recalcula os buckets 1m, 5m, 15m, 1h e 1d de um tenant num intervalo (idempotente: apaga e reinsere).
CREATE OR REPLACE FUNCTION public.ts_recompute_rollups(p_tenant uuid, p_lo timestamptz, p_hi timestamptz)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    v_lo_m timestamptz := time_bucket(INTERVAL '1 minute', p_lo);
    v_hi_m timestamptz := time_bucket(INTERVAL '1 minute', p_hi) + INTERVAL '1 minute';
    v_lo_h timestamptz := time_bucket(INTERVAL '1 hour', p_lo);
    v_hi_h timestamptz := time_bucket(INTERVAL '1 hour', p_hi) + INTERVAL '1 hour';
    v_lo_f timestamptz := time_bucket(INTERVAL '5 minutes', p_lo);
    v_hi_f timestamptz := time_bucket(INTERVAL '5 minutes', p_hi) + INTERVAL '5 minutes';
    v_lo_q timestamptz := time_bucket(INTERVAL '15 minutes', p_lo);
    v_hi_q timestamptz := time_bucket(INTERVAL '15 minutes', p_hi) + INTERVAL '15 minutes';
    v_lo_d timestamptz := time_bucket(INTERVAL '1 day', p_lo);
    v_hi_d timestamptz := time_bucket(INTERVAL '1 day', p_hi) + INTERVAL '1 day';
BEGIN
    DELETE FROM public.ts_measure_1m WHERE tenant_id = p_tenant AND tb >= v_lo_m AND tb < v_hi_m;
    INSERT INTO public.ts_measure_1m (tb, tenant_id, device_id, point_id,
                                      v_avg, v_min, v_max, v_sum, v_count, v_last)
    SELECT time_bucket(INTERVAL '1 minute', ts), tenant_id, device_id, point_id,
           avg(v_num), min(v_num), max(v_num), sum(v_num), count(v_num), last(v_num, ts)
    FROM public.ts_measure
    WHERE tenant_id = p_tenant AND ts >= v_lo_m AND ts < v_hi_m AND v_num IS NOT NULL
    GROUP BY 1, 2, 3, 4;

    DELETE FROM public.ts_measure_1h WHERE tenant_id = p_tenant AND tb >= v_lo_h AND tb < v_hi_h;
    INSERT INTO public.ts_measure_1h (tb, tenant_id, device_id, point_id,
                                      v_avg, v_min, v_max, v_sum, v_count, v_last)
    SELECT time_bucket(INTERVAL '1 hour', tb), tenant_id, device_id, point_id,
           sum(v_sum) / NULLIF(sum(v_count), 0), min(v_min), max(v_max), sum(v_sum), sum(v_count),
           last(v_last, tb)
    FROM public.ts_measure_1m
    WHERE tenant_id = p_tenant AND tb >= v_lo_h AND tb < v_hi_h
    GROUP BY 1, 2, 3, 4;

    -- 5m a partir do 1m (os buckets de 5 min cabem inteiros nos minutos recalculados acima).
    DELETE FROM public.ts_measure_5m WHERE tenant_id = p_tenant AND tb >= v_lo_f AND tb < v_hi_f;
    INSERT INTO public.ts_measure_5m (tb, tenant_id, device_id, point_id,
                                      v_avg, v_min, v_max, v_sum, v_count, v_last)
    SELECT time_bucket(INTERVAL '5 minutes', tb), tenant_id, device_id, point_id,
           sum(v_sum) / NULLIF(sum(v_count), 0), min(v_min), max(v_max), sum(v_sum), sum(v_count),
           last(v_last, tb)
    FROM public.ts_measure_1m
    WHERE tenant_id = p_tenant AND tb >= v_lo_f AND tb < v_hi_f
    GROUP BY 1, 2, 3, 4;

    -- 15m a partir do 1m (os buckets de 15 min cabem inteiros nos minutos recalculados acima).
    DELETE FROM public.ts_measure_15m WHERE tenant_id = p_tenant AND tb >= v_lo_q AND tb < v_hi_q;
    INSERT INTO public.ts_measure_15m (tb, tenant_id, device_id, point_id,
                                       v_avg, v_min, v_max, v_sum, v_count, v_last)
    SELECT time_bucket(INTERVAL '15 minutes', tb), tenant_id, device_id, point_id,
           sum(v_sum) / NULLIF(sum(v_count), 0), min(v_min), max(v_max), sum(v_sum), sum(v_count),
           last(v_last, tb)
    FROM public.ts_measure_1m
    WHERE tenant_id = p_tenant AND tb >= v_lo_q AND tb < v_hi_q
    GROUP BY 1, 2, 3, 4;

    -- 1d (dias UTC) a partir do 1h: o dia inteiro é recalculado a partir das horas já atualizadas.
    DELETE FROM public.ts_measure_1d WHERE tenant_id = p_tenant AND tb >= v_lo_d AND tb < v_hi_d;
    INSERT INTO public.ts_measure_1d (tb, tenant_id, device_id, point_id,
                                      v_avg, v_min, v_max, v_sum, v_count, v_last)
    SELECT time_bucket(INTERVAL '1 day', tb), tenant_id, device_id, point_id,
           sum(v_sum) / NULLIF(sum(v_count), 0), min(v_min), max(v_max), sum(v_sum), sum(v_count),
           last(v_last, tb)
    FROM public.ts_measure_1h
    WHERE tenant_id = p_tenant AND tb >= v_lo_d AND tb < v_hi_d
    GROUP BY 1, 2, 3, 4;
END $$;

-- Um ciclo de refresh: consome as invalidações visíveis, funde intervalos por tenant e recalcula.
-- Devolve quantos intervalos recalculou (nenhum dado de telemetria sai da função).
CREATE OR REPLACE FUNCTION public.ts_refresh_rollups() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    r record;
    v_count integer := 0;
BEGIN
    -- Um refresh por vez (o beat pode sobrepor execuções lentas).
    IF NOT pg_try_advisory_xact_lock(hashtext('traksense.ts_refresh_rollups')) THEN
        RETURN 0;
    END IF;
    FOR r IN
        WITH consumed AS (
            DELETE FROM public.ts_rollup_invalidation RETURNING tenant_id, lo, hi
        ), minutes AS (
            -- Alinha ao minuto: sob ingest contínuo, cada ciclo recalcula só os minutos tocados desde o
            -- anterior (o 1h é derivado do 1m, barato). Intervalos sobrepostos são fundidos abaixo.
            SELECT tenant_id,
                   time_bucket(INTERVAL '1 minute', lo) AS lo_h,
                   time_bucket(INTERVAL '1 minute', hi) + INTERVAL '1 minute' AS hi_h
            FROM consumed
        ), ordered AS (
            SELECT tenant_id, lo_h, hi_h,
                   CASE WHEN lo_h <= max(hi_h) OVER w THEN 0 ELSE 1 END AS starts_group
            FROM minutes
            WINDOW w AS (PARTITION BY tenant_id ORDER BY lo_h, hi_h
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ), grouped AS (
            SELECT tenant_id, lo_h, hi_h,
                   sum(starts_group) OVER (PARTITION BY tenant_id ORDER BY lo_h, hi_h) AS grp
            FROM ordered
        )
        SELECT tenant_id, min(lo_h) AS lo, max(hi_h) - INTERVAL '1 microsecond' AS hi
        FROM grouped GROUP BY tenant_id, grp
    LOOP
        PERFORM public.ts_recompute_rollups(r.tenant_id, r.lo, r.hi);
        v_count := v_count + 1;
    END LOOP;
    INSERT INTO public.ts_rollup_state (level, refreshed_at) VALUES ('1m', now()), ('5m', now()), ('15m', now()), ('1h', now()), ('1d', now())
        ON CONFLICT (level) DO UPDATE SET refreshed_at = excluded.refreshed_at;
    RETURN v_count;
END $$;

-- Retenção: drop_chunks funciona na edição Apache (add_retention_policy não). O prazo vem de
-- public.ts_policy (nunca de um argumento) e só o papel do worker executa (issue 11).
DROP FUNCTION IF EXISTS public.ts_apply_retention(integer);
CREATE OR REPLACE FUNCTION public.ts_apply_retention() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    v_days integer;
    v_dropped integer;
BEGIN
    SELECT retention_days INTO v_days FROM public.ts_policy;
    IF v_days IS NULL OR v_days < 1 THEN
        RAISE EXCEPTION 'ts_apply_retention: política de retenção ausente ou inválida (%)', v_days;
    END IF;
    SELECT count(*) INTO v_dropped
    FROM drop_chunks('public.ts_measure', older_than => now() - make_interval(days => v_days));
    DELETE FROM public.ingest_errors WHERE received_at < now() - make_interval(days => v_days);
    RETURN v_dropped;
END $$;

REVOKE ALL ON public.ts_measure_1m, public.ts_measure_5m, public.ts_measure_15m, public.ts_measure_1h, public.ts_measure_1d,
    public.ts_rollup_invalidation,
    public.ts_rollup_state FROM PUBLIC;
REVOKE ALL ON FUNCTION public.ts_note_write(timestamptz, timestamptz),
    public.ts_recompute_rollups(uuid, timestamptz, timestamptz),
    public.ts_refresh_rollups(), public.ts_apply_retention() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.ts_note_write(timestamptz, timestamptz) TO {{api_role}}, {{ingest_role}};
-- Manutenção só pelo worker (a API perde o EXECUTE que tinha antes; REVOKE explícito para bancos antigos).
REVOKE ALL ON FUNCTION public.ts_refresh_rollups() FROM {{api_role}};
GRANT EXECUTE ON FUNCTION public.ts_refresh_rollups(), public.ts_apply_retention() TO {{worker_role}};
