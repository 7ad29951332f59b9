#!/usr/bin/env bash
# TrakSense — serviços locais de desenvolvimento SEM Docker.
#
# Sobe PostgreSQL 17 + TimescaleDB, Mosquitto 2.0 (dynamic security) e Redis 8
# dentro de um root Debian trixie (chroot) construído uma única vez com mmdebstrap
# e guardado em cache. Não usa nem toca nos serviços da máquina (5432/1883/6379):
# as portas vêm de <repo>/.env (TS_PG_PORT, TS_MQTT_PORT, TS_REDIS_PORT).
# Cada serviço mora em scripts/lib/<serviço>.sh (root, pg, redis, mosquitto); aqui ficam a
# configuração efetiva e os verbos.
#
# Uso: scripts/stack.sh <comando> [args]
#   up       cria .env (se faltar), o root (se faltar) e sobe os serviços (idempotente)
#   down     para os serviços desta instância (idempotente)
#   status   uma linha por serviço; sai != 0 se algum serviço esperado estiver fora
#   reset    down + apaga os dados desta instância (nunca o root)
#   env      imprime as variáveis de conexão efetivas (formato `export K=V`)
#   psql     abre o psql como superusuário no banco do projeto (args repassados)
#   instance imprime o nome da instância efetiva
#   stop-service pg|mqtt|redis    para um serviço só (testes de confiabilidade do ingest)
#   start-service pg|mqtt|redis   sobe de novo um serviço parado com stop-service
#
# Variáveis de ambiente (também aceitas no .env; o ambiente vence o .env):
#   TRAKSENSE_CACHE     diretório do cache (padrão ~/.cache/traksense)
#   TRAKSENSE_INSTANCE  nome da instância (padrão "env-<hash do segredo do .env>"); cada instância tem seus
#                       dados em <root>/srv/traksense/<instância>, permitindo vários
#                       checkouts lado a lado (com portas diferentes no .env de cada um)
#   DATABASE_URL / REDIS_URL / MQTT_HOST
#                       se já vierem definidos pelo chamador com valor diferente do .env
#                       (ex.: stack do Compose), o serviço correspondente é tratado como
#                       EXTERNO e não é iniciado aqui.
#   TS_STACK_PROFILE    dev (padrão) ou test: `test` opera a instância "<instância>-test", com
#                       PostgreSQL/Redis/Mosquitto próprios nas portas do .env + TS_TEST_PORT_OFFSET
#                       (padrão 5); é o que `scripts/dev.sh test` usa, para nunca tocar o `make up`.
#   TS_MQTT_TLS_PORT    listener TLS dos dispositivos (padrão TS_MQTT_PORT + 1)
#
# Layout (caminhos dentro do root; no host, prefixe com o caminho do root):
#   /srv/traksense/<inst>/pg         PGDATA (postgresql.conf inclui traksense.conf)
#   /srv/traksense/<inst>/mosquitto  mosquitto.conf, dynamic-security.json, data/
#   /srv/traksense/<inst>/tls        CA e certificado do servidor do listener TLS (ca.crt é público)
#   /srv/traksense/<inst>/redis      diretório de trabalho + pid do Redis
#   /srv/traksense/<inst>/log        postgresql.log, mosquitto.log, redis.log
#   /tmp                             socket unix do PostgreSQL (/var/run do root é symlink)
#
# Requer root (chroot/mmdebstrap), exceto `env`.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=scripts/lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=scripts/lib/env.sh
source "$SCRIPT_DIR/lib/env.sh"
# shellcheck source=scripts/lib/root.sh
source "$SCRIPT_DIR/lib/root.sh"
# shellcheck source=scripts/lib/pg.sh
source "$SCRIPT_DIR/lib/pg.sh"
# shellcheck source=scripts/lib/redis.sh
source "$SCRIPT_DIR/lib/redis.sh"
# shellcheck source=scripts/lib/mosquitto.sh
source "$SCRIPT_DIR/lib/mosquitto.sh"

REPO="$(repo_root)"

# ---------------------------------------------------------------------------
# Configuração efetiva
# ---------------------------------------------------------------------------

# Um serviço é "externo" se o chamador já definiu a variável (antes de ler o .env)
# com valor não vazio e diferente do que está no .env. Comparar com o .env evita
# falso positivo quando o shell do chamador já exportou o próprio .env (ex.: Makefile
# com `include .env` / `export`), caso em que a URL aponta para este stack mesmo.
_is_external() {
    local var="$1" file_val
    [[ -n "${!var:-}" ]] || return 1
    if file_val="$(env_file_value "$var" "$REPO/.env")"; then
        [[ "${!var}" != "$file_val" ]]
    else
        return 0
    fi
}

