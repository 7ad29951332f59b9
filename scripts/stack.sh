#!/usr/bin/env bash
# TrakSense — serviços locais de desenvolvimento SEM Docker.
#
# Sobe PostgreSQL 17 + TimescaleDB, Mosquitto 2.0 (dynamic security) e Redis 8
# dentro de um root Debian trixie (chroot) construído uma única vez com mmdebstrap
# e guardado em cache. Não usa nem toca nos serviços da máquina (5432/1883/6379):
# as portas vêm de <repo>/.env (TS_PG_PORT, TS_MQTT_PORT, TS_REDIS_PORT).
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
#
# Layout (caminhos dentro do root; no host, prefixe com o caminho do root):
#   /srv/traksense/<inst>/pg         PGDATA (postgresql.conf inclui traksense.conf)
#   /srv/traksense/<inst>/mosquitto  mosquitto.conf, dynamic-security.json, data/
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

REPO="$(repo_root)"

# ---------------------------------------------------------------------------
# Receita do root (mudar aqui exige reconstruir o root: ver ensure_root)
# ---------------------------------------------------------------------------
readonly ROOT_SUITE="trixie"
readonly ROOT_VARIANT="essential"
readonly ROOT_PACKAGES="postgresql-17,postgresql-17-timescaledb,mosquitto,redis-server"
readonly ROOT_MIRROR="http://deb.debian.org/debian"
readonly ROOT_RECIPE="suite=$ROOT_SUITE variant=$ROOT_VARIANT include=$ROOT_PACKAGES"
readonly ROOT_STAMP="/etc/traksense-root-recipe"

readonly PG_BIN="/usr/lib/postgresql/17/bin"
# PATH usado dentro do root (o ambiente do host nunca vaza para os serviços).
readonly ROOT_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Descritores de lock abertos por este processo; fechados antes de iniciar daemons,
# senão o daemon herdaria o fd e manteria o flock preso enquanto vivesse.
LOCK_FDS=()

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

# Carrega .env, detecta serviços externos e calcula caminhos. Chamada uma vez por comando.
init_config() {
    ensure_env "$REPO"
    # A detecção de externos precisa olhar o ambiente ANTES de load_env.
    PG_EXTERNAL=0 REDIS_EXTERNAL=0 MQTT_EXTERNAL=0
    if _is_external DATABASE_URL; then PG_EXTERNAL=1; fi
    if _is_external REDIS_URL; then REDIS_EXTERNAL=1; fi
    if _is_external MQTT_HOST; then MQTT_EXTERNAL=1; fi
    load_env "$REPO/.env"

    CACHE_DIR="${TRAKSENSE_CACHE:-${HOME:-/root}/.cache/traksense}"
    ROOT="$CACHE_DIR/trixie-root"
    # Sem TRAKSENSE_INSTANCE, a instância é a identidade do .env (hash do segredo do superusuário): um
    # clone novo (novo .env, novas senhas) nunca reaproveita dados inicializados com outras senhas, e o
    # mesmo .env sempre reencontra os seus dados.
    if [[ -z "${TRAKSENSE_INSTANCE:-}" ]]; then
        _require_var TS_PG_SUPERPASSWORD
        INSTANCE="env-$(printf '%s' "$TS_PG_SUPERPASSWORD" | sha256sum | cut -c1-12)"
    else
        INSTANCE="$TRAKSENSE_INSTANCE"
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
        _require_var TS_MQTT_ADMIN_USER TS_MQTT_ADMIN_PASSWORD \
            TS_MQTT_INGEST_USER TS_MQTT_INGEST_PASSWORD TS_MQTT_API_USER TS_MQTT_API_PASSWORD
    fi
}

require_root_user() {
    [[ "$(id -u)" -eq 0 ]] || die "scripts/stack.sh $1 precisa rodar como root (usa chroot/mmdebstrap)"
}

# Serializa up/down/reset da MESMA instância (lock fora do diretório da instância,
# pois o reset apaga esse diretório).
lock_instance() {
    local fd
    mkdir -p "$CACHE_DIR"
    exec {fd}>"$CACHE_DIR/instance-$INSTANCE.lock"
    LOCK_FDS+=("$fd")
    if ! flock -n "$fd"; then
        log "outra execução do stack.sh está operando a instância '$INSTANCE'; aguardando..."
        flock -w 600 "$fd" || die "timeout aguardando o lock da instância '$INSTANCE'"
    fi
}

# ---------------------------------------------------------------------------
# Root trixie (cache)
# ---------------------------------------------------------------------------

# Lista (uma por linha) os arquivos obrigatórios que faltam no root informado.
_root_missing() {
    local r="$1" f
    for f in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/postgres" "$PG_BIN/psql" "$PG_BIN/pg_isready" \
        /usr/lib/postgresql/17/lib/timescaledb.so \
        /usr/sbin/mosquitto /usr/bin/mosquitto_ctrl /usr/bin/redis-server /usr/bin/redis-cli; do
        [[ -e "$r$f" ]] || printf '%s\n' "$f"
    done
    compgen -G "$r/usr/lib/*/mosquitto_dynamic_security.so" >/dev/null ||
        printf '%s\n' "/usr/lib/<multiarch>/mosquitto_dynamic_security.so"
}

