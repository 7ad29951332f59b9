-- TrakSense — views isoladas por tenant sobre os rollups (as duas edições; ADR-001).
-- Sobre um agregado contínuo a view security_barrier funciona igual (verificado no PGlite/TSL).

CREATE OR REPLACE VIEW public.tenant_ts_measure_1m WITH (security_barrier) AS
    SELECT tb, tenant_id, device_id, point_id, v_avg, v_min, v_max, v_sum, v_count, v_last
    FROM public.ts_measure_1m
    WHERE tenant_id = public.current_tenant_id();

CREATE OR REPLACE VIEW public.tenant_ts_measure_1h WITH (security_barrier) AS
    SELECT tb, tenant_id, device_id, point_id, v_avg, v_min, v_max, v_sum, v_count, v_last
    FROM public.ts_measure_1h
    WHERE tenant_id = public.current_tenant_id();

CREATE OR REPLACE VIEW public.tenant_ts_measure_5m WITH (security_barrier) AS
    SELECT tb, tenant_id, device_id, point_id, v_avg, v_min, v_max, v_sum, v_count, v_last
    FROM public.ts_measure_5m
    WHERE tenant_id = public.current_tenant_id();

CREATE OR REPLACE VIEW public.tenant_ts_measure_15m WITH (security_barrier) AS
    SELECT tb, tenant_id, device_id, point_id, v_avg, v_min, v_max, v_sum, v_count, v_last
    FROM public.ts_measure_15m
    WHERE tenant_id = public.current_tenant_id();

CREATE OR REPLACE VIEW public.tenant_ts_measure_1d WITH (security_barrier) AS
    SELECT tb, tenant_id, device_id, point_id, v_avg, v_min, v_max, v_sum, v_count, v_last
    FROM public.ts_measure_1d
    WHERE tenant_id = public.current_tenant_id();

REVOKE ALL ON public.tenant_ts_measure_1m, public.tenant_ts_measure_5m, public.tenant_ts_measure_15m,
    public.tenant_ts_measure_1h, public.tenant_ts_measure_1d FROM PUBLIC;
GRANT SELECT ON public.tenant_ts_measure_1m, public.tenant_ts_measure_5m, public.tenant_ts_measure_15m,
    public.tenant_ts_measure_1h, public.tenant_ts_measure_1d TO {{api_role}};
