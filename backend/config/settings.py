"""Settings únicos da TrakSense: tudo vem do ambiente e falta de segredo obrigatório falha cedo.

O mesmo módulo serve API, workers Celery e comandos de gestão. Os papéis de banco mudam só pela URL:
`DATABASE_URL` (papel da API, sem privilégio de dono) em runtime e `DATABASE_OWNER_URL` para migrações,
que os scripts injetam como `DATABASE_URL` (ver scripts/dev.sh e docs/adr/ADR-001).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Leitor do ambiente (django-environ): tipos e URLs de banco; o .env é carregado pelos scripts, não aqui.
ENV = environ.Env()


def get_mandatory_env(name: str) -> str:
    """Lê uma variável obrigatória; a ausência é erro de configuração, nunca um default silencioso."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"Variável de ambiente obrigatória ausente: {name}. "
            "Copie .env.example para .env (ou rode `make up`, que gera um)."
        )
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """1/true/yes/on (e os demais verdadeiros do django-environ) como verdadeiro."""
    return bool(ENV.bool(name, default=default))


def database_from_url(url: str) -> dict[str, object]:
    """Converte uma URL postgresql:// (django-environ) no dicionário DATABASES do django-tenants."""
    if urlsplit(url).scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"DATABASE_URL precisa ser postgresql://, recebido {urlsplit(url).scheme!r}")
    config = ENV.db_url_config(url, engine="django_tenants.postgresql_backend")
    return {
        **config,
        "HOST": config["HOST"] or "127.0.0.1",
        "PORT": str(config["PORT"] or 5432),
        # Cada request da API é uma transação: é dentro dela que app.tenant_id é fixado (set_config local).
        "ATOMIC_REQUESTS": True,
        "CONN_MAX_AGE": ENV.int("DJANGO_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"application_name": os.environ.get("TS_APP_NAME", "traksense-api")},
    }


SECRET_KEY = get_mandatory_env("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,.localhost,api").split(",")
    if h.strip()
]

DATABASES = {"default": database_from_url(get_mandatory_env("DATABASE_URL"))}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

# --- django-tenants -------------------------------------------------------------------------------
TENANT_MODEL = "tenancy.Tenant"
TENANT_DOMAIN_MODEL = "tenancy.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls"
# Requisição sem domínio cadastrado e sem X-Tenant cai no schema público (admin, healthz, auth).
SHOW_PUBLIC_IF_NO_TENANT_FOUND = True
# Nome do cabeçalho HTTP que escolhe o tenant para clientes de API que falam com um único host.
TENANT_HEADER = "HTTP_X_TENANT"
# `SET search_path` uma vez por troca de tenant na conexão, não antes de cada comando (issue 16: era metade das idas
# ao banco de uma requisição). Seguro nesta versão do django-tenants: rollback e rollback de savepoint esquecem o
# valor e o SET é reemitido; set_tenant/set_schema_to_public (o middleware, a cada requisição) também.
TENANT_LIMIT_SET_CALLS = True
# Segundos que cada processo da API guarda o tenant resolvido pelo X-Tenant (apps.core.middleware); 0 desliga.
TS_TENANT_CACHE_SECONDS = float(os.environ.get("TS_TENANT_CACHE_SECONDS", "5"))

