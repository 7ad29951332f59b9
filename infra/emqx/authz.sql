-- TrakSense — papel de leitura do EMQX (produção). Rodar UMA vez como superusuário/DBA no banco do
-- projeto, DEPOIS das migrações (que criam as views em public; ver backend/apps/broker/sql/emqx_views.sql):
--   psql "$DATABASE_SUPERUSER_URL_DO_BANCO" -v emqx_password='...' -f infra/emqx/authz.sql
-- (no Compose: passo único `emqx-role`; conferido contra o PostgreSQL real em tests/infra/test_emqx_auth_queries.py)
-- O EMQX só enxerga as duas views: nada de tabelas de credencial, tenants ou telemetria.

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'traksense_emqx') THEN
        CREATE ROLE traksense_emqx LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
END $$;
-- :'var' = o psql cita o valor como literal (aspas no segredo não quebram o comando).
ALTER ROLE traksense_emqx PASSWORD :'emqx_password';
-- Conexões curtas e consultas baratas: limite o estrago de um EMQX mal configurado.
ALTER ROLE traksense_emqx CONNECTION LIMIT 64;
ALTER ROLE traksense_emqx SET statement_timeout = '2s';

-- Banco corrente (traksense no Compose; o banco de teste nos testes): nada de nome fixo.
DO $$ BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO traksense_emqx', current_database());
END $$;
GRANT USAGE ON SCHEMA public TO traksense_emqx;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM traksense_emqx;
GRANT SELECT ON public.emqx_mqtt_user, public.emqx_mqtt_acl TO traksense_emqx;

-- Consultas que o emqx.conf usa (para conferir à mão com o papel do EMQX):
--   autenticação: ver `query` em emqx.conf (client id = usuário; contas de serviço sem ponto: `<usuário>-...`)
--   autorização:  SELECT permission, action, topic FROM public.emqx_mqtt_acl WHERE username = $1
