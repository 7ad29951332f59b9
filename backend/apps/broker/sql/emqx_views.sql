-- TrakSense — o que o EMQX lê do PostgreSQL (infra/emqx/emqx.conf). Aplicado pela migração
-- broker/0002 (papel dono) e reaplicável: CREATE OR REPLACE. Credencial revogada (is_active = false)
-- some das duas views: login recusado e nenhuma regra => `no_match = deny`.
CREATE OR REPLACE VIEW public.emqx_mqtt_user AS
    SELECT c.username, c.password_hash, c.salt, false AS is_superuser
    FROM public.broker_mqtt_credential c
    WHERE c.is_active;

CREATE OR REPLACE VIEW public.emqx_mqtt_acl AS
    SELECT a.username, a.permission, a.action, a.topic
    FROM public.broker_mqtt_acl a
    JOIN public.broker_mqtt_credential c ON c.username = a.username
    WHERE c.is_active;

REVOKE ALL ON public.emqx_mqtt_user, public.emqx_mqtt_acl FROM PUBLIC;