SHARED_APPS = [
    "django_tenants",
    "apps.tenancy",
    "apps.core",
    "apps.registry",
    "apps.timeseries",
    "apps.catalog",
    "apps.broker",
    "apps.alerts",
    "apps.live",
    "jazzmin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "corsheaders",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "apps.sites",
    "apps.devices",
    "apps.commands",
    "apps.rules",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

MIDDLEWARE = [
    # Primeiro: o preflight CORS (OPTIONS) é respondido antes da resolução de tenant.
    "corsheaders.middleware.CorsMiddleware",
    "apps.core.middleware.TenantHeaderOrHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Estáticos do admin servidos pelo próprio gunicorn (sem nginx na stack local nem no Compose).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "tenancy.User"
# Sessão só existe no admin (a API usa Bearer): o login do Jazzmin aberto direto (sem ?next=) volta ao admin, e não
# ao /accounts/profile/ padrão do Django, que aqui é 404 (achado do teste no navegador).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "pt-br"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR.parent / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Sem collectstatic (dev/testes), o WhiteNoise procura nos apps como o runserver faria.
WHITENOISE_USE_FINDERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    # Bearer para o frontend; sessão para o admin e a API navegável (exige CSRF).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.core.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Todo erro no formato problem details (RFC 9457): apps.core.problems.
    "EXCEPTION_HANDLER": "apps.core.problems.exception_handler",
    # Só JSON: a API navegável (HTML) não é usada pelo frontend e não conhece o escopo de tenant.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DATETIME_FORMAT": "iso-8601",
    # Freio de login (apps.core.throttling): falhas por usuário e por IP, janela no cache Redis.
    "DEFAULT_THROTTLE_RATES": {
        "login_username": os.environ.get("TS_LOGIN_FAILURES_PER_USERNAME", "5/min"),
        "login_ip": os.environ.get("TS_LOGIN_FAILURES_PER_IP", "30/min"),
    },
    # Proxies confiáveis na frente da API: 0 = IP do cliente é o REMOTE_ADDR (X-Forwarded-For ignorado, senão
    # qualquer um trocaria de "IP" a cada tentativa e escaparia do freio por IP).
    "NUM_PROXIES": int(os.environ.get("TS_NUM_PROXIES", "0")),
}
# Erros do Django fora do DRF também no formato de problema.
CSRF_FAILURE_VIEW = "apps.core.problems.csrf_failure"

SPECTACULAR_SETTINGS = {
    "TITLE": "TrakSense API",
    "DESCRIPTION": (
        "API multi-tenant de monitoramento IoT (dispositivos, dashboards, séries temporais e comandos).\n\n"
        "**Tenant**: toda rota de tenant exige o cabeçalho `X-Tenant: <slug>` ou o hostname do tenant "
        "(`<slug>.<domínio>`). **Autenticação**: `Authorization: Bearer <token>` (POST /api/auth/token/). "
        "**Erros**: sempre `application/problem+json` (RFC 9457) com `code` estável — schema `Problem`. "
        "**Datas**: RFC 3339; UTC com `Z`."
    ),
    "VERSION": "1.0.0",
    # 3.1: os DTOs Pydantic usam `null` como tipo (JSON Schema 2020-12), como o OpenAPI 3.1.
    "OAS_VERSION": "3.1.0",
    # Corpo de pedido e de resposta como componentes separados (clientes gerados distinguem os dois).
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI e Redoc servidos da própria API (pacote drf-spectacular-sidecar), sem CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["apps.core.openapi.drop_slash_twins"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.openapi.postprocess_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CommandStatusEnum": "apps.commands.choices.CommandStatus",
        "SeverityEnum": "apps.alerts.choices.Severity",
        "AlertStateEnum": "apps.alerts.choices.AlertState",
        "AlertSeverityEnum": "contracts.alerts.SEVERITIES",
        "AlertStateNameEnum": "contracts.alerts.ALERT_STATES",
        "ProvisioningStatusEnum": "apps.devices.choices.ProvisioningStatus",
        "ValueTypeEnum": "apps.registry.choices.ValueType",
        # As mesmas escolhas vindas dos DTOs Pydantic (sem rótulos): nomes estáveis para os clientes gerados.
        "PointValueTypeEnum": "contracts.mqtt.VALUE_TYPES",
        "DeviceProvisioningStatusEnum": "contracts.api.PROVISIONING_STATUSES",
        "DataAggEnum": "contracts.api.AGGS",
    },
    "TAGS": [
        {"name": "auth", "description": "Token Bearer."},
        {"name": "devices", "description": "Dispositivos, credenciais MQTT e provisionamento."},
        {"name": "points", "description": "Pontos e limites."},
        {"name": "dashboards", "description": "DashboardConfig (JSON `schema: v1`)."},
        {"name": "data", "description": "Séries e últimos valores."},
        {"name": "commands", "description": "Comandos com espera do ACK e auditoria."},
        {"name": "ingest", "description": "Caminho HTTP de ingestão (regra do EMQX)."},
        {"name": "health", "description": "Saúde."},
    ],
}

# --- CORS (frontend SPA em outra origem) -----------------------------------------------------------
# Lista separada por vírgulas de origens exatas (ex.: https://app.traksense.com.br); vazio = nenhuma.
CORS_ALLOWED_ORIGINS = [o.strip() for o in os.environ.get("TS_CORS_ALLOWED_ORIGINS", "").split(",") if o.strip()]
CORS_ALLOW_HEADERS = (*default_cors_headers, "x-tenant")
CORS_EXPOSE_HEADERS = ["Retry-After", "WWW-Authenticate"]
# Bearer no cabeçalho, não cookie: sem credenciais de navegador entre origens.
CORS_ALLOW_CREDENTIALS = False

# Segredo do `POST /ingest` (regra HTTP do EMQX); vazio = caminho desligado (503).
TS_HTTP_INGEST_TOKEN = os.environ.get("TS_HTTP_INGEST_TOKEN", "")
API_TOKEN_TTL_SECONDS = int(os.environ.get("API_TOKEN_TTL_SECONDS", str(12 * 3600)))

# --- Celery / Redis -------------------------------------------------------------------------------
REDIS_URL = get_mandatory_env("REDIS_URL")
# Cache compartilhado entre os processos da API (o freio de login precisa ver as falhas de todos).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "traksense",
    }
}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# Fila nomeada por ambiente: a suíte de testes usa outra (scripts/dev.sh test), para que um worker do
# `make up` na mesma máquina nunca consuma tarefas dos testes.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("TS_CELERY_QUEUE", "traksense")
CELERY_BEAT_SCHEDULE = {
    # Edição Apache: o próprio projeto mantém os rollups e a retenção (ADR-002). Na Community as tarefas
    # detectam a edição e não fazem nada, pois as políticas nativas cuidam disso.
    "timeseries-refresh-rollups": {
        "task": "apps.timeseries.tasks.refresh_rollups",
        "schedule": timedelta(seconds=int(os.environ.get("TS_ROLLUP_REFRESH_SECONDS", "30"))),
    },
    # ACKs tardios (depois do prazo da request) também acabam no Command, mesmo que ninguém consulte.
    "commands-reconcile-late-acks": {
        "task": "apps.commands.tasks.reconcile_late_acks",
        "schedule": timedelta(seconds=int(os.environ.get("TS_CMD_RECONCILE_SECONDS", "60"))),
    },
    "core-purge-expired-tokens": {
        "task": "apps.core.tasks.purge_expired_tokens",
        "schedule": timedelta(hours=1),
    },
    # Rede de segurança dos webhooks: entrega cuja tarefa se perdeu volta para a fila.
    "rules-requeue-stale-deliveries": {
        "task": "rules.requeue_stale_deliveries",
        "schedule": timedelta(seconds=60),
    },
    "timeseries-apply-retention": {
        "task": "apps.timeseries.tasks.apply_retention",
        "schedule": timedelta(seconds=int(os.environ.get("TS_RETENTION_RUN_SECONDS", "3600"))),
    },
}