_install_mmdebstrap() {
    command -v mmdebstrap >/dev/null 2>&1 && return 0
    command -v apt-get >/dev/null 2>&1 || die "mmdebstrap não está instalado e não há apt-get para instalá-lo"
    log "instalando mmdebstrap (apt-get)..."
    # Só roda `apt-get update` se a instalação direta falhar (lista ausente/antiga).
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap >&2; then
        log "apt-get install falhou; rodando apt-get update e tentando de novo"
        apt-get update -q >&2 || die "apt-get update falhou"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap >&2 ||
            die "não foi possível instalar mmdebstrap"
    fi
}

# Constrói o root uma única vez (flock evita dois builds simultâneos; o `mv` final é
# atômico, então um $ROOT existente está sempre completo).
ensure_root() {
    local missing fd build_log
    if [[ -d "$ROOT" ]]; then
        missing="$(_root_missing "$ROOT")"
        [[ -z "$missing" ]] || die "root $ROOT está incompleto (faltam: $(tr '\n' ' ' <<<"$missing")). Reconstrua com: rm -rf '$ROOT' (isso apaga também os dados de TODAS as instâncias)"
        _check_root_recipe
        return 0
    fi

    mkdir -p "$CACHE_DIR"
    exec {fd}>"$CACHE_DIR/trixie-root.lock"
    LOCK_FDS+=("$fd")
    if ! flock -n "$fd"; then
        log "outro processo está construindo o root; aguardando..."
        flock -w 1800 "$fd" || die "timeout aguardando o build do root ($CACHE_DIR/trixie-root.lock)"
    fi
    if [[ -d "$ROOT" ]]; then # construído por outro processo enquanto esperávamos
        _release_lock "$fd"
        ensure_root
        return 0
    fi

    _install_mmdebstrap
    build_log="$CACHE_DIR/trixie-root.build.log"
    rm -rf "$ROOT.tmp"
    log "construindo root $ROOT_SUITE em $ROOT (uma vez; ~1 min). Log: $build_log"
    if ! mmdebstrap --variant="$ROOT_VARIANT" --include="$ROOT_PACKAGES" \
        "$ROOT_SUITE" "$ROOT.tmp" "$ROOT_MIRROR" >"$build_log" 2>&1; then
        tail -n 30 "$build_log" >&2 || true
        rm -rf "$ROOT.tmp"
        die "mmdebstrap falhou (log completo em $build_log)"
    fi
    missing="$(_root_missing "$ROOT.tmp")"
    if [[ -n "$missing" ]]; then
        rm -rf "$ROOT.tmp"
        die "root construído sem arquivos esperados: $(tr '\n' ' ' <<<"$missing")"
    fi
    printf '%s\n' "$ROOT_RECIPE" >"$ROOT.tmp$ROOT_STAMP"
    mv -T "$ROOT.tmp" "$ROOT"
    _release_lock "$fd"
    log "root pronto: $ROOT"
}

_release_lock() {
    local fd="$1" i
    exec {fd}>&-
    for i in "${!LOCK_FDS[@]}"; do
        [[ "${LOCK_FDS[$i]}" == "$fd" ]] && unset 'LOCK_FDS[i]'
    done
    return 0
}

# Avisa (sem reconstruir: os dados das instâncias moram dentro do root) se o root foi
# construído com outra receita.
_check_root_recipe() {
    local stamp="$ROOT$ROOT_STAMP"
    if [[ -f "$stamp" && "$(<"$stamp")" != "$ROOT_RECIPE" ]]; then
        warn "o root $ROOT foi construído com outra receita ($(<"$stamp")); a atual é ($ROOT_RECIPE)." \
            "Para reconstruir: scripts/stack.sh reset && rm -rf '$ROOT' && scripts/stack.sh up"
    fi
}

# ---------------------------------------------------------------------------
# Execução dentro do root
# ---------------------------------------------------------------------------

# uid:gid de um usuário segundo o /etc/passwd DO ROOT (os uids diferem dos do host).
root_ids() {
    local ids
    ids="$(awk -F: -v u="$1" '$1 == u { print $3 ":" $4 }' "$ROOT/etc/passwd")"
    [[ -n "$ids" ]] || die "usuário '$1' não existe em $ROOT/etc/passwd"
    printf '%s\n' "$ids"
}