# Valida que uma variável existe e é uma porta TCP.
_require_port() {
    local var="$1"
    [[ -n "${!var:-}" ]] || die "$var não definida (confira $REPO/.env contra .env.example)"
    if [[ ! "${!var}" =~ ^[0-9]+$ ]] || ((${!var} < 1 || ${!var} > 65535)); then
        die "$var='${!var}' não é uma porta válida"
    fi
}

_require_var() {
    local var
    for var in "$@"; do
        [[ -n "${!var:-}" ]] || die "$var não definida (confira $REPO/.env contra .env.example)"
    done
}

# URL com outra porta (postgresql://u:s@h:PORTA/db, redis://h:PORTA/n).
_url_with_port() {
    sed -E "s#^([a-z0-9+]+://([^@/]*@)?[^:/?]+):[0-9]+#\\1:$2#" <<<"$1"
}

# Perfil `test` (TS_STACK_PROFILE=test, usado por scripts/dev.sh test): a instância `<instância>-test`, com
# PostgreSQL, Redis e Mosquitto próprios nas portas do .env + TS_TEST_PORT_OFFSET (padrão 5). Tudo é
# derivado do que está no ARQUIVO .env (não do ambiente): chamar de novo com o ambiente de teste já
# exportado dá o mesmo resultado. Serviços nunca são externos neste perfil.
_apply_test_profile() {
    local offset="${TS_TEST_PORT_OFFSET:-5}" var val port
    [[ "$offset" =~ ^[1-9][0-9]?$ ]] || die "TS_TEST_PORT_OFFSET='$offset' inválido (1 a 99)"
    for var in TS_PG_PORT TS_MQTT_PORT TS_REDIS_PORT; do
        val="$(env_file_value "$var" "$REPO/.env")" || die "$var ausente em $REPO/.env"
        [[ "$val" =~ ^[0-9]+$ ]] || die "$var='$val' no .env não é uma porta"
        printf -v "$var" '%s' "$((val + offset))"
        export "${var?}"
    done
    for var in DATABASE_SUPERUSER_URL DATABASE_OWNER_URL DATABASE_URL INGEST_DATABASE_URL; do
        val="$(env_file_value "$var" "$REPO/.env")" || continue
        printf -v "$var" '%s' "$(_url_with_port "$val" "$TS_PG_PORT")"
        export "${var?}"
    done
    val="$(env_file_value REDIS_URL "$REPO/.env")" || val="redis://127.0.0.1:6379/0"
    REDIS_URL="$(_url_with_port "$val" "$TS_REDIS_PORT")"
    MQTT_HOST=127.0.0.1 MQTT_PORT="$TS_MQTT_PORT" TS_MQTT_TLS_PORT="$((TS_MQTT_PORT + 1))"
    # Dispositivos dos testes recebem o listener TLS da instância de teste.
    TS_MQTT_PUBLIC_HOST=127.0.0.1 TS_MQTT_PUBLIC_PORT="$TS_MQTT_TLS_PORT"
    export REDIS_URL MQTT_HOST MQTT_PORT TS_MQTT_TLS_PORT TS_MQTT_PUBLIC_HOST TS_MQTT_PUBLIC_PORT
    # Onde está o broker de `make up` (o teste que prova que a suíte não o perturba).
    TS_DEV_MQTT_PORT="$(env_file_value TS_MQTT_PORT "$REPO/.env")"
    TS_DEV_INSTANCE="$BASE_INSTANCE"
    export TS_DEV_MQTT_PORT TS_DEV_INSTANCE
}