# --- Eventos ao vivo (SSE, apps.live; ADR-004) -------------------------------------------------------
# Retenção do Redis Stream de cada tenant (entradas, MAXLEN ~): janela de retomada por Last-Event-ID.
LIVE_STREAM_MAXLEN = int(os.environ.get("TS_LIVE_STREAM_MAXLEN", "10000"))
# Heartbeat do SSE (comentário após N s sem escrever; também renova a concessão do limite de streams).
SSE_HEARTBEAT_SECONDS = float(os.environ.get("TS_SSE_HEARTBEAT_SECONDS", "15"))
SSE_RETRY_MS = int(os.environ.get("TS_SSE_RETRY_MS", "3000"))
SSE_TICKET_TTL_SECONDS = int(os.environ.get("TS_SSE_TICKET_TTL_SECONDS", "30"))
SSE_MAX_STREAMS_PER_USER = int(os.environ.get("TS_SSE_MAX_STREAMS_PER_USER", "5"))
SSE_MAX_STREAMS_PER_TENANT = int(os.environ.get("TS_SSE_MAX_STREAMS_PER_TENANT", "200"))
SSE_MAX_DEVICES = int(os.environ.get("TS_SSE_MAX_DEVICES", "50"))
# Duração máxima de um stream: depois disso o cliente reautentica (ticket novo) e retoma pelo Last-Event-ID.
SSE_MAX_SECONDS = float(os.environ.get("TS_SSE_MAX_SECONDS", "3600"))

# --- MQTT -----------------------------------------------------------------------------------------
MQTT_HOST = os.environ.get("MQTT_HOST", "127.0.0.1")
MQTT_PORT = int(os.environ.get("MQTT_PORT", "1883"))
# Conta de serviço com que a API publica comandos em traksense/+/+/+/cmd (ADR-003).
MQTT_API_USER = os.environ.get("TS_MQTT_API_USER", "")
MQTT_API_PASSWORD = os.environ.get("TS_MQTT_API_PASSWORD", "")