# in_root USUÁRIO [VAR=valor ...] comando [args...]
# Executa no chroot com ambiente limpo (env -i), como o usuário do root informado.
in_root() {
    local user="$1" fd
    shift
    local -a envs=(PATH="$ROOT_PATH" LANG=C.UTF-8 TZ=UTC HOME=/)
    while (($#)) && [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do
        envs+=("$1")
        shift
    done
    local -a spec=()
    if [[ "$user" != root ]]; then
        spec=(--userspec="$(root_ids "$user")")
    fi
    (
        for fd in "${LOCK_FDS[@]}"; do
            exec {fd}>&-
        done
        exec env -i "${envs[@]}" chroot "${spec[@]}" "$ROOT" "$@"
    )
}

# Verdadeiro se o PID existe e roda dentro DESTE root (protege contra PID reaproveitado
# e contra confundir com os serviços do host).
pid_in_root() {
    local pid="$1" proot want
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    proot="$(readlink "/proc/$pid/root" 2>/dev/null)" || return 1
    want="$(readlink -f "$ROOT")"
    [[ "$proot" == "$want" ]]
}

# PID lido de um arquivo (caminho do host), se o processo estiver vivo no root.
_pid_from_file() {
    local file="$1" pid
    [[ -f "$file" ]] || return 1
    pid="$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')"
    pid_in_root "$pid" || return 1
    printf '%s\n' "$pid"
}

# Verdadeiro se algo aceita conexão TCP em 127.0.0.1:porta (ou host:porta).
tcp_open() {
    local host="$1" port="$2"
    # shellcheck disable=SC2016 # $1/$2 são expandidos pelo bash filho, de propósito
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# Espera um PID sumir por até N segundos.
_wait_pid_gone() {
    local pid="$1" secs="$2" i
    for ((i = 0; i < secs * 10; i++)); do
        [[ -d "/proc/$pid" ]] || return 0
        sleep 0.1
    done
    return 1
}

# Mostra as últimas linhas de um log (caminho dentro do root) em stderr.
_tail_log() {
    local f="$ROOT$1"
    if [[ -f "$f" ]]; then
        printf -- '--- últimas linhas de %s ---\n' "$f" >&2
        tail -n "${2:-20}" "$f" >&2 || true
    fi
}

# Avisa se a URL aponta para porta diferente da que o serviço local usa.
_check_url_port() {
    local var="$1" port="$2" url
    url="${!var:-}"
    [[ -n "$url" ]] || return 0
    if [[ "$url" =~ ^[a-z0-9+]+://([^@/]*@)?[^:/?]+:([0-9]+) && "${BASH_REMATCH[2]}" != "$port" ]]; then
        warn "$var usa a porta ${BASH_REMATCH[2]}, mas o serviço local escuta em $port"
    fi
    return 0
}

# Diretórios da instância com donos corretos (uids do root). Idempotente.
prepare_instance_dirs() {
    local pg_ids mq_ids rd_ids
    pg_ids="$(root_ids postgres)"
    mq_ids="$(root_ids mosquitto)"
    rd_ids="$(root_ids redis)"

    install -d -m 755 -o root -g root "$ROOT/srv/traksense" "$HINST" "$HINST/log"
    install -d -m 700 -o "${mq_ids%:*}" -g "${mq_ids#*:}" "$HINST/mosquitto" "$HINST/mosquitto/data"
    install -d -m 750 -o "${rd_ids%:*}" -g "${rd_ids#*:}" "$HINST/redis"
    # Logs pré-criados com o dono de cada serviço (todos gravam já sem privilégios).
    _ensure_owned_file "$ROOT$PG_LOG" "$pg_ids"
    _ensure_owned_file "$ROOT$MQ_LOG" "$mq_ids"
    _ensure_owned_file "$ROOT$REDIS_LOG" "$rd_ids"
}

_ensure_owned_file() {
    local f="$1" ids="$2"
    [[ -e "$f" ]] || : >"$f"
    chown "$ids" "$f"
    chmod 640 "$f"
}

# Escreve um arquivo só se o conteúdo mudou. Retorna 0 se mudou, 1 se igual.
# Uso: _write_if_changed <caminho host> <uid:gid> <modo> <<<"conteúdo"
_write_if_changed() {
    local dest="$1" ids="$2" mode="$3" tmp
    tmp="$(mktemp "$dest.XXXXXX")"
    cat >"$tmp"
    chown "$ids" "$tmp"
    chmod "$mode" "$tmp"
    if [[ -f "$dest" ]] && cmp -s "$tmp" "$dest"; then
        rm -f "$tmp"
        return 1
    fi
    mv -f "$tmp" "$dest"
    return 0
}

# ---------------------------------------------------------------------------
# PostgreSQL 17 + TimescaleDB
# ---------------------------------------------------------------------------

pg_pid() { _pid_from_file "$ROOT$PG_DATA/postmaster.pid"; }
pg_running() { pg_pid >/dev/null; }

pg_init() {
    [[ -f "$ROOT$PG_DATA/PG_VERSION" ]] && return 0
    if [[ -e "$ROOT$PG_DATA" ]]; then
        die "$ROOT$PG_DATA existe mas não é um cluster válido; rode: scripts/stack.sh reset"
    fi
    local ids tmpdata="$PG_DATA.init" pwfile="$INST/.initdb-pwfile"
    ids="$(root_ids postgres)"
    log "postgresql: initdb em $ROOT$PG_DATA"
    rm -rf "$ROOT$tmpdata"
    install -d -m 700 -o "${ids%:*}" -g "${ids#*:}" "$ROOT$tmpdata"
    (umask 077 && printf '%s\n' "$TS_PG_SUPERPASSWORD" >"$ROOT$pwfile")
    chown "$ids" "$ROOT$pwfile"
    # initdb em diretório temporário + mv: um initdb interrompido nunca deixa um
    # PGDATA pela metade no lugar definitivo.
    if ! in_root postgres "$PG_BIN/initdb" -D "$tmpdata" -U postgres \
        --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pwfile" \
        -E UTF8 --locale=C.UTF-8 --data-checksums --no-instructions \
        >"$ROOT$INST/log/initdb.log" 2>&1; then
        rm -f "$ROOT$pwfile"
        _tail_log "$INST/log/initdb.log" 30
        die "initdb falhou (log em $ROOT$INST/log/initdb.log)"
    fi
    rm -f "$ROOT$pwfile"
    mv -T "$ROOT$tmpdata" "$ROOT$PG_DATA"
}

# Gera traksense.conf e pg_hba.conf (reescritos a cada `up`; mudanças no .env valem no
# próximo start). Retorna 0 se algo mudou.
pg_configure() {
    local ids changed=1 conf="$ROOT$PG_DATA/postgresql.conf"
    ids="$(root_ids postgres)"
    if ! grep -q "^include_if_exists = 'traksense.conf'" "$conf"; then
        printf "\n# Configuração do TrakSense (gerada por scripts/stack.sh)\ninclude_if_exists = 'traksense.conf'\n" >>"$conf"
    fi
    if _write_if_changed "$ROOT$PG_DATA/traksense.conf" "$ids" 600 <<EOF
# Gerado por scripts/stack.sh — NÃO editar: reescrito a cada \`up\`.
# Ajustes locais: crie outro arquivo e inclua-o no postgresql.conf.

# Conexões: só loopback, na porta do projeto; socket unix em /tmp do root
# (/var/run do root é symlink e não queremos depender de /run).
listen_addresses = '127.0.0.1'
port = $TS_PG_PORT
unix_socket_directories = '/tmp'
max_connections = 300
password_encryption = scram-sha-256

# Memória (máquina de dev com folga de RAM)
shared_buffers = 512MB
work_mem = 16MB
maintenance_work_mem = 256MB
effective_cache_size = 4GB
# Sem /dev/shm gravável e sem /proc no chroot: memória dinâmica via SysV e sem
# huge pages (evita depender de /proc/meminfo).
dynamic_shared_memory_type = sysv
huge_pages = off

# TimescaleDB
shared_preload_libraries = 'timescaledb'
timescaledb.telemetry_level = off
timescaledb.max_background_workers = 8
max_worker_processes = 16

# WAL/checkpoints: menos checkpoints em cargas de ingestão; fsync continua ligado
# (durabilidade igual à de produção, só que com checkpoints mais espaçados).
fsync = on
synchronous_commit = on
wal_level = replica
wal_compression = on
max_wal_size = 2GB
min_wal_size = 256MB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9

# Planejador (disco local SSD/NVMe)
random_page_cost = 1.1

# Logs (stderr vai para $PG_LOG via pg_ctl -l)
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 1000
log_checkpoints = on
log_lock_waits = on
timezone = 'UTC'
log_timezone = 'UTC'
EOF
    then changed=0; fi

    if _write_if_changed "$ROOT$PG_DATA/pg_hba.conf" "$ids" 600 <<'EOF'
# Gerado por scripts/stack.sh — NÃO editar: reescrito a cada `up`.
# TYPE  DATABASE  USER  ADDRESS        METHOD
# Socket unix (só acessível de dentro do root): confiança, usado pelo `stack.sh psql`.
local   all       all                  trust
# TCP só em loopback, com senha SCRAM.
host    all       all   127.0.0.1/32   scram-sha-256
EOF
    then changed=0; fi
    return "$changed"
}

pg_up() {
    if ((PG_EXTERNAL)); then
        log "postgresql: externo (DATABASE_URL do ambiente); não será iniciado localmente"
        return 0
    fi
    _check_url_port DATABASE_URL "$TS_PG_PORT"
    pg_init
    local changed=1
    if pg_configure; then changed=0; fi
    if pg_running; then
        if ((changed == 0)); then
            warn "postgresql: configuração mudou; reinicie para aplicar (scripts/stack.sh down && scripts/stack.sh up)"
        fi
        log "postgresql: já está rodando (pid $(pg_pid), porta $TS_PG_PORT)"
    else
        if tcp_open 127.0.0.1 "$TS_PG_PORT"; then
            die "postgresql: a porta 127.0.0.1:$TS_PG_PORT já está em uso por outro processo; mude TS_PG_PORT no .env"
        fi
        log "postgresql: iniciando na porta $TS_PG_PORT"
        if ! in_root postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null; then
            _tail_log "$PG_LOG" 30
            die "postgresql: pg_ctl start falhou (log em $ROOT$PG_LOG)"
        fi
    fi
    local i
    for ((i = 0; i < 60; i++)); do
        if in_root postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$TS_PG_PORT"; then
            return 0
        fi
        sleep 0.5
    done
    _tail_log "$PG_LOG" 30
    die "postgresql: não ficou pronto em 30 s (pg_isready falhou na porta $TS_PG_PORT)"
}

pg_down() {
    if ! pg_running; then
        log "postgresql: já está parado"
        return 0
    fi
    log "postgresql: parando (pg_ctl stop -m fast)"
    if ! in_root postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast -w -t 60 >/dev/null; then
        warn "postgresql: stop -m fast não terminou em 60 s; usando -m immediate (haverá recovery no próximo start)"
        in_root postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m immediate -w -t 30 >/dev/null ||
            die "postgresql: não foi possível parar (pid $(pg_pid 2>/dev/null || echo '?'))"
    fi
}

# Cria roles/banco/extensão do projeto. Quem implementa é o backend (comando de
# management `db_bootstrap`, idempotente); aqui só chamamos se ele já existir.
run_db_bootstrap() {
    local py="$REPO/.venv/bin/python" manage="$REPO/backend/manage.py" cmd_file=""
    if ((PG_EXTERNAL)); then
        log "db_bootstrap: PostgreSQL externo; pulando (rode-o no ambiente externo)"
        return 0
    fi
    if [[ -d "$REPO/backend" ]]; then
        cmd_file="$(find "$REPO/backend" -path '*/management/commands/db_bootstrap.py' -print -quit 2>/dev/null || true)"
    fi
    if [[ ! -x "$py" || ! -f "$manage" || -z "$cmd_file" ]]; then
        log "db_bootstrap: AVISO — .venv/bin/python, backend/manage.py ou o comando db_bootstrap ainda não existem; pulando (roles/banco do projeto NÃO foram criados)"
        return 0
    fi
    log "db_bootstrap: manage.py db_bootstrap"
    (cd "$REPO" && "$py" "$manage" db_bootstrap) || die "db_bootstrap falhou (veja a saída acima)"
}

# ---------------------------------------------------------------------------
# Redis 8
# ---------------------------------------------------------------------------

redis_pid() { _pid_from_file "$ROOT$REDIS_PID"; }
redis_running() { redis_pid >/dev/null; }

redis_up() {
    if ((REDIS_EXTERNAL)); then
        log "redis: externo (REDIS_URL do ambiente); não será iniciado localmente"
        return 0
    fi
    _check_url_port REDIS_URL "$TS_REDIS_PORT"
    if redis_running; then
        log "redis: já está rodando (pid $(redis_pid), porta $TS_REDIS_PORT)"
        return 0
    fi
    if tcp_open 127.0.0.1 "$TS_REDIS_PORT"; then
        die "redis: a porta 127.0.0.1:$TS_REDIS_PORT já está em uso por outro processo; mude TS_REDIS_PORT no .env"
    fi
    log "redis: iniciando na porta $TS_REDIS_PORT"
    # Sem senha de propósito: só escuta em 127.0.0.1, numa porta do projeto, e a
    # REDIS_URL do .env não tem credencial. Sem persistência (--save "" e sem AOF):
    # é broker/cache do Celery em dev; filas se perdem num `down`.
    rm -f "$ROOT$REDIS_PID"
    if ! in_root redis /usr/bin/redis-server \
        --bind 127.0.0.1 --port "$TS_REDIS_PORT" --protected-mode yes \
        --save "" --appendonly no \
        --dir "$REDIS_DIR" --daemonize yes \
        --logfile "$REDIS_LOG" --pidfile "$REDIS_PID" >/dev/null; then
        _tail_log "$REDIS_LOG"
        die "redis: falha ao iniciar (log em $ROOT$REDIS_LOG)"
    fi
    local i
    for ((i = 0; i < 50; i++)); do
        if [[ "$(in_root redis /usr/bin/redis-cli -h 127.0.0.1 -p "$TS_REDIS_PORT" ping 2>/dev/null)" == PONG ]]; then
            return 0
        fi
        sleep 0.2
    done
    _tail_log "$REDIS_LOG"
    die "redis: não respondeu PING em 10 s (log em $ROOT$REDIS_LOG)"
}

redis_down() {
    local pid
    if ! pid="$(redis_pid)"; then
        log "redis: já está parado"
        rm -f "$ROOT$REDIS_PID"
        return 0
    fi
    log "redis: parando (shutdown nosave)"
    in_root redis /usr/bin/redis-cli -h 127.0.0.1 -p "$TS_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    if ! _wait_pid_gone "$pid" 10; then
        warn "redis: não parou com SHUTDOWN; enviando SIGTERM"
        kill -TERM "$pid" 2>/dev/null || true
        if ! _wait_pid_gone "$pid" 10; then
            warn "redis: enviando SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            _wait_pid_gone "$pid" 5 || die "redis: não foi possível parar o pid $pid"
        fi
    fi
    rm -f "$ROOT$REDIS_PID"
}

# ---------------------------------------------------------------------------
# Mosquitto 2.0 + dynamic security
# ---------------------------------------------------------------------------

mq_pid() { _pid_from_file "$ROOT$MQ_PID"; }
mq_running() { mq_pid >/dev/null; }

mq_configure() {
    local plugin
    plugin="$(compgen -G "$ROOT/usr/lib/*/mosquitto_dynamic_security.so" | head -n1)"
    plugin="${plugin#"$ROOT"}"
    _write_if_changed "$ROOT$MQ_CONF" 0:0 644 <<EOF || true
# Gerado por scripts/stack.sh — NÃO editar: reescrito a cada \`up\`.
# Sem segredos aqui: usuários/senhas/ACLs ficam no dynamic-security.json.

per_listener_settings false
listener $TS_MQTT_PORT 127.0.0.1
allow_anonymous false

# O broker é iniciado como root dentro do root e, depois de ler esta config, troca
# para o usuário \`mosquitto\` (do root). Por isso o diretório da instância, o
# dynamic-security.json e o log pertencem a esse usuário.
user mosquitto
pid_file $MQ_PID

# Persistência: sessões persistentes (clean session = false / session expiry > 0),
# assinaturas e mensagens QoS1/2 enfileiradas sobrevivem a um restart. O Mosquitto
# SEMPRE grava o banco ao encerrar limpo (SIGTERM, usado pelo \`down\`); o
# autosave_interval só limita a perda em caso de crash/kill -9. Cada autosave
# regrava o banco inteiro, então 1 s seria caro com filas grandes: 30 s é o meio-termo.
# ATENÇÃO (2.0.21, testado): só vai para o disco a sessão cuja ÚLTIMA conexão usou
# clean start = false. MQTT v5 com clean_start=true + Session Expiry > 0 funciona em
# memória, mas se perde num restart do broker. Consumidores duráveis (ingest) devem
# conectar com clean_start=false e Session Expiry > 0 (ou v3.1.1 clean_session=false).
persistence true
persistence_location $MQ_DIR/data
autosave_interval 30
autosave_on_changes false

# >>> ingest-reliability (ADR-004) — bloco do ingest; ao mover para scripts/lib, portar inteiro.
# Filas por sessão (offline ou lenta), do orçamento do ADR-004: 10 min de ingest fora a
# 2.500 msg/s = 1,5 M mensagens, e no máximo 1 GiB de payload (o que vier primeiro). Acima
# disso o broker descarta (já deu PUBACK ao dispositivo): o ingest vê o contador \$SYS abaixo
# e expõe ingest_broker_dropped_messages_total + log. As variáveis TS_MQTT_* só existem para
# os testes baixarem o limite (ingest/tests/test_broker_restart.py); não vão no .env.
max_queued_messages ${TS_MQTT_MAX_QUEUED_MESSAGES:-1500000}
max_queued_bytes ${TS_MQTT_MAX_QUEUED_BYTES:-1073741824}
queue_qos0_messages false
# \$SYS/broker/publish/messages/dropped é publicado (retido) a cada sys_interval quando muda.
sys_interval ${TS_MQTT_SYS_INTERVAL:-10}
# <<< ingest-reliability
# Mensagens QoS1/2 em voo (sem PUBACK) por cliente. O padrão (20) estrangula o
# consumidor de ingest numa assinatura compartilhada; 1000 mantém o pipeline cheio
# com latência de loopback. Dispositivos recebem poucos comandos, então não pesa
# para eles. Clientes MQTT v5 ainda podem reduzir via Receive Maximum.
max_inflight_messages 1000
set_tcp_nodelay true

log_dest file $MQ_LOG
log_type error
log_type warning
log_type notice
log_type information
connection_messages true
log_timestamp true
log_timestamp_format %Y-%m-%dT%H:%M:%S

plugin $plugin
plugin_opt_config_file $MQ_DYNSEC
EOF
}

# Cria o dynamic-security.json com o cliente admin (só na primeira vez).
mq_init_dynsec() {
    [[ -f "$ROOT$MQ_DYNSEC" ]] && return 0
    log "mosquitto: criando $ROOT$MQ_DYNSEC (admin: $TS_MQTT_ADMIN_USER)"
    local out
    if ! out="$(in_root mosquitto /usr/bin/mosquitto_ctrl dynsec init "$MQ_DYNSEC" \
        "$TS_MQTT_ADMIN_USER" "$TS_MQTT_ADMIN_PASSWORD" 2>&1)" || [[ ! -f "$ROOT$MQ_DYNSEC" ]]; then
        printf '%s\n' "$out" >&2
        die "mosquitto: mosquitto_ctrl dynsec init falhou"
    fi
    chmod 600 "$ROOT$MQ_DYNSEC"
}

mq_up() {
    if ((MQTT_EXTERNAL)); then
        log "mosquitto: externo (MQTT_HOST do ambiente); não será iniciado localmente"
        return 0
    fi
    if [[ "${MQTT_PORT:-$TS_MQTT_PORT}" != "$TS_MQTT_PORT" ]]; then
        warn "MQTT_PORT=$MQTT_PORT difere de TS_MQTT_PORT=$TS_MQTT_PORT (o broker local escuta em $TS_MQTT_PORT)"
    fi
    mq_configure
    mq_init_dynsec
    if mq_running; then
        log "mosquitto: já está rodando (pid $(mq_pid), porta $TS_MQTT_PORT)"
    else
        if tcp_open 127.0.0.1 "$TS_MQTT_PORT"; then
            die "mosquitto: a porta 127.0.0.1:$TS_MQTT_PORT já está em uso por outro processo; mude TS_MQTT_PORT no .env"
        fi
        log "mosquitto: iniciando na porta $TS_MQTT_PORT"
        rm -f "$ROOT$MQ_PID"
        if ! in_root root /usr/sbin/mosquitto -c "$MQ_CONF" -d; then
            _tail_log "$MQ_LOG"
            die "mosquitto: falha ao iniciar (log em $ROOT$MQ_LOG)"
        fi
        local i ok=0
        for ((i = 0; i < 100; i++)); do
            if mq_running && tcp_open 127.0.0.1 "$TS_MQTT_PORT"; then
                ok=1
                break
            fi
            sleep 0.1
        done
        if ((!ok)); then
            _tail_log "$MQ_LOG"
            die "mosquitto: não abriu a porta $TS_MQTT_PORT em 10 s (log em $ROOT$MQ_LOG)"
        fi
    fi
    mq_provision
}

mq_down() {
    local pid
    if ! pid="$(mq_pid)"; then
        log "mosquitto: já está parado"
        rm -f "$ROOT$MQ_PID"
        return 0
    fi
    # SIGTERM = encerramento limpo: o broker grava o banco de persistência antes de sair.
    log "mosquitto: parando (SIGTERM; grava a persistência)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! _wait_pid_gone "$pid" 30; then
        warn "mosquitto: não parou em 30 s; enviando SIGKILL (mensagens desde o último autosave podem se perder)"
        kill -KILL "$pid" 2>/dev/null || true
        _wait_pid_gone "$pid" 5 || die "mosquitto: não foi possível parar o pid $pid"
    fi
    rm -f "$ROOT$MQ_PID"
}

# --- dynsec via mosquitto_ctrl -----------------------------------------------
# ATENÇÃO (mosquitto_ctrl 2.0.21): o código de saída é 0 mesmo em erro ("Error: ...",
# "Connection error: Not authorized"), então o resultado é decidido pela saída.
# Senhas vão na linha de comando (visíveis no `ps` por um instante): aceitável num
# broker local de dev, só em loopback.

DYNSEC_OUT=""

# Roda `mosquitto_ctrl ... dynsec <args>`; guarda a saída (sem os avisos de "sem
# criptografia") em DYNSEC_OUT. Retorna 1 se a saída indicar erro.
dynsec() {
    local raw
    raw="$(in_root mosquitto /usr/bin/mosquitto_ctrl -h 127.0.0.1 -p "$TS_MQTT_PORT" \
        -u "$TS_MQTT_ADMIN_USER" -P "$TS_MQTT_ADMIN_PASSWORD" dynsec "$@" 2>&1)" || true
    DYNSEC_OUT="$(grep -v -e 'without encryption' -e 'configuration changes you are making' -e '^[[:space:]]*$' <<<"$raw" || true)"
    if grep -qiE 'error|not authori[sz]ed|refused|timed out' <<<"$DYNSEC_OUT"; then
        return 1
    fi
    return 0
}

# Falha com mensagem clara, tratando o caso típico de senha de admin divergente.
_dynsec_die() {
    if grep -qi 'not authori' <<<"$DYNSEC_OUT"; then
        die "mosquitto: o admin '$TS_MQTT_ADMIN_USER' foi recusado pelo broker — a senha do .env não bate com $ROOT$MQ_DYNSEC. Rode 'scripts/stack.sh reset' (apaga os dados da instância) ou restaure a senha antiga no .env"
    fi
    die "mosquitto: dynsec $1 falhou: $DYNSEC_OUT"
}

dynsec_ensure_role() {
    local role="$1"
    if dynsec getRole "$role"; then return 0; fi
    grep -q 'not found' <<<"$DYNSEC_OUT" || _dynsec_die "getRole $role"
    dynsec createRole "$role" || grep -q 'already exists' <<<"$DYNSEC_OUT" || _dynsec_die "createRole $role"
}

# dynsec_ensure_acl ROLE TIPO TÓPICO allow|deny
dynsec_ensure_acl() {
    local role="$1" type="$2" topic="$3" access="$4"
    dynsec addRoleACL "$role" "$type" "$topic" "$access" && return 0
    grep -q 'already exists' <<<"$DYNSEC_OUT" || _dynsec_die "addRoleACL $role $type $topic"
    # Já existe: garante que o allow/deny é o esperado (getRole lista "tipo : allow : tópico").
    dynsec getRole "$role" || _dynsec_die "getRole $role"
    if ! grep -qE "^[[:space:]]*(ACLs:)?[[:space:]]*${type}[[:space:]]+: ${access} : $(_regex_escape "$topic") " <<<"$DYNSEC_OUT"; then
        log "mosquitto: corrigindo ACL $role $type $topic -> $access"
        dynsec removeRoleACL "$role" "$type" "$topic" || _dynsec_die "removeRoleACL $role $type $topic"
        dynsec addRoleACL "$role" "$type" "$topic" "$access" || _dynsec_die "addRoleACL $role $type $topic"
    fi
}

_regex_escape() {
    # shellcheck disable=SC2001 # várias classes de caractere: sed é mais legível
    sed -e 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"
}

# Verdadeiro se a senha confere com o hash do dynamic-security.json (formato do dynsec
# 2.0: PBKDF2-HMAC-SHA512 com salt/iterations em base64). A senha vai por variável de
# ambiente, não por argv. Sem python3 no host, assume que não confere.
_dynsec_password_matches() {
    local user="$1" pass="$2"
    command -v python3 >/dev/null 2>&1 || return 1
    TS_DYNSEC_CHECK_PASSWORD="$pass" python3 - "$ROOT$MQ_DYNSEC" "$user" <<'PY' 2>/dev/null
import base64, hashlib, hmac, json, os, sys

with open(sys.argv[1], encoding="utf-8") as fh:
    data = json.load(fh)
for client in data.get("clients", []):
    if client.get("username") == sys.argv[2]:
        try:
            salt = base64.b64decode(client["salt"])
            expected = base64.b64decode(client["password"])
            iterations = int(client["iterations"])
        except (KeyError, ValueError):
            sys.exit(1)
        password = os.environ["TS_DYNSEC_CHECK_PASSWORD"].encode()
        got = hashlib.pbkdf2_hmac("sha512", password, salt, iterations, len(expected))
        sys.exit(0 if hmac.compare_digest(got, expected) else 1)
sys.exit(1)
PY
}

# dynsec_ensure_client USUÁRIO SENHA ROLE
dynsec_ensure_client() {
    local user="$1" pass="$2" role="$3" info
    if dynsec getClient "$user"; then
        info="$DYNSEC_OUT"
        # Mantém a senha do dynsec igual à do .env (o .env é a fonte da verdade). Só troca
        # se divergir: setClientPassword DERRUBA as conexões ativas desse usuário
        # ("administrative action"), e um `up` repetido não pode desconectar o ingest.
        if ! _dynsec_password_matches "$user" "$pass"; then
            log "mosquitto: atualizando a senha de $user conforme o .env (conexões dele serão derrubadas)"
            dynsec setClientPassword "$user" "$pass" || _dynsec_die "setClientPassword $user"
        fi
    else
        grep -q 'not found' <<<"$DYNSEC_OUT" || _dynsec_die "getClient $user"
        log "mosquitto: criando cliente $user"
        dynsec createClient "$user" -p "$pass" || _dynsec_die "createClient $user"
        dynsec getClient "$user" || _dynsec_die "getClient $user"
        info="$DYNSEC_OUT"
    fi
    # addClientRole repetido responde "Internal error" no 2.0.21: checar antes.
    if ! grep -qE "(Roles:|^)[[:space:]]+$(_regex_escape "$role") \(priority" <<<"$info"; then
        dynsec addClientRole "$user" "$role" || _dynsec_die "addClientRole $user $role"
    fi
}

# Contas de serviço e ACLs (idempotente; roda a cada `up`).
mq_provision() {
    log "mosquitto: garantindo ACLs/contas de serviço (dynsec)"
    local i
    # Logo após o start o plugin pode ainda não responder: algumas tentativas.
    for ((i = 0; i < 20; i++)); do
        if dynsec getDefaultACLAccess; then break; fi
        grep -qi 'not authori' <<<"$DYNSEC_OUT" && _dynsec_die getDefaultACLAccess
        sleep 0.25
    done
    ((i < 20)) || _dynsec_die getDefaultACLAccess

    # Padrões globais:
    #  - publishClientSend deny: só publica quem tem ACL explícita.
    #  - subscribe deny: só assina quem tem ACL explícita; como TODA assinatura passa por
    #    esse filtro, ele já define o que cada cliente pode receber.
    #  - publishClientReceive allow: por isso não repetimos a checagem na entrega
    #    (um dispositivo que pode assinar o próprio .../cmd recebe o comando sem ACL
    #    extra). Também é o comportamento do EMQX em produção, que não tem checagem
    #    de "receive" — mantém dev e prod equivalentes.
    #  - unsubscribe allow: cancelar assinatura nunca é risco.
    dynsec setDefaultACLAccess publishClientSend deny || _dynsec_die "setDefaultACLAccess"
    dynsec setDefaultACLAccess publishClientReceive allow || _dynsec_die "setDefaultACLAccess"
    dynsec setDefaultACLAccess subscribe deny || _dynsec_die "setDefaultACLAccess"
    dynsec setDefaultACLAccess unsubscribe allow || _dynsec_die "setDefaultACLAccess"

    # Ingest: consome toda a árvore traksense/ via assinatura compartilhada.
    # No 2.0.21 o dynsec checa a assinatura compartilhada pelo filtro COMPLETO
    # ("$share/<grupo>/traksense/..."): `traksense/#` sozinho NÃO autoriza
    # `$share/g/traksense/#` (SUBACK 0x80), por isso a ACL explícita com `+` no grupo.
    dynsec_ensure_role traksense-ingest
    dynsec_ensure_acl traksense-ingest subscribePattern 'traksense/#' allow
    # shellcheck disable=SC2016 # "$share" é literal do MQTT, não variável
    dynsec_ensure_acl traksense-ingest subscribePattern '$share/+/traksense/#' allow
    dynsec_ensure_acl traksense-ingest publishClientReceive 'traksense/#' allow
    # >>> ingest-reliability (ADR-004): contador de descartes do broker (métrica e log no ingest).
    # shellcheck disable=SC2016 # "$SYS" é literal do MQTT, não variável
    dynsec_ensure_acl traksense-ingest subscribePattern '$SYS/broker/publish/messages/dropped' allow
    # <<< ingest-reliability
    dynsec_ensure_client "$TS_MQTT_INGEST_USER" "$TS_MQTT_INGEST_PASSWORD" traksense-ingest

    # API: publica comandos e acompanha os acks dos dispositivos.
    dynsec_ensure_role traksense-api
    dynsec_ensure_acl traksense-api publishClientSend 'traksense/+/+/+/cmd' allow
    dynsec_ensure_acl traksense-api subscribePattern 'traksense/+/+/+/ack' allow
    dynsec_ensure_acl traksense-api publishClientReceive 'traksense/+/+/+/ack' allow
    dynsec_ensure_client "$TS_MQTT_API_USER" "$TS_MQTT_API_PASSWORD" traksense-api
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
    printf 'instância: %s | root: %s | dados: %s\n' "$INSTANCE" "$ROOT" "$HINST"
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
        printf '%-11s %-9s %-22s data=%s log=%s pid=%s\n' mosquitto running "127.0.0.1:$TS_MQTT_PORT" "$ROOT$MQ_DIR" "$ROOT$MQ_LOG" "$pid"
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
    for var in TRAKSENSE_INSTANCE TS_PG_PORT TS_MQTT_PORT TS_REDIS_PORT \
        TS_DB_NAME TS_PG_SUPERPASSWORD TS_DB_OWNER_PASSWORD TS_DB_API_PASSWORD TS_DB_INGEST_PASSWORD \
        DATABASE_SUPERUSER_URL DATABASE_OWNER_URL DATABASE_URL INGEST_DATABASE_URL \
        REDIS_URL MQTT_HOST MQTT_PORT \
        TS_MQTT_ADMIN_USER TS_MQTT_ADMIN_PASSWORD TS_MQTT_INGEST_USER TS_MQTT_INGEST_PASSWORD \
        TS_MQTT_API_USER TS_MQTT_API_PASSWORD; do
        if [[ "$var" == TRAKSENSE_INSTANCE ]]; then
            printf 'export %s=%q\n' "$var" "$INSTANCE"
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
    "${fn}_up"
}

main "$@"
