-- TrakSense — fluxos não numéricos por dispositivo, gravados pelo ingest (as duas edições; ADR-001):
-- conectividade (tópico state, LWT retido), eventos e alarmes (event/alarm) e ACKs de comando (ack).
-- Mesmo padrão da telemetria: tabelas sem GRANT aos serviços, views security_barrier por tenant.

-- Conectividade: uma linha por dispositivo, atualizada por upsert a cada mensagem de state.
CREATE TABLE IF NOT EXISTS public.device_status (
    tenant_id  uuid NOT NULL,
    device_id  uuid NOT NULL,
    online     boolean NOT NULL,
    state      jsonb,
    last_seen  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT device_status_pk PRIMARY KEY (tenant_id, device_id)
);

-- Eventos e alarmes publicados pelo dispositivo (payload original preservado em jsonb).
CREATE TABLE IF NOT EXISTS public.device_event (
    tenant_id   uuid NOT NULL,
    device_id   uuid NOT NULL,
    ts          timestamptz NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('event', 'alarm')),
    code        text,
    severity    text,
    payload     jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    -- Reentrega MQTT não duplica: o mesmo (dispositivo, tipo, ts, código) é a mesma ocorrência.
    CONSTRAINT device_event_uniq UNIQUE NULLS NOT DISTINCT (tenant_id, device_id, kind, ts, code)
);
CREATE INDEX IF NOT EXISTS device_event_device_ts_idx ON public.device_event (tenant_id, device_id, ts DESC);

-- ACKs de comando (000 §5): {"schema":"v1","cmd_id":"ulid","ok":true,"ts_exec":"...","err":null}.
-- Um ACK por cmd_id (o primeiro vale; reentregas são ignoradas). NOTIFY avisa quem espera (API).
CREATE TABLE IF NOT EXISTS public.cmd_ack (
    tenant_id   uuid NOT NULL,
    device_id   uuid NOT NULL,
    cmd_id      text NOT NULL,
    ok          boolean NOT NULL,
    ts_exec     timestamptz,
    err         text,
    payload     jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cmd_ack_pk PRIMARY KEY (tenant_id, cmd_id)
);

CREATE OR REPLACE FUNCTION public.cmd_ack_notify() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- Canal único; o payload leva só o cmd_id (sem dados do tenant além do identificador do comando).
    PERFORM pg_notify('traksense_cmd_ack', NEW.cmd_id);
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS cmd_ack_notify ON public.cmd_ack;
CREATE TRIGGER cmd_ack_notify AFTER INSERT ON public.cmd_ack
    FOR EACH ROW EXECUTE FUNCTION public.cmd_ack_notify();

CREATE OR REPLACE VIEW public.tenant_device_status WITH (security_barrier) AS
    SELECT tenant_id, device_id, online, state, last_seen, updated_at
    FROM public.device_status
    WHERE tenant_id = public.current_tenant_id()
    WITH CASCADED CHECK OPTION;

CREATE OR REPLACE VIEW public.tenant_device_event WITH (security_barrier) AS
    SELECT tenant_id, device_id, ts, kind, code, severity, payload, received_at
    FROM public.device_event
    WHERE tenant_id = public.current_tenant_id()
    WITH CASCADED CHECK OPTION;

CREATE OR REPLACE VIEW public.tenant_cmd_ack WITH (security_barrier) AS
    SELECT tenant_id, device_id, cmd_id, ok, ts_exec, err, payload, received_at
    FROM public.cmd_ack
    WHERE tenant_id = public.current_tenant_id()
    WITH CASCADED CHECK OPTION;

REVOKE ALL ON public.device_status, public.device_event, public.cmd_ack FROM PUBLIC;
REVOKE ALL ON public.tenant_device_status, public.tenant_device_event, public.tenant_cmd_ack FROM PUBLIC;
-- Ingest grava (upsert de status precisa de UPDATE); a API lê.
GRANT SELECT, INSERT, UPDATE ON public.tenant_device_status TO {{ingest_role}};
GRANT SELECT, INSERT ON public.tenant_device_event, public.tenant_cmd_ack TO {{ingest_role}};
GRANT SELECT ON public.tenant_device_status, public.tenant_device_event, public.tenant_cmd_ack TO {{api_role}};