# --- Comandos (ADR-003) ----------------------------------------------------------------------------
# Prazo padrão de espera pelo ACK e o teto para o `timeout` pedido por request (segura um worker no máximo isso).
CMD_ACK_TIMEOUT_SECONDS = float(os.environ.get("TS_CMD_ACK_TIMEOUT_SECONDS", "5"))
CMD_ACK_TIMEOUT_MAX_SECONDS = float(os.environ.get("TS_CMD_ACK_TIMEOUT_MAX_SECONDS", "30"))
# Prazo para o broker confirmar (PUBACK) a publicação QoS 1.
CMD_PUBLISH_TIMEOUT_SECONDS = float(os.environ.get("TS_CMD_PUBLISH_TIMEOUT_SECONDS", "5"))
# Endereço do broker informado ao dispositivo na criação (pode diferir do endereço interno).
MQTT_PUBLIC_HOST = os.environ.get("TS_MQTT_PUBLIC_HOST", MQTT_HOST)
MQTT_PUBLIC_PORT = int(os.environ.get("TS_MQTT_PUBLIC_PORT", str(MQTT_PORT)))
# CA (PEM) que o dispositivo usa para verificar o broker (localmente, a CA de dev gerada pelo stack). Com ela
# o endereço público é TLS; sem ela, TS_MQTT_PUBLIC_TLS=1 indica TLS com certificado de CA pública.
MQTT_PUBLIC_CA_FILE = os.environ.get("TS_MQTT_PUBLIC_CA_FILE", "")
MQTT_PUBLIC_TLS = os.environ.get("TS_MQTT_PUBLIC_TLS", "1" if MQTT_PUBLIC_CA_FILE else "0") == "1"
# Provisionamento de dispositivos (apps.broker): `mosquitto` (dynsec local) ou `emqx` (produção, lê o banco).
MQTT_BACKEND = os.environ.get("TS_MQTT_BACKEND", "mosquitto")
MQTT_ADMIN_USER = os.environ.get("TS_MQTT_ADMIN_USER", "")
MQTT_ADMIN_PASSWORD = os.environ.get("TS_MQTT_ADMIN_PASSWORD", "")
EMQX_API_URL = os.environ.get("EMQX_API_URL", "")
EMQX_API_KEY = os.environ.get("EMQX_API_KEY", "")
EMQX_API_SECRET = os.environ.get("EMQX_API_SECRET", "")
# Retry das tarefas de broker: backoff exponencial base * 2^n (teto 300 s), até N tentativas extras.
BROKER_SYNC_MAX_RETRIES = int(os.environ.get("TS_BROKER_SYNC_MAX_RETRIES", "8"))
BROKER_SYNC_BACKOFF_BASE = float(os.environ.get("TS_BROKER_SYNC_BACKOFF_BASE", "2"))

# --- Telemetria -----------------------------------------------------------------------------------
TS_RETENTION_DAYS = int(os.environ.get("TS_RETENTION_DAYS", "365"))
# API de dados: minutos mais recentes agregados do bruto (precisa ser > intervalo de refresh dos rollups) e
# horas mais recentes lidas do rollup 1m (vazio = conforme a edição; ver apps.timeseries.services.rollup_tails).
TS_DATA_RAW_TAIL_SECONDS = int(os.environ.get("TS_DATA_RAW_TAIL_SECONDS", "300"))
_hourly_tail = os.environ.get("TS_DATA_HOURLY_TAIL_SECONDS", "").strip()
TS_DATA_HOURLY_TAIL_SECONDS = int(_hourly_tail) if _hourly_tail else None

JAZZMIN_SETTINGS = {
    "site_title": "TrakSense Admin",
    "site_header": "TrakSense",
    "site_brand": "TrakSense",
    "welcome_sign": "Painel interno da TrakSense (internal_ops)",
    "show_ui_builder": False,
}


# --- Papéis do banco (ADR-001) ---------------------------------------------------------------------
TS_DB_OWNER_ROLE = os.environ.get("TS_DB_OWNER_ROLE", "traksense_owner")
TS_DB_API_ROLE = os.environ.get("TS_DB_API_ROLE", "traksense_api")
TS_DB_INGEST_ROLE = os.environ.get("TS_DB_INGEST_ROLE", "traksense_ingest")
# Workers/beat do Celery: herda os GRANTs da API e é o único que roda a manutenção (retenção, rollups).
TS_DB_WORKER_ROLE = os.environ.get("TS_DB_WORKER_ROLE", "traksense_worker")