# Carrega .env, detecta serviços externos e calcula caminhos. Chamada uma vez por comando.
init_config() {
    ensure_env "$REPO"
    STACK_PROFILE="${TS_STACK_PROFILE:-dev}"
    [[ "$STACK_PROFILE" == dev || "$STACK_PROFILE" == test ]] ||
        die "TS_STACK_PROFILE='$STACK_PROFILE' inválido (use dev ou test)"
    # A detecção de externos precisa olhar o ambiente ANTES de load_env.
    PG_EXTERNAL=0 REDIS_EXTERNAL=0 MQTT_EXTERNAL=0
    if [[ "$STACK_PROFILE" == dev ]]; then
        if _is_external DATABASE_URL; then PG_EXTERNAL=1; fi
        if _is_external REDIS_URL; then REDIS_EXTERNAL=1; fi
        if _is_external MQTT_HOST; then MQTT_EXTERNAL=1; fi
    fi
    load_env "$REPO/.env"

    CACHE_DIR="${TRAKSENSE_CACHE:-${HOME:-/root}/.cache/traksense}"
    ROOT="$CACHE_DIR/trixie-root"
    # Sem TRAKSENSE_INSTANCE, a instância é a identidade do .env (hash do segredo do superusuário): um
    # clone novo (novo .env, novas senhas) nunca reaproveita dados inicializados com outras senhas, e o
    # mesmo .env sempre reencontra os seus dados.
    if [[ -z "${TRAKSENSE_INSTANCE:-}" ]]; then
        _require_var TS_PG_SUPERPASSWORD
        BASE_INSTANCE="env-$(printf '%s' "$TS_PG_SUPERPASSWORD" | sha256sum | cut -c1-12)"
    else
        BASE_INSTANCE="$TRAKSENSE_INSTANCE"
    fi
    INSTANCE="$BASE_INSTANCE"
    if [[ "$STACK_PROFILE" == test ]]; then
        INSTANCE="$BASE_INSTANCE-test"
        _apply_test_profile
    fi
    # O nome vira caminho e é alvo de `rm -rf` no reset: só caracteres seguros.
    [[ "$INSTANCE" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$ ]] ||
        die "TRAKSENSE_INSTANCE='$INSTANCE' inválido (use letras, números, '.', '_' ou '-')"

    INST="/srv/traksense/$INSTANCE" # caminho dentro do root
    HINST="$ROOT$INST"              # o mesmo diretório visto do host

    PG_DATA="$INST/pg"
    PG_LOG="$INST/log/postgresql.log"
    MQ_DIR="$INST/mosquitto"
    MQ_CONF="$MQ_DIR/mosquitto.conf"
    MQ_DYNSEC="$MQ_DIR/dynamic-security.json"
    MQ_PID="$MQ_DIR/mosquitto.pid"
    MQ_LOG="$INST/log/mosquitto.log"
    # TLS do listener dos dispositivos: CA e certificado do servidor gerados no host (scripts/dev_tls.py).
    # Fora do diretório do Mosquitto (modo 700) para a CA ser legível por quem conecta.
    MQ_TLS="$INST/tls"
    TS_MQTT_TLS_PORT="${TS_MQTT_TLS_PORT:-$((TS_MQTT_PORT + 1))}"
    TS_MQTT_CA_FILE="$HINST/tls/ca.crt"
    REDIS_DIR="$INST/redis"
    REDIS_PID="$REDIS_DIR/redis.pid"
    REDIS_LOG="$INST/log/redis.log"

    if ((!PG_EXTERNAL)); then
        _require_port TS_PG_PORT
        _require_var TS_PG_SUPERPASSWORD
    fi
    if ((!REDIS_EXTERNAL)); then _require_port TS_REDIS_PORT; fi
    if ((!MQTT_EXTERNAL)); then
        _require_port TS_MQTT_PORT
        _require_port TS_MQTT_TLS_PORT
        _require_var TS_MQTT_ADMIN_USER TS_MQTT_ADMIN_PASSWORD \
            TS_MQTT_INGEST_USER TS_MQTT_INGEST_PASSWORD TS_MQTT_API_USER TS_MQTT_API_PASSWORD
    fi
}

# ---------------------------------------------------------------------------
# Comandos
# ---------------------------------------------------------------------------

cmd_up() {
    require_root_user up
    lock_instance
    ensure_root
    prepare_instance_dirs
    pg_up
    if ((!PG_EXTERNAL)); then run_db_bootstrap; fi
    redis_up
    mq_up
    cmd_status
}

cmd_down() {
    require_root_user down
    lock_instance
    if [[ ! -d "$ROOT" ]]; then
        log "root $ROOT não existe; nada a parar"
        return 0
    fi
    # Para tudo o que estiver rodando localmente, mesmo que agora o serviço seja
    # considerado externo (ex.: subiu local e depois exportou DATABASE_URL).
    mq_down
    redis_down
    pg_down
}

