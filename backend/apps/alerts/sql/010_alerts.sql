-- TrakSense — armazenamento de alertas (ADR-005), isolado por tenant como a telemetria (ADR-001).
-- Idempotente. Executado pelo papel dono; {{api_role}} é substituído pelo carregador.

CREATE TABLE IF NOT EXISTS public.alert (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    device_id   uuid NOT NULL,
    point_id    uuid,
    rule_id     uuid NOT NULL,
    rule_kind   text NOT NULL,
    state       text NOT NULL
        CHECK (state IN ('active_unack', 'active_ack', 'cleared_unack', 'cleared_ack')),
    severity    text NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'warning')),
    message     text NOT NULL,
    started_at  timestamptz NOT NULL,
    cleared_at  timestamptz,
    acked_at    timestamptz,
    acked_by    text,
    peak_value  double precision,
    last_value  double precision,
    last_text   text,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Estado e instantes nunca se contradizem (o banco recusa um alerta "limpo" sem cleared_at etc.).
    CONSTRAINT alert_cleared_consistent CHECK ((state LIKE 'cleared_%') = (cleared_at IS NOT NULL)),
    CONSTRAINT alert_acked_consistent CHECK ((state IN ('active_ack', 'cleared_ack')) = (acked_at IS NOT NULL))
);

-- No máximo UM alerta aberto por (dispositivo, regra), garantido pelo banco e não pelo Python: dois
-- avaliadores concorrentes fazem INSERT ... ON CONFLICT DO NOTHING e só um vence.
CREATE UNIQUE INDEX IF NOT EXISTS alert_one_open_per_rule
    ON public.alert (tenant_id, device_id, rule_id) WHERE cleared_at IS NULL;
CREATE INDEX IF NOT EXISTS alert_tenant_started_idx ON public.alert (tenant_id, started_at DESC);
CREATE INDEX IF NOT EXISTS alert_tenant_open_idx ON public.alert (tenant_id, severity) WHERE cleared_at IS NULL;

-- Histórico de cada alerta: raised, escalated, acked, cleared, commented, notified.
CREATE TABLE IF NOT EXISTS public.alert_event (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL,
    alert_id  uuid NOT NULL REFERENCES public.alert (id) ON DELETE CASCADE,
    ts        timestamptz NOT NULL DEFAULT now(),
    kind      text NOT NULL
        CHECK (kind IN ('raised', 'escalated', 'acked', 'cleared', 'commented', 'notified')),
    actor     text,
    detail    jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS alert_event_alert_idx ON public.alert_event (alert_id, id);

CREATE OR REPLACE VIEW public.tenant_alert WITH (security_barrier) AS
    SELECT id, tenant_id, device_id, point_id, rule_id, rule_kind, state, severity, message, started_at,
           cleared_at, acked_at, acked_by, peak_value, last_value, last_text, updated_at
    FROM public.alert
    WHERE tenant_id = public.current_tenant_id()
    WITH CASCADED CHECK OPTION;

CREATE OR REPLACE VIEW public.tenant_alert_event WITH (security_barrier) AS
    SELECT id, tenant_id, alert_id, ts, kind, actor, detail
    FROM public.alert_event
    WHERE tenant_id = public.current_tenant_id()
    WITH CASCADED CHECK OPTION;

REVOKE ALL ON public.alert, public.alert_event FROM PUBLIC;
REVOKE ALL ON public.tenant_alert, public.tenant_alert_event FROM PUBLIC;
-- A API e os workers (avaliador, notificações) usam o papel da API; nada de DELETE: alerta é histórico.
GRANT SELECT, INSERT, UPDATE ON public.tenant_alert TO {{api_role}};
GRANT SELECT, INSERT ON public.tenant_alert_event TO {{api_role}};