# --- Observabilidade (infra, issue 15) -------------------------------------------------------------
# Logs JSON com request_id (API) e task_id (workers), no formato do ingest; métricas Prometheus por rota
# e status em /metrics (apps.core.observability). TS_LOG_FORMAT=plain para leitura humana.
# Bearer exigido por GET /metrics da API (vazio = aberto, só para dev local; ver apps.core.views.metrics).
METRICS_TOKEN = os.environ.get("TS_METRICS_TOKEN", "")
MIDDLEWARE = ["apps.core.observability.middleware.ObservabilityMiddleware", *MIDDLEWARE]
# Em modo multiprocesso o prometheus_client grava um arquivo por processo já ao criar a primeira métrica (que
# pode ser de um módulo importado pelas URLs, ex.: ingest.live): o diretório tem de existir antes disso.
if _prom_dir := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(_prom_dir, exist_ok=True)
TS_LOG_FORMAT = os.environ.get("TS_LOG_FORMAT", "json").strip().lower()
if TS_LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"TS_LOG_FORMAT={TS_LOG_FORMAT!r} inválido (use json ou plain)")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "apps.core.observability.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "apps.core.observability.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": TS_LOG_FORMAT, "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # O access log é o do middleware; o do runserver (django.server) duplicaria cada linha.
    "loggers": {"django.server": {"level": "WARNING"}},
}
# --- fim do bloco de observabilidade ---------------------------------------------------------------

# --- Regras, alertas e webhooks (ADR-005) -----------------------------------------------------------
# Streams de avaliação: o ingest publica (ingest/events.py, mesmas variáveis) e o avaliador consome.
EVAL_REDIS_URL = os.environ.get("TS_EVAL_REDIS_URL") or REDIS_URL
EVAL_STREAM_PREFIX = os.environ.get("TS_EVAL_STREAM_PREFIX", "traksense:eval")
EVAL_PARTITIONS = int(os.environ.get("TS_EVAL_PARTITIONS", "4"))
EVAL_GROUP = os.environ.get("TS_EVAL_GROUP", "traksense-eval")
# Prioridade de CPU do avaliador (nice, 0-19): com a CPU saturada, a avaliação atrasa (fila no stream) em vez de
# a ingestão perder vazão; o avaliador drena a fila quando a CPU sobra (ADR-005, benchmark de regras).
EVAL_NICE = int(os.environ.get("TS_EVAL_NICE", "10"))
# SCHED_IDLE (padrão): além do nice, um processo normal que acorda desaloja o avaliador na hora. Dentro de um
# contêiner só pesa contra processos do mesmo contêiner; entre contêineres vale o `cpu_shares` do Compose.
EVAL_SCHED_IDLE = os.environ.get("TS_EVAL_SCHED_IDLE", "1").lower() in ("1", "true", "yes")
# Entradas lidas por partição a cada XREADGROUP. Com fila (a avaliação atrasou), um lote maior junta mais valores
# da mesma regra: uma trava e um UPDATE por regra valem para todos eles (benchmark de regras: 500 → 2000 cortou
# ~1/3 da CPU do PostgreSQL na avaliação). Sem fila, o lote é o que chegou: o tamanho não atrasa nada.
EVAL_BATCH = int(os.environ.get("TS_EVAL_BATCH", "2000"))
# Varredura sem dado novo (for_s, keep_firing_for_s, no_data): no máximo 10 s, por contrato.
EVAL_SWEEP_SECONDS = min(float(os.environ.get("TS_EVAL_SWEEP_SECONDS", "5")), 10.0)
# Webhooks: endereços privados/loopback só com esta chave (os testes ligam; produção não).
WEBHOOK_ALLOW_PRIVATE = os.environ.get("TS_WEBHOOK_ALLOW_PRIVATE", "0").lower() in ("1", "true", "yes")
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("TS_WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_BACKOFF_BASE_S = float(os.environ.get("TS_WEBHOOK_BACKOFF_BASE_S", "5"))
WEBHOOK_BACKOFF_MAX_S = float(os.environ.get("TS_WEBHOOK_BACKOFF_MAX_S", "3600"))
WEBHOOK_TIMEOUT_S = float(os.environ.get("TS_WEBHOOK_TIMEOUT_S", "10"))