cmd_reset() {
    require_root_user reset
    cmd_down
    # Defesa extra antes do rm -rf: o alvo tem de ser exatamente <root>/srv/traksense/<inst>.
    [[ -n "$INSTANCE" && "$HINST" == "$ROOT/srv/traksense/$INSTANCE" ]] || die "caminho da instância inesperado: $HINST"
    if [[ -d "$HINST" ]]; then
        log "apagando dados da instância '$INSTANCE': $HINST"
        rm -rf -- "$HINST"
    else
        log "instância '$INSTANCE' não tem dados ($HINST não existe)"
    fi
}

# Mascara a senha de uma URL (user:senha@ -> user:***@).
_mask_url() {
    sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"
}

# Testa alcance de um serviço externo a partir de uma URL (ou host + porta padrão).
_external_line() {
    local name="$1" var="$2" url="$3" default_port="$4" host port
    if [[ "$url" =~ ^[a-z0-9+]+://([^@/]*@)?([^:/?]+)(:([0-9]+))? ]]; then
        host="${BASH_REMATCH[2]}"
        port="${BASH_REMATCH[4]:-$default_port}"
    else
        host="$url"
        port="$default_port"
    fi
    if tcp_open "$host" "$port"; then
        printf '%-11s %-9s %-22s %s\n' "$name" external "$host:$port" "$var=$(_mask_url "$url") (alcançável)"
        return 0
    fi
    printf '%-11s %-9s %-22s %s\n' "$name" external "$host:$port" "$var=$(_mask_url "$url") (INALCANÇÁVEL)"
    return 1
}

cmd_status() {
    require_root_user status
    local rc=0 pid
    printf 'instância: %s (perfil %s) | root: %s | dados: %s\n' "$INSTANCE" "$STACK_PROFILE" "$ROOT" "$HINST"
    if [[ ! -d "$ROOT" ]]; then
        printf 'root ainda não construído (rode scripts/stack.sh up)\n'
    fi

    if ((PG_EXTERNAL)); then
        _external_line postgresql DATABASE_URL "$DATABASE_URL" 5432 || rc=1
    elif pid="$(pg_pid 2>/dev/null)"; then
        printf '%-11s %-9s %-22s data=%s log=%s pid=%s\n' postgresql running "127.0.0.1:$TS_PG_PORT" "$ROOT$PG_DATA" "$ROOT$PG_LOG" "$pid"
    else
        printf '%-11s %-9s %-22s data=%s log=%s\n' postgresql stopped "127.0.0.1:$TS_PG_PORT" "$ROOT$PG_DATA" "$ROOT$PG_LOG"
        rc=1
    fi

    if ((MQTT_EXTERNAL)); then
        _external_line mosquitto MQTT_HOST "$MQTT_HOST" "${MQTT_PORT:-1883}" || rc=1
    elif pid="$(mq_pid 2>/dev/null)"; then
        printf '%-11s %-9s %-22s data=%s log=%s pid=%s tls=127.0.0.1:%s ca=%s\n' mosquitto running "127.0.0.1:$TS_MQTT_PORT" "$ROOT$MQ_DIR" "$ROOT$MQ_LOG" "$pid" "$TS_MQTT_TLS_PORT" "$TS_MQTT_CA_FILE"
    else
        printf '%-11s %-9s %-22s data=%s log=%s\n' mosquitto stopped "127.0.0.1:$TS_MQTT_PORT" "$ROOT$MQ_DIR" "$ROOT$MQ_LOG"
        rc=1
    fi

    if ((REDIS_EXTERNAL)); then
        _external_line redis REDIS_URL "$REDIS_URL" 6379 || rc=1
    elif pid="$(redis_pid 2>/dev/null)"; then
        printf '%-11s %-9s %-22s data=%s log=%s pid=%s\n' redis running "127.0.0.1:$TS_REDIS_PORT" "$ROOT$REDIS_DIR" "$ROOT$REDIS_LOG" "$pid"
    else
        printf '%-11s %-9s %-22s data=%s log=%s\n' redis stopped "127.0.0.1:$TS_REDIS_PORT" "$ROOT$REDIS_DIR" "$ROOT$REDIS_LOG"
        rc=1
    fi
    return "$rc"
}

# Nome da instância efetiva (fonte única: scripts/dev.sh e o código Python perguntam aqui).
cmd_instance() {
    printf '%s\n' "$INSTANCE"
}

# Variáveis de conexão efetivas, no formato `export K=V` (serve para
# `eval "$(scripts/stack.sh env)"`). Só imprime as que estão definidas.
cmd_env() {
    local var
    # TRAKSENSE_INSTANCE é a instância-base: com TS_STACK_PROFILE=test, a efetiva é `<base>-test`.
    # Dispositivos recebem o listener TLS local (a menos que o .env diga outro endereço público).
    : "${TS_MQTT_PUBLIC_HOST:=127.0.0.1}" "${TS_MQTT_PUBLIC_PORT:=$TS_MQTT_TLS_PORT}"
    : "${TS_MQTT_PUBLIC_CA_FILE:=$TS_MQTT_CA_FILE}"
    for var in TRAKSENSE_INSTANCE TS_STACK_PROFILE TS_PG_PORT TS_MQTT_PORT TS_MQTT_TLS_PORT TS_REDIS_PORT \
        TS_DB_NAME TS_PG_SUPERPASSWORD TS_DB_OWNER_PASSWORD TS_DB_API_PASSWORD TS_DB_INGEST_PASSWORD \
        DATABASE_SUPERUSER_URL DATABASE_OWNER_URL DATABASE_URL INGEST_DATABASE_URL \
        REDIS_URL MQTT_HOST MQTT_PORT TS_MQTT_CA_FILE \
        TS_MQTT_PUBLIC_HOST TS_MQTT_PUBLIC_PORT TS_MQTT_PUBLIC_CA_FILE \
        TS_MQTT_ADMIN_USER TS_MQTT_ADMIN_PASSWORD TS_MQTT_INGEST_USER TS_MQTT_INGEST_PASSWORD \
        TS_MQTT_API_USER TS_MQTT_API_PASSWORD TS_DEV_MQTT_PORT TS_DEV_INSTANCE; do
        if [[ "$var" == TRAKSENSE_INSTANCE ]]; then
            printf 'export %s=%q\n' "$var" "$BASE_INSTANCE"
        elif [[ "$var" == TS_STACK_PROFILE ]]; then
            printf 'export %s=%q\n' "$var" "$STACK_PROFILE"
        elif [[ -n "${!var+x}" ]]; then
            printf 'export %s=%q\n' "$var" "${!var}"
        fi
    done
}

cmd_psql() {
    require_root_user psql
    if ((PG_EXTERNAL)); then
        die "PostgreSQL é externo (DATABASE_URL do ambiente); use o psql do ambiente externo"
    fi
    pg_running || die "PostgreSQL local não está rodando (rode scripts/stack.sh up)"
    local db="${TS_DB_NAME:-postgres}" exists
    [[ "$db" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "TS_DB_NAME='$db' inválido"
    exists="$(in_root postgres "$PG_BIN/psql" -h /tmp -p "$TS_PG_PORT" -U postgres -d postgres -XtAq \
        -c "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>/dev/null || true)"
    if [[ "$exists" != 1 ]]; then
        warn "banco '$db' ainda não existe (db_bootstrap não rodou?); abrindo 'postgres'"
        db=postgres
    fi
    # Socket unix do root (auth trust) como superusuário `postgres`.
    in_root postgres TERM="${TERM:-dumb}" HOME=/var/lib/postgresql PAGER="${PAGER:-more}" \
        "$PG_BIN/psql" -h /tmp -p "$TS_PG_PORT" -U postgres -d "$db" "$@"
}

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

main() {
    local cmd="${1:-}"
    [[ $# -gt 0 ]] && shift
    case "$cmd" in
    up | down | status | reset | env | psql | stop-service | start-service | instance)
        init_config
        "cmd_$cmd" "$@"
        ;;
    -h | --help | help)
        usage
        ;;
    "")
        usage >&2
        exit 2
        ;;
    *)
        usage >&2
        die "comando desconhecido: '$cmd'" 2
        ;;
    esac
}

# ---------------------------------------------------------------------------
# Parar/subir um serviço isolado (testes de confiabilidade: banco ou broker fora por um tempo).
# Não refaz bootstrap nem provisionamento além do que o *_up de cada serviço já faz.
# ---------------------------------------------------------------------------

_service_fn() {
    case "${1:-}" in
    pg | postgresql) printf pg ;;
    mqtt | mosquitto) printf mq ;;
    redis) printf redis ;;
    *) die "serviço desconhecido: '${1:-}' (use pg, mqtt ou redis)" 2 ;;
    esac
}

cmd_stop-service() {
    require_root_user stop-service
    local fn
    fn="$(_service_fn "${1:-}")"
    lock_instance
    "${fn}_down"
}

cmd_start-service() {
    require_root_user start-service
    local fn
    fn="$(_service_fn "${1:-}")"
    lock_instance
    ensure_root
    prepare_instance_dirs
    "${fn}_up"
}

main "$@"
