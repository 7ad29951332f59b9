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

-- Um ACK só vale vindo do dispositivo a quem o comando foi enviado (issue 11): outro dispositivo do mesmo
-- tenant pode publicar no próprio tópico `ack` um cmd_id alheio (a ACL permite), e isso não pode concluir o
-- comando. O gatilho confere o destino do comando no schema do tenant (`commands_command.device_id`); um
-- ACK de outro dispositivo vira dead letter `ack_device_mismatch` em ingest_errors e não entra em cmd_ack
-- (nem bloqueia o ACK legítimo, que ainda pode chegar). cmd_id desconhecido segue gravado como antes (não
-- casa com comando nenhum). SECURITY DEFINER: os papéis de serviço não leem schemas de outros tenants
-- aqui, só o dono, com o nome do schema vindo da tabela de tenants e citado por format(%I).
CREATE OR REPLACE FUNCTION public.cmd_ack_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_schema text;
    v_target uuid;
    v_topic  text;
BEGIN
    IF to_regclass('public.tenancy_tenant') IS NULL THEN
        RETURN NEW;  -- banco sem os metadados do Django (testes só de SQL): não há comando a conferir
    END IF;
    SELECT schema_name INTO v_schema FROM public.tenancy_tenant WHERE uuid = NEW.tenant_id;
    IF v_schema IS NULL OR to_regclass(format('%I.commands_command', v_schema)) IS NULL THEN
        RETURN NEW;
    END IF;
    EXECUTE format('SELECT device_id FROM %I.commands_command WHERE cmd_id = $1', v_schema)
        INTO v_target USING NEW.cmd_id;
    IF v_target IS NULL OR v_target = NEW.device_id THEN
        RETURN NEW;
    END IF;
    SELECT format('traksense/%s/%s/%s/ack', tenant_slug, site_slug, device_slug) INTO v_topic
        FROM public.registry_device_route WHERE device_id = NEW.device_id;
    INSERT INTO public.ingest_errors (tenant_id, source, topic, payload, reason, detail)
    VALUES (
        NEW.tenant_id, 'mqtt', coalesce(v_topic, 'ack'), convert_to(NEW.payload::text, 'UTF8'),
        'ack_device_mismatch',
        format('ACK do comando %s publicado pelo dispositivo %s, mas o comando foi enviado ao dispositivo %s; '
               'ignorado', NEW.cmd_id, NEW.device_id, v_target)
    );
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION public.cmd_ack_guard() FROM PUBLIC;
DROP TRIGGER IF EXISTS cmd_ack_guard ON public.cmd_ack;
CREATE TRIGGER cmd_ack_guard BEFORE INSERT ON public.cmd_ack
    FOR EACH ROW EXECUTE FUNCTION public.cmd_ack_guard();

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
